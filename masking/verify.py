"""The check every masked copy passes before it is handed out: read it again, as a scan would.

The copy is parsed with ``documents`` (the same readers ``x4watch scan`` uses) and every page goes
through the detectors: any unmasked number found fails the copy, and so does a masked form that
cannot be found in its text (the copy would not say what was masked, or a reader lost the text).
Forms are compared with whitespace and line breaks removed: a reader may wrap a line elsewhere.
Reasons name counts and masked forms only, never a number.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from core.config import DocumentsSettings
from detectors.registry import scan
from documents import extract
from documents.model import PARSED

MISSING_SHOWN = 3
"""Masked forms quoted at most in a failure reason."""


def _squeeze(text: str) -> str:
    return "".join(text.split())


def problems(output: bytes, name: str, forms: Iterable[str], settings: DocumentsSettings, source: str = "") -> str:
    """Why the copy ``output`` must not be handed out, or '' when it passes. ``source`` is the
    copy's own text for text formats: a form masked in an HTML attribute or script is there,
    not in what a reader shows."""
    docs = extract(output, name, settings=settings)
    unread = [doc for doc in docs if doc.status not in PARSED]
    if not docs or unread:
        why = unread[0].reason or unread[0].status if unread else "no text"
        return f"อ่านสำเนาที่ปิดบังแล้วไม่ได้ (the masked copy cannot be read back: {why})"
    key = secrets.token_bytes(32)
    left = sum(len(scan(page.text, key)) for doc in docs for page in doc.pages)
    if left:
        return f"ยังพบเลขที่ไม่ได้ปิดบัง {left} รายการ (the masked copy still shows {left} unmasked numbers)"
    text = _squeeze("".join(page.text for doc in docs for page in doc.pages) + source)
    missing = [form for form in dict.fromkeys(forms) if _squeeze(form) not in text]
    if missing:
        shown = ", ".join(missing[:MISSING_SHOWN])
        return f"ไม่พบเลขที่ปิดบังแล้วในสำเนา (masked forms not found in the copy: {shown})"
    return ""
