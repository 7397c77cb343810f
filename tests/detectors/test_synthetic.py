"""The synthetic generator: valid by construction, forms that mean what they say."""

from __future__ import annotations

import random

import phonenumbers
from stdnum.th import moa, pin

from detectors.normalize import compact
from testkit import synthetic


def test_generated_numbers_are_what_they_claim() -> None:
    rng = random.Random(1)
    for _ in range(200):
        assert pin.is_valid(synthetic.thai_id(rng))
        assert not pin.is_valid(synthetic.bad_checksum_id(rng))
        assert moa.is_valid(synthetic.juristic_id(rng))
        for number in (synthetic.mobile(rng), synthetic.landline(rng)):
            assert phonenumbers.is_valid_number(phonenumbers.parse(number, "TH"))


def test_leak_forms_keep_the_digits_and_masked_forms_hide_four() -> None:
    number = synthetic.thai_id(random.Random(2))
    for form in synthetic.ID_FORMS.values():
        assert compact(form(number)) == number
    for form in synthetic.MASKED_ID_FORMS.values():
        assert compact(form(number)).count("X") == 4


def test_allowance_list_truth_matches_its_text() -> None:
    doc = synthetic.allowance_list(random.Random(3), 300)
    assert doc.truth
    kinds = {kind for kind, _ in doc.truth}
    assert kinds <= {"thai_id", "phone", "juristic_id"}
    assert doc.text.count("\n") >= 300


def test_lao_page_has_numbers_but_no_identifier() -> None:
    from detectors.registry import KINDS, scan

    page = synthetic.lao_page(random.Random(4), paragraphs=200)
    assert any(ch.isdigit() for ch in page)
    assert scan(page, b"k", kinds=KINDS) == []
