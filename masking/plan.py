"""Which characters of a text become ``X``: four digits of every number the detectors report.

The detectors (``detectors.registry.scan``) say where each unmasked ID and phone number is, exactly
as ``x4watch scan`` would report it; this module picks four of its digits (``mask.digits``: the last
four by default, the X4 form every finding shows) and hands back their offsets, so each format can
put the ``X`` where the digit stood, whatever element, run or glyph holds it. Fingerprints are not
wanted here, so a key made for the run and forgotten after it is used: masking touches no secret.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from core.errors import ConfigError
from detectors.mask import one_line
from detectors.normalize import DIGIT_CHARS
from detectors.registry import scan

COUNT = 4
"""Digits masked in every number (X4)."""
MASK = "X"


def check_digits(value: str) -> str:
    """``mask.digits`` as given when it is ``last``, ``first`` or a position from 1; else ConfigError."""
    if value in ("last", "first") or (value.isascii() and value.isdigit() and int(value) >= 1):
        return value
    raise ConfigError(f"mask.digits = {value!r}: allowed last, first or a digit position from 1 (e.g. 6)")


def choose(digits: list[int], which: str) -> list[int]:
    """The four of ``digits`` (offsets of a number's digits, in order) that ``which`` names."""
    if which == "last":
        return digits[-COUNT:]
    if which == "first":
        return digits[:COUNT]
    start = max(0, min(int(which) - 1, len(digits) - COUNT))
    return digits[start : start + COUNT]


@dataclass
class Plan:
    """Offsets to turn into X, and the masked form of every number, in text order."""

    offsets: set[int] = field(default_factory=set)
    forms: list[str] = field(default_factory=list)

    def apply(self, text: str, base: int = 0) -> str:
        """``text`` (which starts at offset ``base`` of the planned text) with its planned digits X."""
        hits = [i - base for i in self.offsets if base <= i < base + len(text)]
        if not hits:
            return text
        chars = list(text)
        for i in hits:
            chars[i] = MASK
        return "".join(chars)


class Planner:
    """Plans the masking of texts under one ``mask.digits`` choice."""

    def __init__(self, which: str, limit: int) -> None:
        self.which = check_digits(which)
        self.limit = limit
        self._key = secrets.token_bytes(32)

    def plan(self, text: str) -> Plan:
        """Where the digits to mask are in ``text``, and the masked forms they make."""
        plan = Plan()
        for finding in scan(text, self._key, limit=self.limit):
            digits = [i for i in range(finding.start, finding.end) if text[i] in DIGIT_CHARS]
            chosen = choose(digits, self.which)
            plan.offsets.update(chosen)
            span = range(finding.start, finding.end)
            plan.forms.append(one_line("".join(MASK if i in chosen else text[i] for i in span)))
        return plan
