from __future__ import annotations

import random
import time

import pypdfium2 as pdfium

from core.config import DocumentsSettings
from documents import extract
from documents.model import CORRUPT, OK, TOO_LARGE
from documents.pdf import CANDIDATE, screen_pages
from testkit import samples

RNG = random.Random(7)
PEOPLE = samples.people(RNG, 3)
ID_LINES = [f"{index} {p.thai_id} {p.phone}" for index, p in enumerate(PEOPLE, 1)]


def test_only_pages_with_candidate_digit_runs_are_reread() -> None:
    pdf = samples.pages_pdf(
        [samples.text_content(["no numbers here at all, page 1"]), samples.text_content(ID_LINES)]
    )
    document = pdfium.PdfDocument(pdf)
    screen = screen_pages(document, 100)
    assert screen.candidates == [1]
    assert screen.total == 2


def test_candidate_pattern_accepts_separated_and_thai_digits_but_not_dates() -> None:
    assert CANDIDATE.search("โทร ๐๘๑-๒๓๔-๕๖๗๘")
    assert CANDIDATE.search("1 2345 67890 12 3")
    assert not CANDIDATE.search("วันที่ 12/05/2567 เวลา 10.30 น. หน้า 3")


def test_ten_thousand_pages_stop_at_the_page_cap_quickly() -> None:
    pdf = samples.many_pages_pdf(10_000, ID_LINES[:1])
    started = time.monotonic()
    [doc] = extract(pdf, "many.pdf", settings=DocumentsSettings(max_pages=500))
    assert time.monotonic() - started < 20
    assert doc.status == TOO_LARGE
    assert len(doc.pages) == 500
    assert "500 of 10000" in doc.reason


def test_ten_million_no_op_operators_end_within_the_budget_with_the_ids() -> None:
    pdf = samples.noop_flood_pdf(10_000_000, ID_LINES)
    assert len(pdf) < 100_000
    started = time.monotonic()
    [doc] = extract(pdf, "flood.pdf", settings=DocumentsSettings(timeout_seconds=5))
    assert time.monotonic() - started < 30  # budget 2 s + pdfium; generous for a shared machine
    assert doc.status == OK
    assert "pdfminer" in doc.reason
    assert {p.thai_id for p in PEOPLE} <= {d for d in doc.text.split() if len(d) == 13}


def test_truncated_pdf_is_corrupt_with_a_reason() -> None:
    pdf = samples.pages_pdf([samples.text_content(ID_LINES)])
    [doc] = extract(pdf[: len(pdf) // 2], "cut.pdf")
    assert doc.status == CORRUPT
    assert doc.reason


def test_page_tree_loop_is_corrupt_not_a_hang() -> None:
    started = time.monotonic()
    [doc] = extract(samples.loop_pdf(), "loop.pdf")
    assert time.monotonic() - started < 5
    assert doc.status == CORRUPT


def test_pdf_after_junk_prefix_is_still_read() -> None:
    pdf = b"\xef\xbb\xbfjunk before the header\n" + samples.pages_pdf([samples.text_content(ID_LINES)])
    [doc] = extract(pdf, "prefixed.pdf")
    assert doc.status == OK
    assert PEOPLE[0].thai_id in doc.text


def test_pdf_with_only_an_owner_password_is_read_not_reported_encrypted() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    restricted = StandardEncryption("", ownerPassword="owner", canPrint=1, canCopy=0)
    pdf = samples.reportlab_pdf([ID_LINES], encrypt=restricted)
    [doc] = extract(pdf, "restricted.pdf")
    assert doc.status == OK
    assert PEOPLE[0].thai_id in doc.text
