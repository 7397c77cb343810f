"""``mask_document``: one document's bytes in, its verified X4-masked copy out, all in memory.

The format is sniffed from the bytes (``documents.sniff``), the matching masker rewrites the text
where it stands, and the copy is read again with ``documents`` and the detectors before it is
handed back (:mod:`masking.verify`): a copy in which any unmasked number is still found, or a
masked form is missing, is refused (``status`` ``failed``, ``output`` None) with the reason.
Nothing of the text is logged; a masker that needs files (LibreOffice) works in a temporary folder
removed before it returns. Reasons never quote document text, only masked forms and counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from core.config import Config
from documents import sniff as kinds
from documents.errors import ParseError
from documents.extract import scrub
from masking.errors import MaskError
from masking.formats import MASKERS
from masking.model import EXTENSIONS, LABELS, Masked, Masker
from masking.plan import Planner
from masking.verify import problems

PASSES = 3
"""Masking rounds at most: a copy in which the read-back still finds a number is masked again."""
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


def output_name(name: str, label: str) -> str:
    """``report.doc`` → ``report-masked.docx``: the copy never takes the original's name."""
    stem = PurePath(name).stem or "document"
    return f"{stem}-masked{EXTENSIONS[label]}"


def _masker(media_type: str) -> Masker:
    masker = MASKERS.get(media_type)
    if masker is None:
        label = LABELS.get(media_type, media_type)
        raise MaskError(f"ยังไม่รองรับรูปแบบนี้ (format not supported for masking: {label})")
    return masker


def mask_document(data: bytes, name: str, config: Config) -> MaskOutcome:
    """The X4-masked copy of ``data`` (named ``name``), verified by reading it again."""
    media_type = kinds.sniff(data, name)
    label = LABELS.get(media_type, media_type)
    if len(data) > config.documents.max_bytes:
        why = f"ไฟล์ใหญ่เกินกำหนด (larger than documents.max_bytes = {config.documents.max_bytes})"
        return MaskOutcome(name, None, None, label, (), FAILED, why)
    try:
        planner = Planner(config.mask.digits, config.documents.max_findings)
        done = _masker(media_type)(data, media_type, planner, config)
        note = label if done.label == label else f"{label} → {done.label}"
        out_name = output_name(name, done.label)
        check = problems(done.data, out_name, done.forms, config.documents, done.source)
        for _ in range(PASSES - 1):  # OCR may read a number on the copy it missed on the original
            if not check.unmasked:
                break
            copy_type = kinds.sniff(done.data, out_name)
            again = _masker(copy_type)(done.data, copy_type, planner, config)
            if not again.forms:
                break
            done = Masked(again.data, done.label, done.forms + again.forms, again.source)
            check = problems(done.data, out_name, done.forms, config.documents, done.source)
    except MaskError as exc:
        return MaskOutcome(name, None, None, label, (), FAILED, str(exc))
    except ParseError as exc:
        return MaskOutcome(name, None, None, label, (), FAILED, f"อ่านเอกสารไม่ได้ (cannot read: {scrub(str(exc))})")
    except Exception as exc:  # a library's error on a hostile file fails that file, not the run
        why = f"ปิดบังไม่สำเร็จ (masking failed: {scrub(f'{type(exc).__name__}: {exc}')})"
        return MaskOutcome(name, None, None, label, (), FAILED, why)
    if check.reason:
        return MaskOutcome(name, None, None, note, done.forms, FAILED, check.reason)
    status = MASKED if done.forms else CLEAN
    return MaskOutcome(name, out_name, done.data, note, done.forms, status)
