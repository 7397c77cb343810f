"""Normalisation keeps offsets, knows which characters count, and cuts text into digit runs."""

from __future__ import annotations

import pytest

from detectors import normalize
from testkit.synthetic import FULL_WIDTH_DIGITS, THAI_DIGITS


def test_normalisation_keeps_every_offset() -> None:
    text = "เลข ๑\u00a02345\u2013๖๗๘๙๐\u200b12-3 ＸＸ x*# \r\n"
    assert len(normalize.normalize(text)) == len(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("0123456789".translate(THAI_DIGITS), "0123456789", id="thai_digits"),
        pytest.param("0123456789".translate(FULL_WIDTH_DIGITS), "0123456789", id="full_width_digits"),
        pytest.param("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-" * 9, id="dashes"),
        pytest.param("\u00a0\u2002\u2009\u202f\u3000\t", " " * 6, id="spaces"),
        pytest.param("\u200b\u200c\u200d\u2060\ufeff\u00ad", normalize.ZW * 6, id="zero_width"),
        pytest.param("Xx*#\uff38\uff58\uff0a\uff03\u00d7", "X" * 9, id="masks"),
        pytest.param("\r\u2029", "\n\n", id="line_breaks"),
        pytest.param("\u2028", "\u2028", id="cell_wrap_kept"),
    ],
)
def test_characters_map_to_their_plain_form(raw: str, expected: str) -> None:
    assert normalize.normalize(raw) == expected


def test_superscripts_and_other_scripts_are_not_digits() -> None:
    assert normalize.compact("¹²³٣४") == ""


def test_compact_keeps_digits_and_masks_only() -> None:
    assert normalize.compact("๑-๒๓๔๕-67890-XX-x") == "1234567890XXX"


def groups_of(text: str) -> list[list[tuple[str, str]]]:
    return [[(g.digits, g.joint) for g in run.groups] for run in normalize.runs(text)]


def test_runs_record_groups_and_their_joints() -> None:
    text = "ลำดับ 12 1-2345-67890-\n12-3 และ 0812      345678"
    assert groups_of(text) == [
        [("12", ""), ("1", "s"), ("2345", "s"), ("67890", "s"), ("12", "n"), ("3", "s")],
        [("0812", ""), ("345678", "w")],
    ]


def test_group_offsets_point_into_the_original_text() -> None:
    text = "เลข ๑๒๓๔\u200b๕๖๗๘๙๐๑๒๓ ท้าย"
    (run,) = normalize.runs(text)
    (group,) = run.groups
    assert text[group.start : group.end] == "๑๒๓๔\u200b๕๖๗๘๙๐๑๒๓"
    assert group.digits == "1234567890123"


def test_short_numbers_and_plain_runs_of_useless_length_are_skipped() -> None:
    assert list(normalize.runs("ปี 2567 งบ 1,250,000 บาท โครงการ 67019123456 อ้างอิง 123456789012345678")) == []


def test_runs_glued_to_a_mask_are_dropped_or_trimmed() -> None:
    assert list(normalize.runs("XXXX567890121 และ 123456789XXXX")) == []
    (run,) = normalize.runs("12 1234567890121 081234XXXX")
    assert [g.digits for g in run.groups] == ["12", "1234567890121"]
    assert run.masked_after


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        pytest.param("XX 0812345678", True, False, id="mask_before"),
        pytest.param("1-2345-6789X-XX-X\t0812345678", False, False, id="x4_tail_of_the_number_before"),
        pytest.param("081-234-XXXX 0812345678", False, False, id="masked_phone_before"),
        pytest.param("0812345678 -XX", False, True, id="mask_after_separator"),
        pytest.param("Tax 0812345678 xylophone", False, False, id="x_inside_words"),
    ],
)
def test_mask_tokens_beside_a_run(text: str, before: bool, after: bool) -> None:
    (run,) = normalize.runs(text)
    assert (run.masked_before, run.masked_after) == (before, after)


def test_plus_before_a_run_is_noted() -> None:
    (run,) = normalize.runs("โทร +66 81 234 5678")
    assert run.plus_before


def test_group_repr_hides_the_digits() -> None:
    (run,) = normalize.runs("เลข 1234567890121")
    assert "1234567890121" not in repr(run)


def test_invisible_characters_between_groups_belong_to_the_separator() -> None:
    text = "เลข 1 \u200b 2345\u200b-67890-\u200b12-3"
    assert groups_of(text) == [[("1", ""), ("2345", "s"), ("67890", "s"), ("12", "s"), ("3", "s")]]
    (run,) = normalize.runs(text)
    assert text[run.groups[1].start : run.groups[1].end] == "2345"
    assert text[run.groups[3].start : run.groups[3].end] == "12"
