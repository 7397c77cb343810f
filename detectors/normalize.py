"""Normalise text once, keeping offsets, and cut it into runs of digit groups.

LAO documents write digits in ASCII, Thai (๐-๙) and full-width forms, separate them with every
kind of dash and space, and PDF extraction adds zero-width characters, non-breaking spaces and line
breaks in the middle of a number. This module says which characters count:

* :data:`TABLE` maps every digit script to ASCII, odd dashes to ``-``, odd spaces (NBSP included)
  to a space, zero-width characters to ``ZW`` and mask characters (X, x, *, #, full-width forms,
  ×) to ``X``. The mapping is one character to one character, so an offset into the normalised
  text is the same offset into the original.
* :data:`PREFILTER` is the cheap C-speed pass: one regular expression, starting with a character
  class (so ``re`` skips ahead in C), that finds digit runs of at least nine digits with
  separators between them. Only its matches reach the careful Python path in :func:`runs`, and
  runs of plain ASCII digits of a length no identifier has are dropped there at once.
* :func:`runs` turns each match into a :class:`Run` of digit :class:`Group` s, noting for each
  group what separates it from the previous one (a short gap, a line break, a wide gap between
  columns), and whether a mask character touches either end (a run like ``0-8123-45678-XX-X``
  is part of a masked number and must not yield a phone), unless that mask ends the number before
  (``1-2345-6789X-XX-X`` then a phone in the next table cell).

``str.isdigit`` is never used: it accepts superscripts and other scripts that no LAO writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate

ZW = "\u200b"
"""Every zero-width or invisible character becomes this one in normalised text."""

_DIGITS = "0-9\u0e50-\u0e59\uff10-\uff19"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
"""Zero-width and invisible characters PDF extraction leaves inside numbers (soft hyphen too)."""
_SPACES = " \u00a0\u2000-\u200a\u202f\u205f\u3000"
CELL_WRAP = "\u2028"
"""A line break inside one table cell, as the PDF reader writes it (:mod:`documents.cells`): unlike
other line breaks it never separates two numbers, so a number wrapped in its cell is read whole."""
_BREAKS = "\n\r\u2028\u2029\x0b\x0c"
_DASHES = "\\-\u2010-\u2015\u2212\ufe63\uff0d"
PUNCTUATION = "/\\_:,;|'\u2019\u00b7\u2022~"
"""Other marks people type between the groups of an ID (``1/1017/00207/03/0``, ``1_1017_...``,
``1:1017:...``, comma-grouped ``1,101,700,207,030``), and a form's box borders typed as text
(``|3|1|0|1|...``): separators like a dash. A table's tab is not one of them: it ends a cell (see
:data:`CELL_BREAK`)."""
CELL_BREAK = "\t"
"""Ends a table cell in extracted text (HTML, DOCX, ODT, spreadsheets and CSV lay cells out so):
never a separator, so no run, and no ID or phone, spans two cells."""
_SEPARATORS = ZERO_WIDTH + _SPACES + _BREAKS + _DASHES + ".()" + re.escape(PUNCTUATION)
MASK_CHARS = "Xx*#\uff38\uff58\uff0a\uff03\u00d7"
"""Characters LAOs use to mask digits (X4: ``XXXX254567890``, ``0-1234-5678X-XX-X``)."""


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for zero in (0x0E50, 0xFF10):
        table.update({zero + n: str(n) for n in range(10)})
    table.update(dict.fromkeys(map(ord, ZERO_WIDTH), ZW))
    table.update(dict.fromkeys(map(ord, "\u00a0\u202f\u205f\u3000\t"), " "))
    table.update({cp: " " for cp in range(0x2000, 0x200B)})
    table.update({cp: "-" for cp in range(0x2010, 0x2016)})
    table.update(dict.fromkeys(map(ord, "\u2212\ufe63\uff0d"), "-"))
    table.update(dict.fromkeys(map(ord, "\r\u2029\x0b\x0c"), "\n"))
    table.update(dict.fromkeys(map(ord, MASK_CHARS), "X"))
    return table


TABLE = _table()
"""One-to-one translation for ``str.translate``: offsets survive normalisation."""
DIGIT_CHARS = frozenset(chr(zero + n) for zero in (0x30, 0x0E50, 0xFF10) for n in range(10))
"""Every character that counts as a digit, in any script x4watch reads."""
_MASKS = re.escape(MASK_CHARS)
_MASK_SET = frozenset(MASK_CHARS)
MAX_GAP = 40
"""Separator characters a run may span: a table cell wrap puts a line break and the indentation
of the next line (``pdftotext -layout``) inside a number."""
MAX_RUN = 4095
"""Digits after the first that one match takes at most. ``re`` keeps a backtracking entry for every
repetition: a 10-million-character run of ID-shaped numbers took 1.3 GB and 14 s in one match.
A longer run is read in pieces that end at a line break (:func:`_spans`); on a page of nothing but
numbers and spaces without line breaks, a number cut by a piece boundary may be missed."""
SHORT_GAP = 3
"""A same-line gap longer than this separates columns, not the groups of one number."""
PREFILTER = re.compile(
    f"[{_DIGITS}](?<![{_MASKS}{_DIGITS}][{_DIGITS}])(?:[{_SEPARATORS}]{{0,{MAX_GAP}}}[{_DIGITS}]){{8,{MAX_RUN}}}"
)
"""Digit runs of nine digits or more with separators (up to MAX_GAP characters) between digits.

