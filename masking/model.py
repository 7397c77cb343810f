"""What the maskers of each format share: their result, their failure, the format labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.config import Config
from documents import sniff as kinds
from masking.plan import Planner

LABELS = {
    kinds.PDF: "PDF",
    kinds.DOCX: "DOCX",
    kinds.XLSX: "XLSX",
    kinds.DOC: "DOC",
    kinds.XLS: "XLS",
    kinds.ODT: "ODT",
    kinds.ODS: "ODS",
    kinds.CSV: "CSV",
    kinds.HTML: "HTML",
    kinds.TEXT: "TXT",
    kinds.PNG: "PNG",
    kinds.JPEG: "JPEG",
    kinds.TIFF: "TIFF",
    kinds.GIF: "GIF",
    kinds.BMP: "BMP",
    kinds.WEBP: "WEBP",
}
"""The formats x4watch mask writes, as the table names them."""
EXTENSIONS = {
    "PDF": ".pdf",
    "DOCX": ".docx",
    "XLSX": ".xlsx",
    "ODT": ".odt",
    "ODS": ".ods",
    "CSV": ".csv",
    "HTML": ".html",
    "TXT": ".txt",
    "PNG": ".png",
    "JPEG": ".jpg",
    "TIFF": ".tif",
    "GIF": ".gif",
    "BMP": ".bmp",
    "WEBP": ".webp",
}


@dataclass(frozen=True)
class Masked:
    """What a format's masker returns: the copy, its format label, the masked forms."""

    data: bytes
    label: str
    forms: tuple[str, ...]
    source: str = ""
    """The copy's own text where it has one (HTML's source, an office file's masked XML parts):
    forms masked where no reader looks (attributes, scripts, document properties) are found there."""


Masker = Callable[[bytes, str, Planner, Config], Masked]
"""A format's masker: (data, sniffed media type, planner, configuration) → its masked copy."""
