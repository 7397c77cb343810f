"""Last line of defence: refuse to store text that holds a full Thai ID, and keep addresses masked.

Detectors mask every identifier before a Finding leaves them; :func:`holds_full_id` makes a detector
bug fail loudly instead of writing an identifier into the store. It looks for 13 digits (ASCII or
Thai, spaces or dashes between them) whose check digit is valid, so an X4-masked ID never matches.

Addresses are the other way in: a file named after a person's ID (``uploads/<ID>.pdf``) or a page
keyed by one (``profile.php?cid=<ID>``) is itself a leak. The store keeps every URL in
:func:`storable_url` form, so no table, export, dashboard or alert mail carries the full number; such
a URL is found again by the next sweep through the page that links it, never fetched from the store
(:func:`fetchable`).
"""

from __future__ import annotations

import re

from stdnum.th import pin

from detectors import thai_id
from detectors.redact import redact

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _thirteen(position: str) -> re.Pattern[str]:
    """Thirteen ``position`` characters, a space or dash allowed between any two, none beside."""
    return re.compile(rf"(?<!{position}){position}(?:[ \-]?{position}){{12}}(?!{position})")


_CANDIDATE = _thirteen("[0-9๐-๙]")
_MASKED_CANDIDATE = _thirteen("[0-9X]")


def holds_full_id(text: str | None) -> bool:
    """True when ``text`` contains a checksum-valid 13-digit Thai ID."""
    if not text:
        return False
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ \-]", "", match.group()).translate(_THAI_DIGITS)
        if bool(pin.is_valid(digits)):
            return True
    return False


def storable_url(url: str) -> str:
    """``url`` as the store keeps it: every full ID in it in X4 form (most URLs come back unchanged)."""
    return redact(url)


def fetchable(url: str) -> bool:
    """False for a stored URL whose ID the store masked: asking for it would fetch a page that does
    not exist, and a recheck would read its 404 as the leak taken down."""
    return not any(thai_id.is_masked(match.group()) for match in _MASKED_CANDIDATE.finditer(url))
