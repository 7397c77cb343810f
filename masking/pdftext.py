"""PDFs with a text layer: the text objects holding a number are rewritten, the digits gone.

A box drawn over a number leaves it in the file (anyone can copy it out), so masking must change
the text itself. pdfium (pypdfium2, Apache/BSD) says which text object draws each character of a
page's text (``FPDFText_GetTextObject``). Each object holding a digit to mask is replaced by a new
text object at the same place, size and colour, carrying the same text with those digits as ``X``,
set in ``mask.font`` (a Thai and Latin TrueType font embedded by pdfium: the original font is often
a subset without an ``X``). Only those objects change; the rest of the page stays as drawn.
The pages are then copied into a fresh document, so nothing the old content streams held (the
digits' glyph codes) is carried over; the document information (title, author) is not copied
either, as it may hold a number too.

Scanned pages (no text layer over a page-sized image, as ``documents.pdf`` judges them) are
rendered at ``documents.ocr_dpi`` (a huge page no larger than A4 at 300 dpi, as ``documents.pdf``
renders them), painted over like any scan (:mod:`masking.pixels`) and drawn as the new page's only
content: the original image, digits and all, is not carried over.

An object drawn inside a form XObject cannot be removed from its page: such a document fails with
a reason, as does a page whose number pdfium cannot place.
"""

from __future__ import annotations

import ctypes
import io
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image

from core.config import Config
from documents.pdf import needs_ocr, render_scale
from masking.errors import MaskError
from masking.pixels import mask_image
from masking.plan import MASK, Planner

LINE_EM = 0.3
"""Glyphs whose baselines differ by more than this many character heights are on different lines."""
GAP_EM = 0.6
"""A gap wider than this many character heights between two glyphs of one object is a jump (the
next cell of a row): the text after it is placed where it was, not run on."""


def _address(handle: Any) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _width(obj: Any) -> float:
    """How far an object reaches along the page's x axis (points)."""
    left, bottom, right, top = (ctypes.c_float(0) for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top)))
    return right.value - left.value


class _Rewriter:
    """Replaces text objects of one document, in one embedded font."""

    def __init__(self, pdf: pdfium.PdfDocument, font_file: str) -> None:
        self.pdf = pdf
        try:
            with open(font_file, "rb") as stream:
                self._font_data = stream.read()  # pdfium reads it while the document lives
        except OSError as exc:
            raise MaskError(f"ไม่พบแบบอักษร (mask.font cannot be read: {exc.strerror})") from exc
        buffer = ctypes.cast(ctypes.c_char_p(self._font_data), ctypes.POINTER(ctypes.c_uint8))
        self.font = raw.FPDFText_LoadFont(pdf.raw, buffer, len(self._font_data), raw.FPDF_FONT_TRUETYPE, 1)
        if not self.font:
            raise MaskError(f"แบบอักษรใช้ไม่ได้ (mask.font is no TrueType font pdfium can embed: {font_file})")

    def close(self) -> None:
        raw.FPDFFont_Close(self.font)

    def replace(self, page: pdfium.PdfPage, old: Any, at: int, segments: list[_Segment]) -> None:
        """Put ``segments`` where the text object ``old`` (the page's object number ``at``) was
        drawn, in its place in the drawing order, and remove it (readers that rebuild table cells
        follow that order)."""
        size = ctypes.c_float(0)
        raw.FPDFTextObj_GetFontSize(old, ctypes.byref(size))
        matrix = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(old, ctypes.byref(matrix))
        rgba = [ctypes.c_uint(0) for _ in range(4)]
        raw.FPDFPageObj_GetFillColor(old, *(ctypes.byref(c) for c in rgba))
        mode = raw.FPDFTextObj_GetTextRenderMode(old)
        raw.FPDFPage_RemoveObject(page.raw, old)
        raw.FPDFPageObj_Destroy(old)
        for offset, segment in enumerate(segments):
            new = raw.FPDFPageObj_CreateTextObj(self.pdf.raw, self.font, size.value)
            wide = ctypes.create_string_buffer((segment.text + "\0").encode("utf-16-le"))
            raw.FPDFText_SetText(new, ctypes.cast(wide, ctypes.POINTER(ctypes.c_ushort)))
            place = raw.FS_MATRIX(matrix.a, matrix.b, matrix.c, matrix.d, segment.x, segment.y)
            raw.FPDFPageObj_SetMatrix(new, ctypes.byref(place))
            width = _width(new)
            if width > segment.room > 0:  # the new font runs wider: squeeze it into the old room
                place.a, place.b = place.a * segment.room / width, place.b * segment.room / width
                raw.FPDFPageObj_SetMatrix(new, ctypes.byref(place))
            raw.FPDFPageObj_SetFillColor(new, *(c.value for c in rgba))
            raw.FPDFTextObj_SetTextRenderMode(new, mode)
            raw.FPDFPage_InsertObjectAtIndex(page.raw, new, at + offset)


@dataclass
class _Segment:
    """Characters of a text object drawn one after the other: its text, where it starts (the
    first glyph's origin, page space) and how wide it was."""

    text: str
    x: float
    y: float
    right: float

    @property
    def room(self) -> float:
        return self.right - self.x


