"""X4 masking: the last four digits replaced by ``X``, separators and digit script kept.

The PDPC's X4 rule hides four digits of an identifier. x4watch shows every identifier it found in
this form only (in findings, snippets, mails and reports), so what an analyst sees is exactly what
the LAO should have published. Zero-width characters are dropped and any whitespace run (a line
break from a PDF cell wrap included) becomes one space, so the form prints on one line.
"""

from __future__ import annotations

import re

from detectors.normalize import DIGIT_CHARS, ZERO_WIDTH

MASKED_DIGITS = 4
_INVISIBLE = re.compile(f"[{ZERO_WIDTH}]")


def mask_in_place(chars: list[str], start: int, end: int, digits: int = MASKED_DIGITS) -> None:
    """Replace the last ``digits`` digits (any script) of ``chars[start:end]`` by ``X``.

    An ``X`` already there counts as a masked digit, so masking twice changes nothing.
    """
    left = digits
    for i in range(end - 1, start - 1, -1):
        if left == 0:
            return
        if chars[i] == "X" or chars[i] in DIGIT_CHARS:
            chars[i] = "X"
            left -= 1


def one_line(text: str) -> str:
    """Zero-width characters dropped, every whitespace run (line breaks too) one space, no
    whitespace at either end."""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def mask(raw: str) -> str:
    """``raw`` in X4 form: its last four digits (ASCII, Thai or full-width) replaced by ``X``.

    >>> mask("1-2345-67890-12-3")
    '1-2345-6789X-XX-X'
    >>> mask("๐๘๑-๒๓๔-๕๖๗๘")
    '๐๘๑-๒๓๔-XXXX'
    """
    chars = list(raw)
    mask_in_place(chars, 0, len(chars))
    return one_line("".join(chars))
