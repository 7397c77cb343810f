"""X4 masking keeps separators and scripts, hides the last four digits, and prints on one line."""

from __future__ import annotations

import doctest

import pytest

from detectors import mask as mask_module
from detectors.mask import mask, mask_in_place, one_line


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        pytest.param("1234567890121", "123456789XXXX", id="compact"),
        pytest.param("1-2345-67890-12-1", "1-2345-6789X-XX-X", id="official"),
        pytest.param("๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑", "๑-๒๓๔๕-๖๗๘๙X-XX-X", id="thai_digits"),
        pytest.param("081-234-5678", "081-234-XXXX", id="phone"),
        pytest.param("1-2345-67890-\n   12-1", "1-2345-6789X- XX-X", id="line_break_becomes_space"),
        pytest.param("12345\u200b67890121", "123456789XXXX", id="zero_width_dropped"),
        pytest.param("+66 81 234 5678", "+66 81 234 XXXX", id="international"),
    ],
)
def test_mask_replaces_the_last_four_digits(raw: str, masked: str) -> None:
    assert mask(raw) == masked


def test_masking_twice_changes_nothing() -> None:
    chars = list("081-234-5678")
    mask_in_place(chars, 0, len(chars))
    mask_in_place(chars, 0, len(chars))
    assert "".join(chars) == "081-234-XXXX"


def test_mask_in_place_can_hide_every_digit() -> None:
    chars = list("a1b22c333")
    mask_in_place(chars, 0, len(chars), digits=len(chars))
    assert "".join(chars) == "aXbXXcXXX"


def test_one_line() -> None:
    assert one_line("ก\n\n  ข\u200bค\tง") == "ก ขค ง"


def test_docstring_examples_are_what_mask_returns() -> None:
    assert doctest.testmod(mask_module).failed == 0
