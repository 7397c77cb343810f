"""Last line of defence: refuse to store text that holds a full Thai ID.

Detectors mask every identifier before a Finding leaves them; this check makes a detector bug fail
loudly instead of writing an identifier into the store. It looks for 13 digits (ASCII or Thai,
spaces or dashes between them) whose check digit is valid, so an X4-masked ID never matches.
"""

from __future__ import annotations

import re

from stdnum.th import pin

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DIGIT = "[0-9๐-๙]"
_CANDIDATE = re.compile(rf"(?<!{_DIGIT}){_DIGIT}(?:[ \-]?{_DIGIT}){{12}}(?!{_DIGIT})")


def holds_full_id(text: str | None) -> bool:
    """True when ``text`` contains a checksum-valid 13-digit Thai ID."""
    if not text:
        return False
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ \-]", "", match.group()).translate(_THAI_DIGITS)
        if bool(pin.is_valid(digits)):
            return True
    return False
