"""Plain text, CSV and HTML: the decoded text masked where it stands, written in its own encoding.

The whole source is masked, markup included: a number in an attribute, a script or a comment is
as published as one in a paragraph. The encoding found by ``documents.text`` (byte-order mark,
declared charset, UTF-8, TIS-620...) is kept, so the copy is byte for byte the input but for the
masked digits (``X`` exists in every one of them).
"""

from __future__ import annotations

from documents.text import declared_charset, guess_encoding
from masking.plan import Planner


def mask_text_bytes(data: bytes, planner: Planner, *, html: bool) -> tuple[bytes, list[str], str]:
    """The masked bytes, the masked forms and the masked text."""
    encoding = guess_encoding(data, declared_charset(data) if html else None)
    errors = "surrogateescape" if encoding.startswith("utf-8") else "replace"
    text = data.decode(encoding, errors=errors)
    plan = planner.plan(text)
    if not plan.offsets:
        return data, [], text
    masked = plan.apply(text)
    out = masked.encode(encoding, errors=errors)
    if encoding == "utf-16" and not data.startswith(out[:2]):  # keep the input's byte order
        out = masked.encode("utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be")
        out = data[:2] + out
    return out, plan.forms, masked