def _segments(textpage: Any, text: str, indices: list[int], masked: set[int]) -> list[_Segment]:
    """The characters ``indices`` of one text object cut where the object jumps (a table's next
    cell, a new line), each with its planned digits as X. Chromium and LibreOffice draw a whole
    row of cells as one object; rewriting it as one run of text would pull every cell left."""
    segments: list[_Segment] = []
    x, y = ctypes.c_double(0), ctypes.c_double(0)
    box = raw.FS_RECTF()
    for index in indices:
        raw.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
        raw.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(box))
        height = max(box.top - box.bottom, 1.0)
        char = MASK if index in masked else text[index]
        last = segments[-1] if segments else None
        if last and abs(y.value - last.y) <= LINE_EM * height and -height <= box.left - last.right <= GAP_EM * height:
            last.text += char
            last.right = max(last.right, box.right)
        else:
            segments.append(_Segment(char, x.value, y.value, box.right))
    return segments


def _mask_page(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str, planner: Planner, rewriter: _Rewriter
) -> list[str]:
    """Rewrite the text objects of one page (``text`` read from ``textpage``) that hold digits to
    mask; the masked forms."""
    plan = planner.plan(text)
    if not plan.offsets:
        return []
    count = textpage.count_chars()
    if len(text) != count:
        raise MaskError("ข้อความในหน้านี้จัดตำแหน่งไม่ได้ (page text does not line up with its characters)")
    owners = [raw.FPDFText_GetTextObject(textpage.raw, i) for i in range(count)]
    chars: dict[int, list[int]] = defaultdict(list)
    for index, owner in enumerate(owners):
        address = _address(owner)
        if address is not None:
            chars[address].append(index)
    touched = {_address(owners[i]) for i in plan.offsets}
    if None in touched:
        raise MaskError("หาตำแหน่งตัวเลขในหน้าไม่ได้ (a number's characters belong to no text object)")
    order = {_address(raw.FPDFPage_GetObject(page.raw, i)): i for i in range(raw.FPDFPage_CountObjects(page.raw))}
    if not touched <= order.keys():
        raise MaskError("เลขอยู่ในวัตถุที่แก้ไม่ได้ (a number is drawn inside a form XObject: not masked)")
    for address in sorted(touched, key=order.__getitem__, reverse=True):  # later objects first: numbers hold
        indices = chars[address]  # type: ignore[index]
        old = owners[indices[0]]
        rewriter.replace(page, old, order[address], _segments(textpage.raw, text, indices, plan.offsets))
    raw.FPDFPage_GenerateContent(page.raw)
    return plan.forms


@contextmanager
def _document(data: bytes) -> Iterator[pdfium.PdfDocument]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise MaskError(f"เปิด PDF ไม่ได้ (PDF cannot be opened: {exc})") from exc
    try:
        yield pdf
    finally:
        pdf.close()


@dataclass
class _Pages:
    """What masking did to a document's pages: the masked forms, and the scanned pages repainted."""

    forms: list[str] = field(default_factory=list)
    scans: dict[int, Image.Image] = field(default_factory=dict)


def _mask_pages(pdf: pdfium.PdfDocument, planner: Planner, config: Config) -> _Pages:
    done = _Pages()
    rewriter = _Rewriter(pdf, config.mask.font)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()  # read once: judges the page and plans its masking
                if not needs_ocr(page, text):
                    done.forms += _mask_page(page, textpage, text, planner, rewriter)
                elif config.documents.ocr:
                    image = page.render(scale=render_scale(page, config.documents.ocr_dpi)).to_pil()
                    found = mask_image(image, planner, config.mask.font)
                    if found:
                        done.forms += found
                        done.scans[index] = image
            finally:
                textpage.close()
                page.close()
    finally:
        rewriter.close()
    return done


def _rebuild(pdf: pdfium.PdfDocument, scans: dict[int, Image.Image]) -> bytes:
    """A fresh document of ``pdf``'s pages, the repainted scans drawn as new page images."""
    copy = pdfium.PdfDocument.new()
    try:
        for index in range(len(pdf)):
            if index not in scans:
                copy.import_pages(pdf, pages=[index])
                continue
            width, height = pdf[index].get_size()
            page = copy.new_page(width, height)
            jpeg = io.BytesIO()
            scans[index].convert("RGB").save(jpeg, "JPEG", quality=85)
            jpeg.seek(0)
            image = pdfium.PdfImage.new(copy)
            image.load_jpeg(jpeg, inline=True)
            image.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(image)
            page.gen_content()
            page.close()
        out = io.BytesIO()
        copy.save(out)
        return out.getvalue()
    finally:
        copy.close()


def mask_pdf(data: bytes, planner: Planner, config: Config) -> tuple[bytes, list[str]]:
    """The PDF with every number masked (text layer rewritten, scanned pages repainted), and the
    masked forms."""
    with _document(data) as pdf:
        if len(pdf) > config.documents.max_pages:
            limit = config.documents.max_pages
            raise MaskError(f"เอกสารยาวเกินกำหนด ({len(pdf)} pages, over documents.max_pages = {limit})")
        done = _mask_pages(pdf, planner, config)
        if not done.forms:
            return data, []
        return _rebuild(pdf, done.scans), done.forms
