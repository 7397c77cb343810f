"""X4 masking: the last four digits replaced by ``X``, separators and digit script kept.

The PDPC's X4 rule hides four digits of an identifier. x4watch shows every identifier it found in
this form only (in findings, snippets, mails and reports), so what an analyst sees is exactly what
the LAO should have published. Zero-width characters are dropped and any whitespace run (a line
break from a PDF cell wrap included) becomes one space, so the form prints on one line.

Text that is not a finding (snippets around it, reasons, log lines) is masked without asking the
detectors (:func:`mask_window`, :func:`mask_loose`): every loose run, anything that could be an
identifier whatever its separators (:data:`detectors.normalize.LOOSE_RUN`), keeps no 13 unmasked
positions in a row, so an ID in a form no detector reads is hidden too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from detectors.normalize import (
    DIGIT_CHARS,
    LOOSE_CHAIN,
    LOOSE_JOINED_AFTER,
    LOOSE_JOINED_BEFORE,
    LOOSE_RUN,
    MAX_GAP,
    SHORTEST_IDENTIFIER,
    ZERO_WIDTH,
)

MASKED_DIGITS = 4
_INVISIBLE = re.compile(f"[{ZERO_WIDTH}]")
BLOCK = 13
"""Positions of the longest identifier: every BLOCK positions of a loose run keep MASKED_DIGITS
masked, so no run of BLOCK unmasked digits (a full ID) survives whatever separates them."""
_POSITION = re.compile(r"[^\W_]")
"""A digit or a mask character (anything a loose run holds that is not a separator)."""


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


def _mask_blocks(chars: list[str], run: str, offset: int) -> None:
    """X4 per block: in the loose run ``run`` (at ``chars[offset:]``), counting positions from its
    end, the last MASKED_DIGITS of every BLOCK become ``X`` (a 13-digit ID loses exactly its last
    four, like :func:`mask`; a longer run loses four of every thirteen)."""
    positions = [m.start() for m in _POSITION.finditer(run)]
    for rank, position in enumerate(reversed(positions)):
        if rank % BLOCK < MASKED_DIGITS and run[position].isdecimal():
            chars[offset + position] = "X"


def _mask_all(chars: list[str], run: str, offset: int, lo: int, hi: int, keep: Sequence[tuple[int, int]]) -> None:
    """Every digit of the loose run ``run`` (at text offset ``offset``) inside ``[lo, hi)`` becomes X,
    but for those in the ``keep`` spans (identifiers already in X4 form)."""
    for m in _POSITION.finditer(run, max(lo - offset, 0), max(hi - offset, 0)):
        at = offset + m.start()
        if run[m.start()].isdecimal() and not any(a <= at < b for a, b in keep):
            chars[at - lo] = "X"


def mask_window(
    text: str, lo: int, hi: int, chars: list[str] | None = None, keep: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """``text[lo:hi]`` as characters, every loose run in it masked whether detected or not.

    A run wholly inside the window is masked per block (:func:`_mask_blocks`); a chain cut by an
    edge (the text goes on with digits beyond it) loses every digit inside the window, whatever its
    length there, since the window cannot show how much of it is hidden. ``chars`` may carry masks
    already applied to the window: found identifiers in X4 form, whose spans (text offsets)
    ``keep`` lists so that a cut chain around them does not hide them whole.
    """
    chars = chars if chars is not None else list(text[lo:hi])
    chains = list(LOOSE_CHAIN.finditer(text, lo, hi))
    for index, m in enumerate(chains):
        start, end = m.span()
        cut_before = index == 0 and LOOSE_JOINED_BEFORE.search(text[max(0, start - MAX_GAP - 1) : start])
        cut_after = index == len(chains) - 1 and end == hi and LOOSE_JOINED_AFTER.match(text, end)
        if cut_before or cut_after:
            _mask_all(chars, m.group(), start, lo, hi, keep)
        elif end - start >= SHORTEST_IDENTIFIER and len(_POSITION.findall(m.group())) >= SHORTEST_IDENTIFIER:
            _mask_blocks(chars, m.group(), start - lo)
    return chars


def stretches(text: str) -> Iterator[str]:
    """The digits (as ASCII) of every loose run in ``text``, cut wherever a mask character stands:
    the unmasked digit sequences an identifier could hide in, whatever separates their digits."""
    for m in LOOSE_RUN.finditer(text):
        digits = "".join(str(unicodedata.decimal(c, "X")) for c in _POSITION.findall(m.group()))
        yield from digits.split("X")


def mask_loose(text: str) -> str:
    """``text`` with every loose run (anything that could be an identifier) masked per block."""
    if LOOSE_RUN.search(text) is None:
        return text
    return "".join(mask_window(text, 0, len(text)))
