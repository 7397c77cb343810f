"""Thai national IDs in running text: one table row per form or decoy (Presidio's table shape).

Every row is named after its case; a miss or a false alarm found later becomes a new row here.
All numbers are synthetic (valid by construction, seeded), never copied from anywhere.
"""

from __future__ import annotations

import random

import pytest
from stdnum.th import moa, pin

from detectors import errors, thai_id
from detectors.mask import mask
from detectors.registry import scan
from testkit import synthetic
from testkit.synthetic import THAI_DIGITS, official

KEY = b"test-key"
rng = random.Random(20240601)
ID = synthetic.thai_id(rng)
ID2 = synthetic.thai_id(rng)
BAD = synthetic.bad_checksum_id(rng)
ZERO = synthetic.juristic_id(rng)
AGENCY = "0994" + ID[4:12] + pin.calc_check_digit("0994" + ID[4:12])
"""A state body's tax number (099 range)."""
MOBILE = synthetic.mobile(rng)
X4 = official(ID[:9] + "XXXX")
NINE = "9" + ID[1:12] + pin.calc_check_digit("9" + ID[1:12])
"""Check digit right, first digit 9: not issued (stdnum rejects it too)."""
EN_DASH, NBSP, ZW = "\u2013", "\u00a0", "\u200b"
"""The X4 form of ID in the official layout."""


def found(text: str, kinds: tuple[str, ...] = ("thai_id", "juristic_id")) -> list[tuple[str, str]]:
    return [(f.kind, f.masked) for f in scan(text, KEY, kinds=kinds)]


LEAKS = [
    pytest.param(f"เลขประจำตัวประชาชน {ID}", ID[:9] + "XXXX", id="compact_after_label"),
    pytest.param(f"นาย สมชาย {official(ID)}", X4, id="official_dashes"),
    pytest.param(f"นาย สมชาย {official(ID, ' ')}", X4.replace("-", " "), id="official_spaces"),
    pytest.param(f"นาย สมชาย {official(ID, '.')}", X4.replace("-", "."), id="official_dots"),
    pytest.param(f"นาย สมชาย {official(ID, EN_DASH)}", X4.replace("-", EN_DASH), id="en_dashes"),
    pytest.param(f"บัตร {official(ID).translate(THAI_DIGITS)}", None, id="thai_digits"),
    pytest.param(f"บัตร {ID[:6].translate(THAI_DIGITS)}{ID[6:]}", None, id="mixed_scripts"),
    pytest.param(f"บัตร {synthetic.ID_FORMS['full_width'](ID)}", None, id="full_width_digits"),
    pytest.param(f"นายสมชายเลขที่{ID}ที่อยู่", ID[:9] + "XXXX", id="glued_to_thai_text"),
    pytest.param(f"เลข {official(ID)[:13]}\n{official(ID)[13:]} นาย", None, id="wrap_after_separator"),
    pytest.param(f"เลข {ID[:8]}\n{ID[8:]} ต่อ", None, id="wrap_inside_group"),
    pytest.param(f"เลข {official(ID)[:7]}\n                 {official(ID)[7:]}", None, id="wrap_with_indent"),
    pytest.param(f"เลข {ID[:4]}{ZW}{ID[4:9]}{ZW}{ID[9:]}", ID[:9] + "XXXX", id="zero_width_inside"),
    pytest.param(f"เลข {official(ID, NBSP)}", X4.replace("-", " "), id="nbsp_separators"),
    pytest.param(f"12 {ID} นางสาว ก", ID[:9] + "XXXX", id="row_number_space"),
    pytest.param(f"7\t{official(ID)} นาง ข", X4, id="row_number_tab"),
    pytest.param(f"128\n{ID} นาง ข", ID[:9] + "XXXX", id="row_number_newline"),
    pytest.param(f"({ID})", ID[:9] + "XXXX", id="in_parentheses"),
    pytest.param(f"{ID} {MOBILE[:6]}XXXX", ID[:9] + "XXXX", id="before_masked_phone"),
    pytest.param(f"ID card {ID}", ID[:9] + "XXXX", id="english_label"),
    pytest.param(f"เลขประจำตัวประชาชน {' '.join(ID)} นาย", " ".join(ID[:9] + "XXXX"), id="form_boxes_after_label"),
    pytest.param(f"เลขประจำตัวประชาชน |{'|'.join(ID)}|", "|".join(ID[:9] + "XXXX"), id="form_boxes_typed_with_bars"),
    # Irregular spacing (justified cells, PDF word gaps): the whole run is the number, context near.
    pytest.param(f"เลขประจำตัวประชาชน {ID[0]}   {ID[1:4]}  {ID[4:7]}  {ID[7:9]}     {ID[9:]}", None, id="justified"),
    pytest.param(f"นาง ข {ID[:5]} {ID[5:9]} {ID[9:]}", None, id="grouped_5_4_4_beside_a_name"),
    pytest.param(f"เลขบัตร {ID[0]} {ID[1:8]}  {ID[8:12]} {ID[12]}", None, id="grouped_1_7_4_1"),
    pytest.param(f"นาย ก ¦ {ID[:5]}\u2028{ID[5:9]} {ID[9:]} ¦ 12", None, id="irregular_wrapped_in_a_cell"),
    pytest.param(f"นาย ก ¦ {ID[:12]}\u2028{ID[12]} ¦ 139 ¦ 5", None, id="wrapped_in_a_cell"),
    pytest.param(f"เลขบัตรประชาชน\n{' '.join(ID[:7])}\n{' '.join(ID[7:])}", None, id="form_boxes_wrapped"),
    # issue 15: separators people type that were not read as separators, so the ID was missed
    pytest.param(f"นาย สมชาย {official(ID, '/')}", X4.replace("-", "/"), id="official_slashes"),
    pytest.param(f"นาย สมชาย {official(ID, '_')}", X4.replace("-", "_"), id="official_underscores"),
    pytest.param(f"นาย สมชาย {official(ID, ':')}", X4.replace("-", ":"), id="official_colons"),
    pytest.param(f"นาย สมชาย {official(ID, ', ')}", X4.replace("-", ", "), id="official_commas"),
    pytest.param(
        f"เลขประจำตัวประชาชน {ID[0]},{ID[1:4]},{ID[4:7]},{ID[7:10]},{ID[10:]}",
        f"{ID[0]},{ID[1:4]},{ID[4:7]},{ID[7:9]}X,XXX",
        id="comma_grouped_thousands",
    ),
]


