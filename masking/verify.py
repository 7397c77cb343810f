"""The check every masked copy passes before it is handed out: read it again, as a scan would.

The copy is parsed with ``documents`` (the same readers ``x4watch scan`` uses) and every page goes
through the detectors: any unmasked number found fails the copy, and so does a masked form that
cannot be found in its text (the copy would not say what was masked, or a reader lost the text).
Forms are compared with whitespace and line breaks removed: a reader may wrap a line elsewhere.
Reasons name counts and masked forms only, never a number.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from core.config import DocumentsSettings
from detectors.normalize import TABLE, ZERO_WIDTH
from detectors.registry import scan
from documents import extract
from documents.model import OCR, PARSED
from masking.plan import MASK

_RUNS = re.compile(r"X+|[0-9]+|[^0-9X]")
_INVISIBLE = str.maketrans(dict.fromkeys(ZERO_WIDTH))
MISSING_SHOWN = 3
"""Masked forms quoted at most in a failure reason."""


def _squeeze(text: str) -> str:
    """Text without whitespace or zero-width characters (a DOCX may put U+200B between an ID's
    groups; the masked form drops them), digits in ASCII and every mask character as X (an OCR
    reading of a painted X may come back as ``x`` or ``×``)."""
    return "".join(text.translate(TABLE).translate(_INVISIBLE).split())


@dataclass(frozen=True)
class Check:
    """The verdict on a copy: why it must not be handed out ('' when it passes), and how many
    unmasked numbers the reading found in it."""

    reason: str
    unmasked: int = 0


def _shows(text: str, form: str, *, ocr: bool) -> bool:
    """Whether ``text`` shows the masked ``form``. Read by OCR, a painted X comes back as nothing
    or as whatever glyph Tesseract's Thai model takes it for (``%``, ``>``): there each run of k X
    stands for up to 2k characters, and a separator may be lost; the unmasked digits must still be
    there as they are."""
    if not ocr:
        return form in text
    pattern = "".join(
        f".{{0,{2 * len(run)}}}" if run.startswith(MASK) else (re.escape(run) if run[0].isdigit() else ".?")
        for run in _RUNS.findall(form)
    )
    return re.search(pattern, text) is not None


def problems(output: bytes, name: str, forms: Iterable[str], settings: DocumentsSettings, source: str = "") -> Check:
    """Why the copy ``output`` must not be handed out, or '' when it passes. ``source`` is the
    copy's own text for text formats: a form masked in an HTML attribute or script is there,
    not in what a reader shows."""
    docs = extract(output, name, settings=settings)
    unread = [doc for doc in docs if doc.status not in PARSED]
    if not docs or unread:
        why = unread[0].reason or unread[0].status if unread else "no text"
        return Check(f"อ่านสำเนาที่ปิดบังแล้วไม่ได้ (the masked copy cannot be read back: {why})")
    key = secrets.token_bytes(32)
    left = sum(len(scan(page.text, key)) for doc in docs for page in doc.pages)
    if left:
        return Check(f"ยังพบเลขที่ไม่ได้ปิดบัง {left} รายการ (the masked copy still shows {left} unmasked numbers)", left)
    text = _squeeze("".join(page.text for doc in docs for page in doc.pages) + source)
    ocr = any(doc.status == OCR for doc in docs)
    missing = [form for form in dict.fromkeys(forms) if not _shows(text, _squeeze(form), ocr=ocr)]
    if missing:
        shown = ", ".join(missing[:MISSING_SHOWN])
        return Check(f"ไม่พบเลขที่ปิดบังแล้วในสำเนา (masked forms not found in the copy: {shown})")
    return Check("")
