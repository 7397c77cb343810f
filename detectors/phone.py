"""Thai phone numbers (mobile and landline) in running text.

Thai numbers in national format: mobiles ``0[689]`` + 8 digits (``081-234-5678``), landlines ``02`` +
7 digits or a three-digit area code + 6 (``02-123-4567``, ``0-2123-4567``, ``053-123-456``), and the
international forms ``+66 81 234 5678`` / ``+66 2 123 4567``. Digits may be Thai (๐-๙) or
full-width. phonenumbers' Thai metadata decides validity (``is_valid_number`` on a number built from
the digits: ``parse`` would cost four times as much to clean digits that are already clean); this
module finds the candidates with the same digit-group search as the IDs, which already handles
Thai digits, odd separators, zero-width characters and row numbers, and runs at C speed.

Masked forms (``081-234-XXXX``, ``XXX-XXX-5678``, ``02-123-45**``) are not leaks. phonenumbers reads
``X`` as 9 (``parse("081-234-XXXX", "TH")`` succeeds), so this module never hands it masked text:
only the digits of groups that no mask character touches reach :func:`validate`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

import phonenumbers

from detectors import context
from detectors.errors import InvalidComponent, InvalidFormat, InvalidLength
from detectors.hit import Hit
from detectors.mask import mask
from detectors.normalize import Group, Run, compact

KIND = "phone"
MAX_GROUPS = 4
"""A phone number is written in at most four groups (``0 2123 4567``, ``+66 81 234 5678``)."""
_SHORTEST = 9
"""Digits in the shortest Thai number (a landline)."""
_SHAPE = re.compile(r"0(?:[689][0-9]{8}|[2-7][0-9]{7})")
"""National format: cheap shape check before phonenumbers' metadata."""

__all__ = ["compact", "find", "is_masked", "is_valid", "mask", "validate"]


def validate(raw: str) -> str:
    """Canonical national digits with the leading 0 (``0812345678``), or a ValidationError.

    ``raw`` is a national number or ``66`` + the national number without its 0.
    """
    number = compact(raw)
    if not number.isascii() or not number.isdecimal():
        raise InvalidFormat()
    if number.startswith("66"):
        number = "0" + number[2:]
    if len(number) not in (9, 10):
        raise InvalidLength()
    if not _SHAPE.fullmatch(number) or not phonenumbers.is_valid_number(_thai(number)):
        raise InvalidComponent()
    return number


def _thai(number: str) -> phonenumbers.PhoneNumber:
    return phonenumbers.PhoneNumber(country_code=66, national_number=int(number))


def is_valid(raw: str) -> bool:
    """True when :func:`validate` accepts ``raw``."""
    try:
        validate(raw)
    except ValueError:
        return False
    return True


def is_masked(raw: str) -> bool:
    """A masked phone: 9 or 10 positions of digits and mask characters, at least one masked."""
    number = compact(raw)
    return len(number) in (9, 10) and "X" in number


def _confidence(reasons: tuple[str, ...]) -> float:
    return round(0.55 + 0.3 * ("label_near" in reasons) + 0.1 * ("name_near" in reasons), 2)


def _hit(text: str, groups: Sequence[Group], international: bool) -> Hit | None:
    digits = "".join(g.digits for g in groups)
    if international != digits.startswith("66") or not is_valid(digits):
        return None
    start, end = groups[0].start - international, groups[-1].end
    ctx = context.around(text, groups[0].start, end, context.PHONE_CUES)
    reasons = ("valid_number", *context.reasons(ctx))
    return Hit(KIND, start, end, validate(digits), reasons, _confidence(reasons))


def _longest_at(text: str, run: Run, first: int, taken: Collection[int]) -> tuple[int, Hit] | None:
    """The longest valid number starting at group ``first`` (a row number may come before it)."""
    groups = run.groups
    international = first == 0 and run.plus_before
    if first in taken or not (international or groups[first].digits.startswith("0")):
        return None
    limit = min(len(groups), first + MAX_GROUPS)
    if sum(len(g.digits) for g in groups[first:limit]) < _SHORTEST:
        return None
    for stop in range(limit, first, -1):
        window = groups[first:stop]
        if any(i in taken for i in range(first, stop)) or any(g.joint != "s" for g in window[1:]):
            continue
        if (stop == len(groups) and run.masked_after) or (first == 0 and run.masked_before):
            continue
        hit = _hit(text, window, international)
        if hit is not None:
            return stop, hit
    return None


def find(text: str, run: Run, taken: Collection[int] = ()) -> Iterator[tuple[int, int, Hit]]:
    """Phone numbers in one run as (first group, end group, hit); ``taken`` groups are IDs."""
    first = 0
    while first < len(run.groups):
        found = _longest_at(text, run, first, taken)
        if found is None:
            first += 1
            continue
        stop, hit = found
        yield first, stop, hit
        first = stop
