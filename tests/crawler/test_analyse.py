"""The parse worker's task: bytes in, statuses and findings out, capped (issue 15 §5-6)."""

from __future__ import annotations

import functools
import random
from dataclasses import replace

from core.config import DocumentsSettings
from crawler.analyse import analyse
from detectors import bulk
from documents import DocumentPool
from testkit import samples, synthetic

KEY = b"analyse"
rng = random.Random(7)
ID_SHAPED = "\n".join(synthetic.thai_id(rng) for _ in range(20_000)).encode()
LIST = "\n".join(f"{n}\tนาย ทดสอบ ระบบ\t{synthetic.thai_id(rng)}\t" for n in range(300)).encode()


def settings(**caps: int) -> DocumentsSettings:
    return replace(DocumentsSettings(), **caps)


def test_a_document_past_the_findings_cap_ends_too_large_with_what_was_found() -> None:
    (doc,) = analyse(ID_SHAPED, "huge.txt", None, settings(max_findings=1000, bulk_unlabelled=10_000), KEY)
    assert doc.status == "too_large" and "documents.max_findings" in doc.reason
    assert len(doc.findings) == 1000
    assert doc.pages == (), "no text leaves the worker"


def test_text_past_the_text_cap_is_not_read() -> None:
    (doc,) = analyse(ID_SHAPED, "huge.txt", None, settings(max_text_chars=14_000, bulk_unlabelled=10_000), KEY)
    assert doc.status == "too_large" and "documents.max_text_chars" in doc.reason
    assert len(doc.findings) == 1000


def test_thousands_of_unlabelled_numbers_are_one_flagged_finding() -> None:
    (doc,) = analyse(ID_SHAPED, "huge.txt", None, settings(), KEY)
    assert [f.kind for f in doc.findings] == [bulk.KIND]
    assert doc.findings[0].numbers == DocumentsSettings().max_findings


def test_a_list_of_named_people_is_never_folded() -> None:
    (doc,) = analyse(LIST, "list.txt", None, settings(bulk_unlabelled=10), KEY)
    assert doc.status == "ok"
    assert len(doc.findings) == 300 and {f.kind for f in doc.findings} == {"thai_id"}


def test_the_pool_runs_the_task_in_a_worker_and_returns_no_text() -> None:
    cap = 1000
    with DocumentPool(settings(max_findings=cap), workers=1) as pool:
        (doc,) = pool.parse(ID_SHAPED, "huge.txt", None, functools.partial(analyse, key=KEY))
    assert doc.status == "too_large" and len(doc.findings) == 1 and doc.findings[0].numbers == cap
    assert doc.pages == ()


def test_the_pages_ocrd_are_counted_when_the_pages_are_dropped() -> None:
    """Two scanned pages, OCR capped at one: the sweep's OCR rate counts the one page read."""
    lines = [samples.person_lines(samples.people(rng, 3)) for _ in range(2)]
    scan = samples.images_to_pdf(samples.scanned(samples.reportlab_pdf(lines), rng))
    (doc,) = analyse(scan, "scan.pdf", None, settings(ocr=True, ocr_max_pages=1), KEY)
    assert doc.status == "ocr" and doc.pages == ()
    assert doc.ocr_pages == 1
    (text,) = analyse(LIST, "list.txt", None, settings(), KEY)
    assert text.ocr_pages == 0