@pytest.mark.parametrize(("text", "masked"), LEAKS)
def test_leaked_id_is_found_once_with_its_x4_form(text: str, masked: str | None) -> None:
    results = found(text)
    assert len(results) == 1, results
    kind, got = results[0]
    assert kind == "thai_id"
    if masked is not None:
        assert got == masked
    assert got.count("X") == 4


DECOYS = [
    pytest.param(f"เลข {ID[:9]}XXXX", id="x4_back"),
    pytest.param(f"เลข XXXX{ID[4:]}", id="x4_front"),
    pytest.param(f"เลข {official(ID[:5] + 'XXXX' + ID[9:])}", id="x4_middle"),
    pytest.param(f"เลข {X4}", id="x4_official"),
    pytest.param(f"เลข {official(ID[:9] + 'xxxx')}", id="lower_x"),
    pytest.param(f"เลข {ID[:9]}****", id="stars"),
    pytest.param(f"เลข {official(ID[:9] + '####')}", id="hashes"),
    pytest.param(f"เลข {official(ID[:9]).translate(THAI_DIGITS)}X-XX-X", id="thai_digits_masked"),
    pytest.param(f"เลข 12 {ID[:9]}XXXX", id="x4_after_row_number"),
    pytest.param(f"เลขประจำตัวประชาชน {BAD}", id="bad_check_digit"),
    pytest.param(f"เลข {official(BAD)}", id="bad_check_digit_official"),
    pytest.param(f"อ้างอิง 9{ID}", id="inside_longer_run_before"),
    pytest.param(f"อ้างอิง {ID}7", id="inside_longer_run_after"),
    pytest.param(f"อ้างอิง 55{ID}12", id="inside_longer_run_both"),
    pytest.param(f"เลข {ID[:4]} {ID[4:]}", id="unofficial_grouping"),
    pytest.param(f"คอลัมน์ {ID[:6]}          {ID[6:]}", id="two_columns_one_line"),
    pytest.param(f"เลข {NINE}", id="first_digit_nine"),
    pytest.param(f"คอลัมน์ {ID[:5]} {ID[5:9]} {ID[9:]}", id="irregular_without_context"),
    # An e-GP contract number (12 digits) ending a line, the next row's number starting the next.
    pytest.param(f"สัญญาจ้าง นาย ก เลขคุมสัญญา {ID[:12]} \t\n{ID[12]} \tจ้างเหมา", id="contract_number_and_row_number"),
    pytest.param(f"นาย ก {ID[:5]} {ID[5:9]} {ID[9:]} 7", id="irregular_inside_a_longer_run"),
    pytest.param(f"นาย ก ¦ {ID[:6]} ¦ {ID[6:]}", id="two_cells"),
    pytest.param(f"บริษัท ก จำกัด เลขประจำตัวผู้เสียภาษี {ZERO}", id="company_tax_id"),
    pytest.param(f"หจก. รุ่งเรือง {ZERO}", id="partnership_tax_id"),
    pytest.param(f"สหกรณ์การเกษตร {official(ZERO)}", id="cooperative_tax_id"),
    pytest.param(f"เทศบาลตำบลบ้านใหม่ {ZERO}", id="government_body_tax_id"),
    pytest.param(f"หมายเลข {ZERO}", id="zero_prefix_without_context"),
    pytest.param(f"คะแนน {' '.join(ID)}", id="single_digits_without_an_id_label"),
    pytest.param(f"เลขประจำตัวประชาชน {' '.join(ID[:9] + 'XXXX')}", id="form_boxes_masked"),
    pytest.param(f"เลขประจำตัวประชาชน {' '.join(BAD)}", id="form_boxes_bad_check_digit"),
    pytest.param(f"เลข {ID[:6]}\t{ID[6:]}", id="two_table_cells"),
    pytest.param(f"เลข {ID[:6]}\t\n{ID[6:]}", id="last_cell_of_a_row_and_first_of_the_next"),
    pytest.param(f"ยอด {ID[:4]},{ID[4:7]},{ID[7:10]},{ID[10:]}", id="thousands_grouping_of_another_length"),
]


