"""Last line of defence: refuse to store text that holds a full Thai ID, and keep addresses masked.

Detectors mask every identifier before a Finding leaves them; :func:`holds_full_id` makes a detector
bug fail loudly instead of writing an identifier into the store. It reads the same loose runs that
masking hides (:data:`detectors.normalize.LOOSE_RUN`: digits of any script, any separators, found
or not) and looks for 13 consecutive unmasked digits whose check digit is valid, so whatever
:func:`detectors.mask.mask_loose` or X4 masking left never matches: one definition, two uses.

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
from detectors.mask import stretches
from detectors.redact import mask_ids


def _thirteen(position: str) -> re.Pattern[str]:
    """Thirteen ``position`` characters, a space or dash allowed between any two, none beside."""
    return re.compile(rf"(?<!{position}){position}(?:[ \-]?{position}){{12}}(?!{position})")


_MASKED_CANDIDATE = _thirteen("[0-9X]")


def holds_full_id(text: str | None) -> bool:
    """True when ``text`` holds 13 consecutive unmasked digits with a valid check digit (any first
    digit but 9: juristic and 0-prefixed personal IDs count too)."""
    if not text:
        return False
    for digits in stretches(text):
        for at in range(len(digits) - thai_id.LENGTH + 1):
            window = digits[at : at + thai_id.LENGTH]
            if window[0] != "9" and pin.calc_check_digit(window[:12]) == window[12]:
                return True
    return False


def storable_url(url: str) -> str:
    """``url`` as the store keeps it: every full ID in it in X4 form (most URLs come back unchanged)."""
    return mask_ids(url)


def fetchable(url: str) -> bool:
    """False for a stored URL whose ID the store masked: asking for it would fetch a page that does
    not exist, and a recheck would read its 404 as the leak taken down."""
    return not any(thai_id.is_masked(match.group()) for match in _MASKED_CANDIDATE.finditer(url))
