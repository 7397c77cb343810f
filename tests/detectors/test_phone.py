"""Thai phone numbers in running text: one named table row per form or decoy."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from detectors import errors, phone
from detectors.registry import scan
from testkit import synthetic
from testkit.synthetic import THAI_DIGITS

KEY = b"test-key"
ZW = "\u200b"
rng = random.Random(77)
MOBILE = synthetic.mobile(rng)
LAND = synthetic.landline(rng)
"""A 9-digit landline (02 + 7 or a 3-digit area code + 6)."""
X4_ID = synthetic.official(synthetic.thai_id(rng)[:9] + "XXXX")
"""An X4-masked ID in the official layout, as a table row puts it before a phone."""


def dashed(number: str) -> str:
    return f"{number[:3]}-{number[3:6]}-{number[6:]}"


def phones(text: str) -> list[str]:
    return [f.masked for f in scan(text, KEY, kinds=("phone",))]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        pytest.param(f"โทร. {dashed(MOBILE)}", dashed(MOBILE)[:-4] + "XXXX", id="mobile_dashed"),
        pytest.param(f"โทร{MOBILE}", MOBILE[:-4] + "XXXX", id="mobile_glued_to_label"),
        pytest.param(f"มือถือ {MOBILE.translate(THAI_DIGITS)}", None, id="mobile_thai_digits"),
        pytest.param(f"Tel: +66 {MOBILE[1:3]} {MOBILE[3:6]} {MOBILE[6:]}", None, id="international"),
        pytest.param("โทร +66 2 123 4567", "+66 2 123 XXXX", id="international_bangkok"),
        pytest.param(f"โทร {dashed(LAND)}-8", phone.mask(dashed(LAND)), id="number_range_suffix"),
        pytest.param(f"โทรศัพท์ {dashed(LAND)}", None, id="landline_dashed"),
        pytest.param(f"โทร 0-{LAND[1:5]}-{LAND[5:]}", None, id="landline_office_grouping"),
        pytest.param(f"3 {MOBILE} นาย ก", MOBILE[:-4] + "XXXX", id="after_row_number"),
        pytest.param(f"เบอร์ {MOBILE[:3]}\u200b{MOBILE[3:]}", MOBILE[:-4] + "XXXX", id="zero_width_inside"),
        # A mask ending the number before a phone is that number's X4 tail, not a mask over the phone
        # (the crawler's misses: ID cell, then phone cell, in one table row).
        pytest.param(f"{X4_ID}\t0-{LAND[1:5]}-{LAND[5:]}", f"0-{LAND[1:5]}-XXXX", id="after_masked_id_in_row"),
        pytest.param(f"{X4_ID}\t{MOBILE}", MOBILE[:-4] + "XXXX", id="compact_mobile_after_masked_id"),
        pytest.param(f"{X4_ID} \t{dashed(MOBILE)}", None, id="after_masked_id_docx_cell"),
        pytest.param(f"{X4_ID[:-5]}\n{X4_ID[-5:]}\n{LAND}", None, id="after_masked_id_wrapped_pdf"),
        pytest.param(f"1234{ZW}56789{ZW}XXXX\t{LAND}", LAND[:-4] + "XXXX", id="after_zero_width_masked_id"),
        pytest.param(f"{MOBILE[:6]}XXXX\t{dashed(MOBILE)}", None, id="after_compact_masked_phone"),
        pytest.param(f"{dashed(MOBILE)[:-4]}XXXX {MOBILE}", None, id="after_dashed_masked_phone"),
        pytest.param(f"{X4_ID}\t{MOBILE.translate(THAI_DIGITS)}", None, id="thai_digits_after_masked_id"),
        pytest.param(f"3\tนาง ก\t{MOBILE}\tผ่าน", MOBILE[:-4] + "XXXX", id="compact_mobile_in_table_cell"),
        pytest.param(f"3\tนาง ก\t{dashed(MOBILE).translate(THAI_DIGITS)}\tผ่าน", None, id="thai_digits_in_table_cell"),
        pytest.param(f"โทร. {dashed(MOBILE)[:8]}\n{MOBILE[6:]}", f"{dashed(MOBILE)[:8]} XXXX", id="hyphen_wrapped"),
        pytest.param(f"โทร. {dashed(LAND)[:8]} \n {LAND[6:]} นาย ก", None, id="landline_wrapped_after_hyphen"),
        # Inside one table cell (the PDF reader's cell wrap, U+2028) a number may wrap anywhere.
        pytest.param(f"นาย ก ¦ {MOBILE[:5]}\u2028{MOBILE[5:]} ¦ 30/2568", None, id="wrapped_in_a_cell"),
        pytest.param(
            f"นาย ก ¦ {dashed(MOBILE)[:7]}\u2028{dashed(MOBILE)[7:]} ¦ 600.00", None, id="hyphen_opens_next_line"
        ),
        pytest.param(f"โทร. 0 {LAND[1:5]} {LAND[5:]}", f"0 {LAND[1:5]} XXXX", id="landline_spaced_office_grouping"),
    ],
)
def test_phone_is_found_once_in_x4_form(text: str, masked: str | None) -> None:
    results = phones(text)
    assert len(results) == 1, results
    if masked is not None:
        assert results[0] == masked
    assert results[0].count("X") == 4


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"โทร {dashed(MOBILE)[:-4]}XXXX", id="x4_back"),
        pytest.param(f"โทร {MOBILE[:-4]}xxxx", id="lower_x_compact"),
        pytest.param(f"โทร {MOBILE[:3]}-***-{MOBILE[6:]}", id="stars_middle"),
        pytest.param(f"โทร XXX-XXX-{MOBILE[6:]}", id="x_front"),
        pytest.param(f"โทร ¦ {MOBILE[:5]} ¦ {MOBILE[5:]}", id="two_cells"),
        pytest.param(f"โทร XX {MOBILE}", id="mask_token_before"),
        pytest.param(f"โทร {MOBILE[:7]}###", id="hashes"),
        pytest.param(f"เลขที่ 9{MOBILE}", id="inside_longer_run"),
        pytest.param("โทร 0000000000", id="unassigned_number"),
        pytest.param(f"เลขที่โครงการ {random.Random(1).randrange(10**10, 10**11)}", id="eleven_digit_project"),
        pytest.param(f"โทร 0-8{MOBILE[2:5]}-{MOBILE[5:]}0-XX-X", id="masked_id_with_phone_prefix"),
        pytest.param(f"เลขที่บัญชี {MOBILE[:3]}-{MOBILE[3]}-{MOBILE[4:9]}-{MOBILE[9]}", id="bank_account_layout"),
        pytest.param(f"บัญชี {LAND[:3]}-{LAND[3]}-{LAND[4:9]}-7", id="bank_account_landline_digits"),
        pytest.param(f"เลขที่ {MOBILE[:6]}\n{MOBILE[6:]} บาท", id="two_lines_without_a_hyphen"),
    ],
)
def test_masked_or_invalid_phone_is_not_found(text: str) -> None:
    assert phones(text) == []


def test_phonenumbers_would_read_a_mask_as_nines_so_it_never_sees_one() -> None:
    """The reason the detector only hands clean digits to phonenumbers (facts.md)."""
    masked = dashed(MOBILE)[:-4] + "XXXX"
    assert phonenumbers.parse(masked, "TH").national_number % 10000 == 9999
    assert phones(f"โทร {masked}") == []


def test_validate_returns_national_digits_and_types_each_failure() -> None:
    assert phone.validate(dashed(MOBILE).translate(THAI_DIGITS)) == MOBILE
    assert phone.validate("66" + MOBILE[1:]) == MOBILE
    with pytest.raises(errors.InvalidFormat):
        phone.validate(dashed(MOBILE)[:-1] + "X")
    with pytest.raises(errors.InvalidLength):
        phone.validate(MOBILE[:-2])
    with pytest.raises(errors.InvalidComponent):
        phone.validate("01" + MOBILE[2:])
    with pytest.raises(errors.InvalidComponent):
        phone.validate("0590000000")


def test_is_valid_says_what_validate_accepts() -> None:
    assert phone.is_valid(dashed(MOBILE))
    assert not phone.is_valid(dashed(MOBILE)[:-4] + "XXXX")
    assert not phone.is_valid("0590000000")


def test_is_masked_and_mask() -> None:
    assert phone.is_masked(dashed(MOBILE)[:-4] + "XXXX")
    assert not phone.is_masked(MOBILE)
    assert phone.mask(dashed(MOBILE)) == dashed(MOBILE)[:-4] + "XXXX"


def test_canonical_phone_is_the_same_whatever_the_form() -> None:
    forms = [form(MOBILE) for form in synthetic.PHONE_FORMS.values()]
    fingerprints = {f.fingerprint for text in forms for f in scan(f"โทร {text}", KEY)}
    assert len(fingerprints) == 1


def test_office_line_is_reported_with_low_confidence_and_a_reason() -> None:
    (office,) = scan(f"องค์การบริหารส่วนตำบลหนองบัว โทร. {dashed(LAND)}", KEY)
    (person,) = scan(f"นางสาวสุดา มั่นคง โทร. {dashed(MOBILE)}", KEY)
    assert "office_near" in office.reasons and "office_near" not in person.reasons
    assert office.confidence < 0.6 < person.confidence