@pytest.mark.parametrize("text", DECOYS)
def test_decoy_is_not_a_personal_id(text: str) -> None:
    assert [kind for kind, _ in found(text) if kind == "thai_id"] == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"นายจอห์น สมิธ {ZERO}", id="beside_a_name"),
        pytest.param(f"เลขประจำตัวประชาชน {ZERO}", id="after_id_card_label"),
        pytest.param(f"ผู้ขาย นางสาวแอนนา {official(ZERO)} ร้อยเอ็ด", id="individual_vendor"),
        pytest.param(f"ร้านนางรองวัสดุ นางสาวแอนนา {ZERO}", id="shop_owner"),
    ],
)
def test_zero_prefixed_id_beside_a_person_is_personal(text: str) -> None:
    assert found(text) == [("thai_id", mask_of(text))]
    (finding,) = scan(text, KEY)
    assert "zero_prefix_personal" in finding.reasons


def mask_of(text: str) -> str:
    (finding,) = scan(text, KEY, kinds=("thai_id",))
    return finding.masked


FIRM_TAX_IDS = [
    # A title inside a firm's name (นาง in นางรอง, นาย in เจริญนายการ) is not a person beside the number.
    pytest.param(f"ห้างหุ้นส่วนจำกัด นางรองวัสดุ เลขประจำตัวผู้เสียภาษี {official(ZERO)}", id="title_opens_trade_name"),
    pytest.param(
        f"ห้างหุ้นส่วนจำกัด เจริญนายการช่าง ก่อสร้างและวัสดุภัณฑ์ เลขประจำตัวผู้เสียภาษี {official(ZERO)}",
        id="title_inside_long_trade_name",
    ),
    pytest.param(f"หจก.นายสมชายการค้า เลขประจำตัวผู้เสียภาษี {moa.format(ZERO)}", id="partnership_named_after_owner"),
    pytest.param(f"บริษัท นางรองวัสดุ จำกัด {ZERO}", id="company_title_in_name"),
    # A firm's row in a procurement summary or licence register names its owner or signing officer.
    pytest.param(f"บริษัท ก จำกัด ผู้รับมอบอำนาจ นายสมศักดิ์ ใจดี {ZERO}", id="officer_named_beside_firm"),
    pytest.param(f"1 ¦ บริษัท ก จำกัด ¦ นางยุพิน สิทธิชัย ¦ {ZERO} ¦ คาร์แคร์", id="licence_register_row"),
    pytest.param(f"เลขประจำตัวผู้เสียภาษีของหน่วยงาน {AGENCY}\n(ลงชื่อ)\n(นายณัฐพล สิทธิชัย)", id="agency_tax_id"),
    pytest.param(f"นายสมชาย ใจดี {AGENCY}", id="agency_prefix_beside_a_name"),
]