The pattern starts with a character class, so ``re`` skips everything else in C; the look-behind
(after the first digit, so as not to hide that class from the optimiser) refuses to start a run
glued to a mask character (``XXXX567890121``) or inside a number (a year, an amount: one failed
step per digit instead of a failed match). The repetition is greedy and nothing follows it,
so a match always ends where the run ends.
"""
SHORTEST_IDENTIFIER = 9
"""Digits in the shortest identifier (a landline): the prefilter's ``{8,}`` after a first digit."""
_LOOSE_GAP = f"(?:[^\\w{_MASKS}]|_)"
_LOOSE_POSITION = f"(?:\\d|[{_MASKS}](?![0-9A-WYZa-wyz]))"
"""A digit, or a mask character that does not start a word or a number (``x4watch``, ``0x1F``)."""
LOOSE_RUN = re.compile(f"\\d(?:{_LOOSE_GAP}{{0,{MAX_GAP}}}{_LOOSE_POSITION}){{{SHORTEST_IDENTIFIER - 1},{MAX_RUN}}}")
"""Anything that could be an identifier, found or not: a digit, then at least eight more digits or
mask characters, each after at most MAX_GAP characters that are neither letters nor digits (any
separator at all, a tab and line breaks included). Digits are every Unicode decimal digit (ASCII,
Thai, Arabic-Indic, full-width ...). Masking (:func:`detectors.mask.mask_loose`) and the store's
last guard (``store.privacy.holds_full_id``) both work on these runs, so what masking leaves is
exactly what the guard accepts. Detection itself stays narrower (:data:`PREFILTER`, layouts)."""
LOOSE_CHAIN = re.compile(f"\\d(?:{_LOOSE_GAP}{{0,{MAX_GAP}}}{_LOOSE_POSITION}){{0,{MAX_RUN}}}")
"""A loose run of any length: a window's masking reads its chains, the runs among them and the
ones its edges cut."""
LOOSE_JOINED_BEFORE = re.compile(f"[\\d{_MASKS}]{_LOOSE_GAP}{{0,{MAX_GAP}}}\\Z")
LOOSE_JOINED_AFTER = re.compile(f"{_LOOSE_GAP}{{0,{MAX_GAP}}}{_LOOSE_POSITION}")
"""A digit or mask character just before (after) a position, with only separators between: the
chain goes on beyond that edge."""
_PHONE_LENGTHS = (9, 10)
"""A run of plain ASCII digits holds an identifier only with 13 digits, or 9-10 starting with 0
(or after a ``+``): most runs in ordinary text (project and reference numbers) are judged so
without normalising them."""

