"""The detector registry: run every requested detector over a text in one pass.

Bootstrap version: 13 ASCII digits with the PIN check digit, and phonenumbers' matcher.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import phonenumbers
from stdnum.th import pin

from detectors.errors import UnknownKindError
from detectors.finding import Finding
from detectors.fingerprint import fingerprint

KINDS = ("thai_id", "phone", "juristic_id")
DEFAULT_KINDS = ("thai_id", "phone")
_ID = re.compile(r"(?<!\d)\d{13}(?!\d)")


def _x4(raw: str) -> str:
    out = list(raw)
    left = 4
    for i in range(len(out) - 1, -1, -1):
        if left and out[i].isdigit():
            out[i] = "X"
            left -= 1
    return "".join(out)


def check_kinds(kinds: Collection[str] | None) -> tuple[str, ...]:
    wanted = tuple(kinds) if kinds is not None else DEFAULT_KINDS
    for kind in wanted:
        if kind not in KINDS:
            raise UnknownKindError(kind, KINDS)
    return wanted


def scan(
    text: str, key: bytes, *, page: int | None = None, kinds: Collection[str] | None = None
) -> list[Finding]:
    wanted = check_kinds(kinds)
    found: list[Finding] = []
    if "thai_id" in wanted:
        for m in _ID.finditer(text):
            if pin.is_valid(m.group()):
                found.append(
                    Finding(
                        "thai_id",
                        _x4(m.group()),
                        fingerprint(m.group(), key),
                        page,
                        m.start(),
                        m.end(),
                        "",
                        0.8,
                        ("checksum_ok",),
                    )
                )
    if "phone" in wanted:
        for pm in phonenumbers.PhoneNumberMatcher(text, "TH"):
            canon = phonenumbers.format_number(pm.number, phonenumbers.PhoneNumberFormat.NATIONAL)
            canon = re.sub(r"\D", "", canon)
            found.append(
                Finding(
                    "phone",
                    _x4(pm.raw_string),
                    fingerprint(canon, key),
                    page,
                    pm.start,
                    pm.end,
                    "",
                    0.8,
                    ("valid_number",),
                )
            )
    return found
