"""Thai phone numbers (mobile and landline) in running text.

Thai numbers in national format: mobiles ``0[689]`` + 8 digits (``081-234-5678``), landlines ``02`` +
7 digits or a three-digit area code + 6 (``02-123-4567``, ``0-2123-4567``, ``053-123-456``), and the
international forms ``+66 81 234 5678`` / ``+66 2 123 4567``. Digits may be Thai (๐-๙) or
full-width. phonenumbers' Thai metadata decides validity (``is_valid_number`` on a number built from
the digits: ``parse`` would cost four times as much to clean digits that are already clean); this
module finds the candidates with the same digit-group search as the IDs, which already handles
Thai digits, odd separators, zero-width characters and row numbers, and runs at C speed.

A number whose nearest cue names an office, a company or a government body (สำนักงาน, เทศบาล,
บริษัท) rather than a person is most likely the office's own line: it is still reported (it is a
published number), with the reason ``office_near`` and a low confidence, so analysts can sort it
away.

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
_SHORTEST, _LONGEST = 9, 11
"""Digits in the shortest Thai number (a landline) and the longest (``66`` + a mobile)."""
_SHAPE = re.compile(r"0(?:[689][0-9]{8}|[2-7][0-9]{7})")
"""National format: cheap shape check before phonenumbers' metadata."""

__all__ = ["compact", "find", "is_masked", "is_national", "is_valid", "mask", "validate"]


def validate(raw: str) -> str:
    """Canonical national digits with the leading 0 (``0812345678``), or a ValidationError.

    ``raw`` is a national number or ``66`` + the national number without its 0.
    """
    number = compact(raw)
    if not number.isascii() or not number.isdecimal():
        raise InvalidFormat()
    national = _national(number)
    if len(national) not in (9, 10):
        raise InvalidLength()
    if not _issued(national):
        raise InvalidComponent()
    return national


def _national(digits: str) -> str:
    """National form of clean digits: ``66`` + number becomes ``0`` + number."""
    return "0" + digits[2:] if digits.startswith("66") else digits


def is_national(digits: str) -> bool:
    """Clean ASCII digits that are a whole Thai number in national format (no ``66``)."""
    return digits.startswith("0") and _issued(digits)


def _issued(national: str) -> bool:
    """Clean national digits in a range phonenumbers' Thai metadata says is issued.

    The number is built directly: ``parse`` would cost four times as much to clean digits that
    are already clean.
    """
    return bool(_SHAPE.fullmatch(national)) and phonenumbers.is_valid_number(
        phonenumbers.PhoneNumber(country_code=66, national_number=int(national))
    )


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


WEIGHTS = {"label_near": 0.3, "name_near": 0.1, "office_near": -0.3}
"""How much each reason moves the confidence from :data:`BASE_CONFIDENCE`."""
BASE_CONFIDENCE = 0.55


def _confidence(reasons: tuple[str, ...]) -> float:
    return round(BASE_CONFIDENCE + sum(WEIGHTS.get(reason, 0.0) for reason in reasons), 2)


def _hit(text: str, groups: Sequence[Group], international: bool) -> Hit | None:
    digits = "".join(g.digits for g in groups)
    national = _national(digits)
    if international != (national != digits) or not _issued(national):
        return None
    start, end = groups[0].start - international, groups[-1].end
    ctx = context.around(text, groups[0].start, end, context.PHONE_CUES)
    office = ctx.juristic is not None and (ctx.name is None or ctx.juristic < ctx.name)
    reasons = ("valid_number", *context.reasons(ctx), *(("office_near",) if office else ()))
    return Hit(KIND, start, end, national, reasons, _confidence(reasons))


def _stops(run: Run, first: int, taken: Collection[int]) -> list[int]:
    """Ends of the windows from group ``first`` holding 9 to 11 digits on one line, shortest first.

    A line may break only after a hyphen ending it (a number wrapped at its own separator in a
    narrow cell) or inside one table cell (joint ``c``); any other break ends the number, since two
    lines are usually two numbers. After
    the first group, a one-digit group ends the search: phones are not written so, but bank
    accounts are (``XXX-X-XXXXX-X``), except the area digit of ``+66 2 123 4567``.
    """
    groups = run.groups
    international = first == 0 and run.plus_before
    stops = []
    total = 0
    for last in range(first, min(len(groups), first + MAX_GROUPS)):
        group = groups[last]
        joined = group.joint in ("s", "c") or (group.joint == "n" and group.hyphen_wrap)
        if last > first and (not joined or last in taken):
            break
        if last > first and len(group.digits) < 2 and not (international and last == first + 1):
            break
        total += len(group.digits)
        if total > _LONGEST:
            break
        if total >= _SHORTEST:
            stops.append(last + 1)
    return stops


def _longest_at(text: str, run: Run, first: int, taken: Collection[int]) -> tuple[int, Hit] | None:
    """The longest valid number starting at group ``first`` (a row number may come before it)."""
    international = first == 0 and run.plus_before
    for stop in reversed(_stops(run, first, taken)):
        if (stop == len(run.groups) and run.masked_after) or (first == 0 and run.masked_before):
            continue
        hit = _hit(text, run.groups[first:stop], international)
        if hit is not None:
            return stop, hit
    return None


def find(text: str, run: Run, taken: Collection[int] = ()) -> Iterator[tuple[int, int, Hit]]:
    """Phone numbers in one run as (first group, end group, hit); ``taken`` groups are IDs."""
    groups = run.groups
    first = 0
    while first < len(groups):
        starts_a_number = groups[first].digits[0] == "0" or (first == 0 and run.plus_before)
        found = _longest_at(text, run, first, taken) if starts_a_number and first not in taken else None
        if found is None:
            first += 1
            continue
        stop, hit = found
        yield first, stop, hit
        first = stop
