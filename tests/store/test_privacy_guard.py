"""The store's last guard knows every form masking hides: one definition of a loose run (issue 15)."""

from __future__ import annotations

import random

import pytest

from detectors.mask import mask_loose
from simweb.hostile import separator_forms
from store.privacy import holds_full_id
from testkit import synthetic

ID = synthetic.thai_id(random.Random(16))


@pytest.mark.parametrize("form", sorted(separator_forms(ID)))
def test_the_guard_refuses_an_id_in_any_form_and_accepts_it_masked(form: str) -> None:
    written = f"ข้อความ {separator_forms(ID)[form]} ท้าย"
    refused, masked_refused = holds_full_id(written), holds_full_id(mask_loose(written))  # never print the ID
    assert refused, form
    assert not masked_refused, form


def test_the_guard_accepts_masked_forms_and_short_numbers() -> None:
    assert not holds_full_id(f"{ID[:9]}XXXX and {synthetic.official(ID[:9] + 'XXXX')}")
    assert not holds_full_id("เลขที่ 12/2567 วันที่ 1 ม.ค. 2567")