_NOT_KEPT = re.compile("[^0-9X]")
_SPLIT = re.compile(f"([^0-9{ZW}]+)")
"""Separators between digit groups in normalised text (kept by ``split``)."""
_EDGE = 6
"""Characters read on each side of a run for masks and a ``+``."""
_MASK_TOKEN_EDGE = 2
"""Separator characters skipped when looking for a mask beside a run (``-XXXX``, `` XX-X``)."""
_TAIL_EDGE = 16
"""Characters read before a run for the tail of a masked number (``X-XX-X`` and its separators)."""
_TAIL_GAP = f"[ .\\-\\n{ZW}]"
_ENDS_A_NUMBER = re.compile(f"{_TAIL_GAP}{{0,2}}X+(?:{_TAIL_GAP}{{1,2}}X+)*{_TAIL_GAP}{{0,2}}[0-9]")
"""Normalised text read backwards from a run: mask characters that follow digits (``3813X-XX-X``,
``234-XXXX``) are the X4 tail of the number before, not a mask over the run's first digits."""


def normalize(text: str) -> str:
    """The text with ASCII digits, plain separators and ``X`` masks; same length as ``text``."""
    return text.translate(TABLE)


def compact(raw: str) -> str:
    """Only the ASCII digits of ``raw`` (any script) and any ``X`` masks, separators dropped."""
    return _NOT_KEPT.sub("", normalize(raw))


@dataclass(slots=True)
class Group:
    """A maximal run of contiguous digits (zero-width characters inside do not split it)."""

    digits: str = field(repr=False)
    start: int
    end: int
    joint: str
    """What separates it from the previous group: ``""`` (first group), ``"s"`` (a short gap on
    the same line), ``"n"`` (a line break: a PDF line or table cell wrap), ``"c"`` (a line break
    inside one table cell, :data:`CELL_WRAP`), ``"w"`` (a wide gap on the same line: another
    column)."""
    hyphen_wrap: bool = False
    """The line break follows a hyphen ending the line: a number wrapped at its own separator
    (``081-234-`` / ``5678`` in a narrow table cell), not two numbers on two lines."""


@dataclass(slots=True)
class Run:
    """Digit groups joined by separators, as one prefilter match found them, and what is beside.

    The mask and ``+`` tests on the characters beside the run are computed only when a phone
    window touches an end of the run.
    """

    groups: tuple[Group, ...]
    text: str = field(repr=False)
    start: int
    end: int
    glued_mask: bool = False
    """A mask character touched the last digit: that group was part of a masked number."""

    @property
    def masked_before(self) -> bool:
        """A mask token just before the first digit, unless it ends another number: in a table row
        ``1-2345-6789X-XX-X<TAB>0-2123-4567`` the ``X`` s are the masked ID's, the phone is whole."""
        outward = normalize(self.text[max(0, self.start - _TAIL_EDGE) : self.start])[::-1]
        return _mask_beside(outward) and not _ENDS_A_NUMBER.match(outward)

    @property
    def masked_after(self) -> bool:
        return self.glued_mask or _mask_beside(normalize(self.text[self.end : self.end + _EDGE]))

    @property
    def plus_before(self) -> bool:
        """A ``+`` right before the first digit (``+66 81 234 5678``)."""
        return self.start > 0 and self.text[self.start - 1] in "+\uff0b"


def _mask_beside(outward: str) -> bool:
    """Does a mask token (X, x, *, # not part of a word) start ``outward`` (normalised text read
    away from the run), after at most two separator characters?"""
    rest = outward[:_MASK_TOKEN_EDGE].lstrip(" -.\n" + ZW) + outward[_MASK_TOKEN_EDGE:]
    token = rest[: len(rest) - len(rest.lstrip("X"))]
    after = rest[len(token) : len(token) + 1]
    return bool(token) and not (after.isascii() and after.isalpha())


