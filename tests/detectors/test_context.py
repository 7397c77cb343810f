"""Context cues: labels, names, juristic words, and the 0-prefix decision they drive."""

from __future__ import annotations

import pytest

from detectors import context


def cues(before: str, after: str = "", kind: str = "id") -> context.Context:
    text = before + "0000000000000" + after
    pattern = context.ZERO_ID_CUES if kind == "id" else context.PHONE_CUES
    return context.around(text, len(before), len(before) + 13, pattern)


@pytest.mark.parametrize(
    "label",
    ["เลขประจำตัวประชาชน", "บัตรประจำตัวประชาชน", "เลขบัตร", "ปชช.", "Citizen ID", "ID card"],
)
def test_id_card_labels_count_as_label_and_card(label: str) -> None:
    ctx = cues(f"{label} ")
    assert ctx.label is not None and ctx.label <= 2 and ctx.card == ctx.label


@pytest.mark.parametrize("label", ["เลขประจำตัวผู้เสียภาษี", "Tax ID"])
def test_tax_labels_are_labels_but_not_id_cards(label: str) -> None:
    ctx = cues(f"{label} ")
    assert ctx.label == 1 and ctx.card is None


@pytest.mark.parametrize("label", ["โทร.", "โทรศัพท์", "เบอร์", "มือถือ", "ติดต่อ", "Tel", "TEL", "Phone", "mobile"])
def test_phone_labels(label: str) -> None:
    assert cues(f"{label} ", kind="phone").label is not None


def test_labels_after_the_number_do_not_count() -> None:
    assert cues("", " เลขประจำตัวประชาชน").label is None


@pytest.mark.parametrize("title", ["นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง"])
def test_titles_before_or_after_are_names(title: str) -> None:
    assert cues(f"{title}สมชาย ใจดี ").name is not None
    assert cues("", f" {title} สมชาย").name is not None


@pytest.mark.parametrize("office", ["นายกเทศมนตรี", "นายกองค์การบริหารส่วนตำบล", "นายอำเภอ", "นายช่างโยธา"])
def test_offices_starting_with_nai_are_not_names(office: str) -> None:
    assert cues(f"{office} ").name is None


@pytest.mark.parametrize(
    "word",
    ["บริษัท", "บจก.", "ห้างหุ้นส่วนจำกัด", "หจก.", "สหกรณ์", "มูลนิธิ", "เทศบาล", "องค์การบริหารส่วนตำบล", "Company"],
)
def test_juristic_words(word: str) -> None:
    assert cues(f"{word} ").juristic is not None


@pytest.mark.parametrize(
    ("before", "named"),
    [
        pytest.param("ห้างหุ้นส่วนจำกัด นางรองวัสดุ ", False, id="title_opens_trade_name"),
        pytest.param("บริษัท เจริญนายการช่าง ", False, id="title_inside_trade_name"),
        pytest.param("หจก.นายสมชายการค้า ", False, id="glued_to_partnership"),
        pytest.param("บริษัท ก จำกัด ผู้รับมอบอำนาจ นายสมศักดิ์ ", True, id="representative_of_a_firm"),
        pytest.param("ร้านค้า นายสมชาย ", True, id="owner_after_shop_word"),
        pytest.param("ร้านนางรองวัสดุ ", False, id="shop_named_with_a_title"),
    ],
)
def test_a_title_in_a_firms_name_is_not_a_person(before: str, named: bool) -> None:
    assert (cues(before).name is not None) is named


def test_juristic_words_are_sought_only_for_zero_prefixed_numbers() -> None:
    text = "บริษัท ก จำกัด 1234567890121"
    assert context.around(text, 15, 28, context.ID_CUES).juristic is None
    assert context.around(text, 15, 28, context.ZERO_ID_CUES).juristic is not None


def test_far_cues_are_ignored() -> None:
    assert cues("นายสมชาย" + " " * (context.BEFORE + 5)).name is None


@pytest.mark.parametrize(
    ("ctx", "juristic"),
    [
        pytest.param(context.Context(), True, id="nothing_near"),
        pytest.param(context.Context(juristic=3), True, id="company_only"),
        pytest.param(context.Context(name=3), False, id="name_only"),
        pytest.param(context.Context(card=2, label=2), False, id="id_card_label"),
        pytest.param(context.Context(label=2), True, id="tax_label_only"),
        # A firm's row names its owner or signing officer: the firm's word wins (issue 16).
        pytest.param(context.Context(name=5, juristic=30), True, id="name_nearer_than_firm"),
        pytest.param(context.Context(name=30, juristic=5), True, id="company_nearer"),
        pytest.param(context.Context(card=5, label=5, juristic=30), False, id="id_card_label_nearer"),
        pytest.param(context.Context(card=30, label=30, juristic=5), True, id="firm_nearer_than_card_label"),
    ],
)
def test_zero_prefix_rule(ctx: context.Context, juristic: bool) -> None:
    assert context.is_juristic(ctx) is juristic


def test_every_reason_code_has_thai_words() -> None:
    codes = {"checksum_ok", "valid_number", "label_near", "name_near", "official_layout", "line_join"}
    codes |= {"juristic_near", "zero_prefix_personal", "office_near", "agency_prefix", "irregular_spacing"}
    codes |= {"form_boxes"}
    codes |= {"many_unlabelled"}
    assert codes == set(context.REASON_TH)
