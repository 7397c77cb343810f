"""Every format simweb serves parses with ``documents`` and shows exactly the digits the truth says."""

from __future__ import annotations

import dataclasses
import re

import pytest

import documents
from detectors.fingerprint import fingerprint
from simweb import SimWeb, formats
from simweb.content import Content, content_for, format_id, format_phone, x4
from simweb.model import FORMATS, OCR_FORMATS, DocPlan
from simweb.plan import SitePlan
from simweb.testing import TEST_KEY, fetch
from simweb.world import member_stem

_SEPARATORS = re.compile(r"[\s\-.\u200b\u00a0\u2013]")
_THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙０１２３４５６７８９", "01234567890123456789")


def digits_of(text: str) -> str:
    """Thai digits made ASCII, +66 made 0, separators removed: a printed ID becomes 13 digits in a row."""
    return _SEPARATORS.sub("", text.translate(_THAI)).replace("+66", "0")


def first_doc(web: SimWeb, fmt: str) -> tuple[SitePlan, DocPlan]:
    for index, spec in enumerate(web.sites):
        if "dead" in spec.faults:
            continue
        plan = web.world.plan(index)
        for doc in plan.live_docs:
            if doc.fmt == fmt and not doc.fault and doc.kind not in ("form", "news"):
                return plan, doc
    raise LookupError(fmt)


def extracted_text(data: bytes, name: str, content_type: str | None = None) -> tuple[list[str], str]:
    parsed = documents.extract(data, name=name, content_type=content_type)
    return [p.status for p in parsed], "\n".join(page.text for p in parsed for page in p.pages)


def test_id_and_phone_forms_print_the_same_digits() -> None:
    assert format_id("1234567890121", "official") == "1-2345-67890-12-1"
    assert format_id("1234567890121", "thai_digits") == "๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑"
    assert format_phone("0812345678", "intl") == "+66 81 234 5678"
    assert format_phone("021234567", "dash") == "02-123-4567"
    assert x4("1-2345-67890-12-1") == "1-2345-6789X-XX-X"
    assert x4("๐๘๑-๒๓๔-๕๖๗๘") == "๐๘๑-๒๓๔-XXXX"


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "html"])
def test_format_parses_and_shows_full_ids_and_hides_masked_ones(simweb_server: SimWeb, fmt: str) -> None:
    plan, doc = first_doc(simweb_server, fmt)
    for leak in ("all", "masked"):
        variant = dataclasses.replace(doc, leak=leak, kind="applicants")
        content = content_for(1, plan.lao.code, plan.lao.display_name, variant, 0, rich=True)
        data = formats.render(fmt, content, member_stem(doc))
        statuses, text = extracted_text(data, f"x.{formats.extension(fmt)}")
        assert set(statuses) == ({"ocr"} if fmt in OCR_FORMATS else {"ok"})
        assert_digits_match(content, digits_of(text), ocr=fmt in OCR_FORMATS)


def assert_digits_match(content: Content, digits: str, *, ocr: bool) -> None:
    """Every number printed in full is in the text (80% after OCR), no masked one is."""
    full = [p.canonical for p in content.printed if p.full]
    masked = [p.canonical for p in content.printed if not p.full]
    assert full or masked
    found = [c for c in full if c in digits]
    assert len(found) >= (0.8 * len(full) if ocr else len(full))
    assert not [c for c in masked if c in digits]


@pytest.mark.parametrize("fmt", ["pdf", "html", "xlsx", "docx", "xls", "csv", "zip"])
def test_served_leaking_document_matches_the_truth(simweb_server: SimWeb, fmt: str) -> None:
    truth = {d.url: d for d in simweb_server.truth(TEST_KEY).documents}
    for index in range(len(simweb_server.sites)):
        plan = simweb_server.world.plan(index)
        for doc in plan.live_docs:
            key = plan.doc_url(doc) + (f"!{member_stem(doc)}.pdf" if fmt == "zip" else "")
            if doc.fmt == fmt and key in truth and truth[key].leaks and not truth[key].unreachable:
                page = fetch(simweb_server, plan.doc_url(doc))
                _, text = extracted_text(page.body, plan.file_name(doc), page.headers["content-type"])
                printed = simweb_server.world.content(plan, doc).printed
                full = {p.canonical for p in printed if p.full and p.kind != "juristic_id"}
                assert truth[key].leaks == {
                    (p.kind, fingerprint(p.canonical, TEST_KEY)) for p in printed if p.full and p.kind != "juristic_id"
                }
                assert all(c in digits_of(text) for c in full)
                return
    pytest.fail(f"no reachable leaking {fmt} document in the test web")
