"""Thai national ID (เลขประจำตัวประชาชน) and juristic person's tax ID in running text.

A Thai personal ID has 13 digits, the last a mod-11 check digit, officially written
``N-NNNN-NNNNN-NN-N`` (``1-2345-67890-12-1``, a synthetic number). A juristic person's tax ID
(the Department of Business Development's MOA number) has the same check digit and starts with 0,
written ``0-NN-N-NNN-NNNNN-N``. python-stdnum's :mod:`stdnum.th.pin` and :mod:`stdnum.th.moa`
decide validity; this module adds the search in running text:

* **Layouts** (:data:`LAYOUTS`): 13 digits in one group, the official 1-4-5-2-1 grouping, the
  MOA grouping, thousands grouping, or a form's boxes (one digit each, only beside an ID label),
  with any separator (dash, space, dot, NBSP, odd dashes, slash, underscore, colon, comma:
  :data:`detectors.normalize.PUNCTUATION`), in any digit script. A tab ends a table cell: no ID
  spans two cells. A line break (a PDF line or table
  cell wrap) may split a group or stand for a separator.
* **Boundaries**: a number inside a longer contiguous digit run is not an ID, but a row number
  before it (``12 1-2345-67890-12-1``) does not hide it.
* **The 0-prefix rule**: stdnum rejects every PIN starting with 0, yet some non-Thai residents'
  personal IDs do. A 0-prefixed number with a valid check digit is a ``juristic_id`` when a
  juristic person's or government body's word (บริษัท, หจก., สหกรณ์, เทศบาล ...) is nearer than any
  personal cue, or when nothing is near; it is a personal ``thai_id`` beside a person's name or an
  ID-card label. An individual vendor's tax ID is their national ID, so it is a leak. A title
  inside a firm's name (ห้างหุ้นส่วนจำกัด นางรองวัสดุ) names no person (:mod:`detectors.context`).
* **Irregular spacing** (``3   451  000  50     5414``, ``33508 0030 2577``: justified cells, PDF
  word gaps): a digit run that is exactly 13 digits in groups no layout names is an ID when its
  check digit holds and an ID label or a person's name is near (reason ``irregular_spacing``). The
  whole run must be the number, so digits of neighbouring cells or amounts never make one up.
* **Agencies**: a 0-prefixed number starting ``099`` is a state body's tax number (the Revenue
  Department's range for government agencies), never personal (reason ``agency_prefix``).
* **Not a leak**: any X4-masked form (``XXXX254567890``, ``1-2345-6789X-XX-X``, ``*``, ``#``), a wrong
  check digit, a first digit 9 (not issued, as stdnum says).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stdnum.th import pin

from detectors import context, phone
from detectors.errors import InvalidChecksum, InvalidFormat, InvalidLength
from detectors.hit import Hit
from detectors.mask import mask
from detectors.normalize import LINE_JOINTS, Group, Run, compact, runs

KIND = "thai_id"
JURISTIC_KIND = "juristic_id"
LENGTH = 13
LAYOUTS = {
    "compact": frozenset(),
    "official": frozenset({1, 5, 10, 12}),
    "moa": frozenset({1, 3, 4, 7, 12}),
    "thousands": frozenset({1, 4, 7, 10}),
    "boxes": frozenset(range(1, LENGTH)),
}
"""Digit positions where a layout puts separators. ``boxes`` is a form's thirteen boxes, one digit
each (``1 2 3 4 5 6 7 8 9 0 1 2 1`` in extracted or OCR'd text). ``thousands`` is the number typed
with digit grouping (``1,101,700,207,030``, a spreadsheet's number format): a row of small numbers in a table
looks the same, so it counts only beside an ID label."""
_ANY_CUT = LAYOUTS["official"] | LAYOUTS["moa"]
"""Where a same-line separator may fall in a window, outside a run of single-digit boxes."""

__all__ = ["Hit", "candidates", "compact", "find", "is_masked", "is_valid", "mask", "validate"]


def validate(raw: str) -> str:
    """The canonical 13 ASCII digits of a personal or juristic ID, or a ValidationError.

    Valid means what ``stdnum.th.pin.is_valid`` or ``stdnum.th.moa.is_valid`` accepts: the PIN
    check digit (stdnum's ``calc_check_digit``) and a first digit other than 9. A first digit 0
    is stdnum's MOA range; the registry decides by context whether it is personal (the 0-prefix
    rule). Calling ``calc_check_digit`` on compacted digits skips stdnum's per-call cleaning,
    which costs more than the check itself on a digit-dense page.
    """
    number = compact(raw)
    if len(number) != LENGTH:
        raise InvalidLength()
    if not number.isascii() or not number.isdecimal() or number[0] == "9":
        raise InvalidFormat()
    if pin.calc_check_digit(number[:12]) != number[12]:
        raise InvalidChecksum()
    return number


def is_valid(raw: str) -> bool:
    """True when :func:`validate` accepts ``raw``."""
    try:
        validate(raw)
    except ValueError:
        return False
    return True


def is_masked(raw: str) -> bool:
    """An X4-style masked ID: 13 positions of digits and mask characters, at least one masked."""
    number = compact(raw)
    return len(number) == LENGTH and "X" in number


def _layout(groups: Sequence[Group]) -> str | None:
    """The layout name the groups follow, line breaks allowed inside groups or as separators.

    :func:`_window_end` has already refused wide same-line gaps.
    """
    spaced: set[int] = set()
    broken: set[int] = set()
    position = 0
    for index, group in enumerate(groups):
        if index:
            (broken if group.joint in LINE_JOINTS else spaced).add(position)
        position += len(group.digits)
    for name, cuts in LAYOUTS.items():
        if spaced <= cuts <= spaced | broken:
            return name
    return None


def _phone_before_break(groups: Sequence[Group]) -> bool:
    """A phone number ending a line with a row number on the next: not an ID split by a wrap.

    ``groups`` has a line break after its first group (the caller checked).
    """
    head = next(index for index, group in enumerate(groups) if index and group.joint in LINE_JOINTS)
    return phone.is_national("".join([group.digits for group in groups[:head]]))


AGENCY_PREFIX = "099"
"""Tax numbers of government agencies and state bodies start so."""


def _classify(text: str, start: int, end: int, number: str) -> tuple[str, tuple[str, ...]] | None:
    """Kind and context reasons; 0-prefixed numbers follow the documented 0-prefix rule. None when
    a label names another kind of number (a contract or project number)."""
    ctx = context.around(text, start, end, context.ZERO_ID_CUES if number[0] == "0" else context.ID_CUES)
    if context.names_other_number(ctx):
        return None
    cues = context.reasons(ctx)
    if number[0] != "0":
        return KIND, cues
    if number.startswith(AGENCY_PREFIX):
        return JURISTIC_KIND, (*cues, "agency_prefix")
    if context.is_juristic(ctx):
        return JURISTIC_KIND, (*cues, "juristic_near") if ctx.juristic is not None else cues
    return KIND, (*cues, "zero_prefix_personal")


WEIGHTS = {
    "label_near": 0.2,
    "name_near": 0.15,
    "official_layout": 0.05,
    "line_join": -0.15,
    "irregular_spacing": -0.1,
}
"""How much each reason moves the confidence from :data:`BASE_CONFIDENCE`."""
BASE_CONFIDENCE = 0.6
"""A valid check digit alone: one random 13-digit string in ten passes it."""


def _confidence(reasons: tuple[str, ...]) -> float:
    score = BASE_CONFIDENCE + sum(WEIGHTS.get(reason, 0.0) for reason in reasons)
    return round(min(0.99, score), 2)


def _hit(text: str, groups: Sequence[Group], layout: str, joined: bool) -> Hit | None:
    number = "".join([g.digits for g in groups])
    if number[0] == "9" or pin.calc_check_digit(number[:12]) != number[12]:
        return None
    start, end = groups[0].start, groups[-1].end
    classified = _classify(text, start, end, number)
    if classified is None:
        return None
    kind, cues = classified
    if layout == "boxes" and "label_near" not in cues:
        return None
    if layout == IRREGULAR and not cues:
        return None
    shape = SHAPE_REASONS.get(layout, ())
    reasons = ("checksum_ok", *shape, *(("line_join",) if joined else ()), *cues)
    return Hit(kind, start, end, number, reasons, _confidence(reasons))


IRREGULAR = "irregular"
"""A whole run of 13 digits in groups no layout names (see the module docstring)."""
SHAPE_REASONS = {
    "official": ("official_layout",),
    "moa": ("official_layout",),
    "boxes": ("form_boxes",),
    IRREGULAR: ("irregular_spacing",),
}
"""The reason each layout adds (compact numbers add none)."""


def _irregular(text: str, run: Run, opening: tuple[int, str, bool] | None) -> Hit | None:
    """The whole run as one irregularly spaced ID, when it is 13 digits that no layout reads
    (``opening``: the run's first ID-shaped window, if any)."""
    groups = run.groups
    if len(groups) < 2 or sum(len(g.digits) for g in groups) != LENGTH or opening is not None:
        return None
    if any(g.joint == "n" for g in groups[1:]):
        return None  # a phone ending a line and a row number starting the next make 13 digits too
    return _hit(text, groups, IRREGULAR, any(g.joint == "c" for g in groups[1:]))


def _window_end(groups: Sequence[Group], first: int) -> int | None:
    """Index just past the groups from ``first`` holding exactly 13 digits, if they may be an ID.

    Gives up as soon as a same-line separator falls where no layout puts one, so a storm of
    short groups (``0-0-0-0-...``) costs a step or two per group, not thirteen.
    """
    total = 0
    boxes = True
    for last in range(first, len(groups)):
        group = groups[last]
        boxes = boxes and len(group.digits) == 1
        same_line = last > first and group.joint not in LINE_JOINTS
        if same_line and (group.joint == "w" or (total not in _ANY_CUT and not boxes)):
            return None
        total += len(group.digits)
        if total >= LENGTH:
            return last + 1 if total == LENGTH else None
    return None


def _id_window(run: Run, first: int) -> tuple[int, str, bool] | None:
    """(end group, layout, joined across a line) when the groups from ``first`` are shaped like
    an ID, else None."""
    stop = _window_end(run.groups, first)
    if stop is None:
        return None
    if stop == first + 1:
        return stop, "compact", False
    window = run.groups[first:stop]
    layout = _layout(window)
    joined = any(g.joint in LINE_JOINTS for g in window[1:])
    if layout is None or (joined and _phone_before_break(window)):
        return None
    return stop, layout, joined


def find(text: str, run: Run) -> Iterator[tuple[int, int, Hit | None]]:
    """ID-shaped windows in one run as (first group, end group, hit or None), never overlapping.

    A window in an ID layout with a wrong check digit yields None: its groups are still an ID's
    (a bad one), so the phone detector must not pick a number out of them.
    """
    shaped = _id_window(run, 0)  # computed once: the irregular check and the loop's first step share it
    irregular = _irregular(text, run, shaped)
    if irregular is not None:
        yield 0, len(run.groups), irregular
        return
    first = 0
    while first < len(run.groups):
        if first:
            shaped = _id_window(run, first)
        if shaped is None:
            first += 1
            continue
        stop, layout, joined = shaped
        yield first, stop, _hit(text, run.groups[first:stop], layout, joined)
        first = stop


def candidates(text: str) -> Iterator[Hit]:
    """Every personal or juristic ID in ``text`` (both kinds; the registry filters)."""
    for run in runs(text):
        for _, _, hit in find(text, run):
            if hit is not None:
                yield hit
