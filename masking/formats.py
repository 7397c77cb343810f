"""The masker for each sniffed media type (add a format by adding a row)."""

from __future__ import annotations

from core.config import Config
from documents import sniff as kinds
from masking.legacy import convert
from masking.model import LABELS, Masked, Masker
from masking.package import mask_package
from masking.pdftext import mask_pdf
from masking.pixels import mask_image_bytes
from masking.plain import mask_text_bytes
from masking.plan import Planner


def _plain(data: bytes, media_type: str, planner: Planner, config: Config) -> Masked:
    out, forms, text = mask_text_bytes(data, planner, html=media_type == kinds.HTML)
    return Masked(out, LABELS[media_type], tuple(forms), text)


def _package(data: bytes, media_type: str, planner: Planner, config: Config) -> Masked:
    odf = media_type in (kinds.ODT, kinds.ODS)
    out, forms, text = mask_package(data, planner, config.documents, odf=odf)
    return Masked(out, LABELS[media_type], tuple(forms), text)


def _pdf(data: bytes, media_type: str, planner: Planner, config: Config) -> Masked:
    out, forms = mask_pdf(data, planner, config)
    return Masked(out, "PDF", tuple(forms))


def _legacy(data: bytes, media_type: str, planner: Planner, config: Config) -> Masked:
    source = "doc" if media_type == kinds.DOC else "xls"
    converted = convert(data, source, config.mask.timeout_seconds)
    out, forms, text = mask_package(converted, planner, config.documents, odf=False)
    return Masked(out, LABELS[kinds.DOCX if source == "doc" else kinds.XLSX], tuple(forms), text)


def _image(data: bytes, media_type: str, planner: Planner, config: Config) -> Masked:
    out, forms = mask_image_bytes(data, planner, config.mask.font, config.documents.ocr_max_pages)
    return Masked(out, LABELS[media_type], tuple(forms))


MASKERS: dict[str, Masker] = {
    kinds.TEXT: _plain,
    kinds.CSV: _plain,
    kinds.HTML: _plain,
    kinds.DOCX: _package,
    kinds.XLSX: _package,
    kinds.ODT: _package,
    kinds.ODS: _package,
    kinds.PDF: _pdf,
    kinds.DOC: _legacy,
    kinds.XLS: _legacy,
    **dict.fromkeys(kinds.IMAGES, _image),
}
