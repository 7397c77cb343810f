"""The hard layouts, printed by the real producers, read end to end: every leak form found, no decoy.

One allowance list (IDs in every form wrapping in a narrow column, bank accounts, masked IDs and
phones), one สขร.1 procurement summary (firms' tax IDs, sole traders' personal numbers, the agency's
099 number beside the officer's name) and two forms with boxed digits (a row of thirteen boxes, and
boxes grouped 1-4-5-2-1 after the label), each printed by Chromium, LibreOffice Writer and
LibreOffice Calc. About 20 s (the printing). The scans of the box forms are a slow test (OCR):
``pytest -m slow tests/simweb/test_layouts.py``.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from detectors.fingerprint import fingerprint
from detectors.registry import scan
from documents import extract
from simweb import layouts

KEY = b"test-key"


@pytest.fixture(scope="module")
def printed() -> list[layouts.Document]:
    rng = random.Random(1606)
    made = [
        layouts.allowance_list(rng, "pikan", 10),
        layouts.procurement_summary(rng, "skr1", 4),
        layouts.box_form(rng, "form"),
        layouts.grouped_box_form(rng, "kamrong"),
    ]
    return layouts.produce(made)


def _found(doc: layouts.Document) -> set[str]:
    (parsed,) = extract(doc.data, doc.name)
    return {f.fingerprint for page in parsed.pages for f in scan(page.text, KEY, page=page.number)}


def test_every_form_from_every_producer_is_found_and_no_decoy(printed: list[layouts.Document]) -> None:
    total: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    false = 0
    for doc in printed:
        found = _found(doc)
        truth = {fingerprint(leak.value, KEY) for leak in doc.leaks}
        false += len(found - truth)
        for leak in set(doc.leaks):
            total[doc.producer, leak.form] += 1
            hits[doc.producer, leak.form] += fingerprint(leak.value, KEY) in found
    assert {producer for producer, _ in total} == set(layouts.PRODUCERS)
    recall = {key: hits[key] / count for key, count in total.items()}
    assert min(recall.values()) >= 0.97, {key: value for key, value in recall.items() if value < 0.97}
    assert false == 0


@pytest.mark.slow
def test_ids_in_form_boxes_are_found_on_scans_from_every_producer(printed: list[layouts.Document]) -> None:
    """Scans (150-200 dpi, skewed, JPEG) of both box forms from every producer: every boxed ID."""
    forms = [doc for doc in printed if doc.name.startswith(("form", "kamrong"))]
    scanned = layouts.scans(forms, random.Random(1607))
    missed = [
        doc.name
        for doc in scanned
        for leak in doc.leaks
        if leak.form.startswith("boxed") and fingerprint(leak.value, KEY) not in _found(doc)
    ]
    assert len(scanned) == 6
    assert missed == []
