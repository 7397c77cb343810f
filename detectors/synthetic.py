"""Synthetic identifiers for tests, simweb and benchmarks: valid by construction, owned by no one.

Generated numbers are random, so a few may coincide with a real person's ID, as any random number
may; they are never taken from anywhere. Use a seeded ``random.Random`` for determinism.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import phonenumbers
from stdnum.th import pin

MOBILE_PREFIXES = ("06", "08", "09")
LANDLINE_AREAS = (
    "02",
    "032",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "042",
    "043",
    "044",
    "045",
    "053",
    "054",
    "055",
    "056",
    "073",
    "074",
    "075",
    "076",
    "077",
)


def thai_id(rng: random.Random, first: str | None = None) -> str:
    """13 ASCII digits with a valid mod-11 check digit; ``first`` fixes the leading digit."""
    lead = first if first is not None else str(rng.randint(1, 8))
    body = lead + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body + pin.calc_check_digit(body)


def bad_checksum_id(rng: random.Random) -> str:
    """13 digits whose check digit is wrong: looks like an ID, is not one."""
    good = thai_id(rng)
    wrong = (int(good[-1]) + rng.randint(1, 9)) % 10
    return good[:-1] + str(wrong)


def juristic_id(rng: random.Random) -> str:
    """A juristic person's 13-digit tax ID: leading 0, same check digit rule."""
    return thai_id(rng, first="0")


def _valid_for_phonenumbers(make: Callable[[], str]) -> str:
    """Draw until libphonenumber's Thai metadata accepts the number (some prefixes are unassigned)."""
    while True:
        number = make()
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "TH")):
            return number


def mobile(rng: random.Random) -> str:
    """A Thai mobile number in national format: 0[689] + 8 digits (10 digits)."""
    return _valid_for_phonenumbers(
        lambda: rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    )


def landline(rng: random.Random) -> str:
    """A Thai landline in national format: 9 digits, 02 + 7 or a 3-digit area code + 6."""

    def make() -> str:
        area = rng.choice(LANDLINE_AREAS)
        return area + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(area)))

    return _valid_for_phonenumbers(make)