@pytest.mark.parametrize("text", FIRM_TAX_IDS)
def test_firm_tax_id_is_juristic_whatever_its_name(text: str) -> None:
    assert [f.kind for f in scan(text, KEY, kinds=("thai_id", "juristic_id"))] == ["juristic_id"]


def test_company_tax_id_is_juristic_and_hidden_by_default() -> None:
    text = f"บริษัท ก จำกัด เลขประจำตัวผู้เสียภาษี {ZERO}"
    assert scan(text, KEY) == []
    (finding,) = scan(text, KEY, kinds=("juristic_id",))
    assert finding.kind == "juristic_id"
    assert "juristic_near" in finding.reasons


def test_moa_grouping_is_read_as_one_juristic_id() -> None:
    number = ZERO
    text = f"บริษัท ก จำกัด {moa.format(number)}"
    (finding,) = scan(text, KEY, kinds=("juristic_id",))
    assert finding.masked == mask(moa.format(number))
    assert finding.masked.endswith("XXX-X")


def test_phone_at_line_end_and_row_number_are_not_joined_into_an_id() -> None:
    rng2 = random.Random(5)
    for row in range(100, 400):
        text = f"โทร. {synthetic.mobile(rng2)}\n{row} นาย ก"
        assert [f.kind for f in scan(text, KEY)] == ["phone"]


def test_validate_returns_canonical_digits_and_types_each_failure() -> None:
    assert thai_id.validate(official(ID).translate(THAI_DIGITS)) == ID
    with pytest.raises(errors.InvalidLength):
        thai_id.validate(ID[:12])
    with pytest.raises(errors.InvalidFormat):
        thai_id.validate("9" + ID[1:])
    with pytest.raises(errors.InvalidChecksum):
        thai_id.validate(BAD)


def test_validation_errors_never_repeat_the_number() -> None:
    for raw in (ID[:12], BAD, "9" + ID[1:]):
        with pytest.raises(errors.ValidationError) as caught:
            thai_id.validate(raw)
        assert raw[:6] not in str(caught.value)


def test_is_masked_knows_the_mask_characters() -> None:
    assert thai_id.is_masked(X4)
    assert thai_id.is_masked("XXXX" + ID[4:])
    assert thai_id.is_masked(ID[:9] + "****")
    assert not thai_id.is_masked(ID)
    assert not thai_id.is_masked(ID[:9] + "XX")


def test_candidates_yields_hits_without_showing_the_value() -> None:
    (hit,) = thai_id.candidates(f"เลข {ID} และ {BAD}")
    assert hit.canonical == ID
    assert ID not in repr(hit)


def random_strings(count: int, seed: int) -> list[str]:
    rng3 = random.Random(seed)
    return [f"{rng3.randrange(10**13):013d}" for _ in range(count)]


def stdnum_says(number: str) -> bool:
    """The oracle, with the documented 0-prefix rule: 0-prefixed numbers are MOA-valid."""
    return moa.is_valid(number) if number[0] == "0" else pin.is_valid(number)


def test_validator_agrees_with_stdnum_on_a_million_random_strings() -> None:
    disagree = [n for n in random_strings(1_000_000, 1) if thai_id.is_valid(n) != stdnum_says(n)]
    assert disagree == []


@pytest.mark.slow
def test_validator_agrees_with_stdnum_on_ten_million_random_strings() -> None:
    for seed in range(2, 12):
        assert all(thai_id.is_valid(n) == stdnum_says(n) for n in random_strings(1_000_000, seed))


def test_scan_agrees_with_stdnum_on_random_strings_in_text() -> None:
    for number in random_strings(20_000, 3):
        kinds = [f.kind for f in scan(f"ลำดับ {number} นาย ก", KEY, kinds=("thai_id", "juristic_id"))]
        assert (kinds != []) == stdnum_says(number), number