LINE_JOINTS = frozenset("nc")
"""Joints that are a line break: ``n`` (any) and ``c`` (inside one table cell)."""


def _joint(between: str) -> str:
    if "\n" in between:
        return "n"
    if CELL_WRAP in between:
        return "c"
    return "s" if len(between) <= SHORT_GAP else "w"


def _hyphen_wrap(between: str) -> bool:
    line_end, newline, _ = between.replace(CELL_WRAP, "\n").partition("\n")
    return bool(newline) and line_end.rstrip().endswith("-")


def _groups(norm: str, offset: int) -> tuple[Group, ...]:
    """Split a normalised run into digit groups; zero-width characters never split a group."""
    if ZW in norm:
        return _groups_with_invisibles(norm, offset)
    parts = _SPLIT.split(norm)
    bounds = list(accumulate(map(len, parts), initial=offset))
    joints = ["", *map(_joint, parts[1::2])]
    wraps = [False, *map(_hyphen_wrap, parts[1::2])]
    return tuple(map(Group, parts[::2], bounds[::2], bounds[1::2], joints, wraps))


def _groups_with_invisibles(norm: str, offset: int) -> tuple[Group, ...]:
    """:func:`_groups` when zero-width characters sit inside groups or between them."""
    groups: list[Group] = []
    position = offset
    between = ""
    for index, chunk in enumerate(_SPLIT.split(norm)):
        if index % 2 or not chunk.strip(ZW):
            between += chunk
        else:
            start, end = position + len(chunk) - len(chunk.lstrip(ZW)), position + len(chunk.rstrip(ZW))
            joint, wrap = (_joint(between), _hyphen_wrap(between)) if groups else ("", False)
            groups.append(Group(chunk.replace(ZW, ""), start, end, joint, wrap))
            between = ""
        position += len(chunk)
    return tuple(groups)


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the prefilter's matches are; a match cut at MAX_RUN digits ends at its last line break
    instead, and the next starts after it, so a long page of numbers is cut between lines (where a
    number rarely continues), not inside one."""
    pos = 0
    while (m := PREFILTER.search(text, pos)) is not None:
        start, end = m.span()
        if end - start > MAX_RUN and sum(c in DIGIT_CHARS for c in m.group()) > MAX_RUN:
            end = _before_last_break(text, start, end)
        yield start, end
        pos = end


def _before_last_break(text: str, start: int, end: int) -> int:
    """Just past the last digit before the last line break in ``text[start:end]`` (``end`` if none)."""
    cut = text.rfind("\n", start, end)
    while cut > start and text[cut - 1] not in DIGIT_CHARS:
        cut -= 1
    return cut if cut - start > MAX_GAP * SHORTEST_IDENTIFIER else end


def runs(text: str) -> Iterator[Run]:
    """Every digit run of nine or more digits that may hold an identifier, normalised.

    A group glued to a mask character at the end of the run (``... 081234XXXX``) is part of a
    masked number: it is dropped and the run counts as masked after.
    """
    for start, end in _spans(text):
        raw = text[start:end]
        if raw.isascii() and raw.isdecimal():
            plus = start > 0 and text[start - 1] in "+\uff0b"
            if not (plus or len(raw) == 13 or (raw[0] == "0" and len(raw) in _PHONE_LENGTHS)):
                continue
            groups: tuple[Group, ...] = (Group(raw, start, end, ""),)
        else:
            groups = _groups(normalize(raw), start)
        glued = text[end : end + 1] in _MASK_SET
        if glued:
            groups = groups[:-1]
            if sum(len(g.digits) for g in groups) < SHORTEST_IDENTIFIER:
                continue
        yield Run(groups, text, start, end, glued)
