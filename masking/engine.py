"""``mask_document``: one document's bytes in, its verified X4-masked copy out, all in memory.

The format is sniffed from the bytes (``documents.sniff``), the matching masker rewrites the text
where it stands, and the copy is read again with ``documents`` and the detectors before it is
handed back: a copy in which any unmasked number is still found, or a masked form is missing, is
refused (``status`` ``failed``, ``output`` None) with the reason. Nothing of the text is logged;
a masker that needs files (LibreOffice) works in a temporary folder removed before it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.config import Config

MASKED = "masked"
CLEAN = "clean"
FAILED = "failed"


@dataclass(frozen=True)
class MaskOutcome:
    """What became of one document. ``masked`` holds X4 forms only, never a full number."""

    name: str
    """The input's name, as given."""
    output_name: str | None
    """The name the copy should be written under (its format's extension); None when not written."""
    output: bytes | None
    """The copy to write (for a clean document, its bytes unchanged); None when it failed."""
    format_note: str
    """The format, and its change when converted: ``DOCX``, ``DOC → DOCX``."""
    masked: tuple[str, ...]
    """Every number masked, in its masked form, in document order."""
    status: str
    """``masked`` (a copy with numbers masked), ``clean`` (nothing to mask) or ``failed``."""
    reason: str = ""
    """Why it failed, in Thai and English; empty otherwise."""


def mask_document(data: bytes, name: str, config: Config) -> MaskOutcome:
    """The X4-masked copy of ``data`` (named ``name``), verified by reading it again."""
    return MaskOutcome(name, None, None, "", (), FAILED, "ยังไม่รองรับ (not implemented yet)")
