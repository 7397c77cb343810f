"""pdfminer.six made right for Thai: ``/ActualText`` honoured, combining marks attached.

LibreOffice and Chromium draw shaped Thai as glyphs whose ToUnicode maps are wrong or private-use,
and put the true text in a marked-content ``/ActualText`` span around them. pdfminer.six ignores it
(pdfminer.six issue #1288), so only 22-35% of Thai names come out right. This device replaces the
glyphs of each ActualText span with the span's text, and glues combining marks (tone marks, vowel
signs above and below) to the character before them instead of letting layout analysis move them to
a line of their own. ``boxes_flow=None`` skips the costly reading-order analysis, which doubles the
speed and does not matter for finding identifiers.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Collection, Iterator
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTContainer, LTCurve, LTItem, LTPage, LTTextContainer
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import Matrix, decode_text

from documents.cells import Glyph, PageCells, Rulings

LAPARAMS = LAParams(boxes_flow=None)
logging.getLogger("pdfminer").setLevel(logging.ERROR)  # per-glyph font warnings would flood sweep logs


def _actual_text(props: Any) -> str | None:
    """The ActualText of a BDC property list, if it has one."""
    props = resolve1(props)
    if not isinstance(props, dict):
        return None
    value = resolve1(props.get("ActualText"))
    if isinstance(value, bytes):
        return decode_text(value)
    if isinstance(value, str):
        return value
    return None


def _is_mark(text: str) -> bool:
    """True for text made only of combining marks (Thai tone marks, upper and lower vowels)."""
    return bool(text) and all(unicodedata.category(ch) in ("Mn", "Me") for ch in text)


def _absorb(keeper: LTChar, glyph: LTChar) -> None:
    """Grow ``keeper``'s box over ``glyph``'s, so layout sees one wide glyph and adds no space."""
    low = (min(keeper.x0, glyph.x0), min(keeper.y0, glyph.y0))
    keeper.set_bbox((*low, max(keeper.x1, glyph.x1), max(keeper.y1, glyph.y1)))


class ActualTextAggregator(PDFPageAggregator):
    """A page aggregator that honours ActualText spans and attaches combining marks."""

    def __init__(self, rsrcmgr: PDFResourceManager, laparams: LAParams | None = LAPARAMS) -> None:
        super().__init__(rsrcmgr, laparams=laparams)
        self._spans: list[str | None] = []  # ActualText per open marked-content span
        self._span_char: LTChar | None = None  # the glyph that carries the open span's text

    def begin_tag(self, tag: PSLiteral, props: Any = None) -> None:
        text = _actual_text(props) if props is not None else None
        self._spans.append(text)
        if text is not None:
            self._span_char = None

    def end_tag(self) -> None:
        if self._spans:
            self._spans.pop()

    def _open_actual_text(self) -> str | None:
        for text in reversed(self._spans):
            if text is not None:
                return text
        return None

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> float:
        """Draw one glyph, then rewrite its text per the open ActualText span or mark rules."""
        advance = super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)
        objs = self.cur_item._objs
        char = objs[-1]
        if not isinstance(char, LTChar):
            return advance
        actual = self._open_actual_text()
        if actual is not None:
            if self._span_char is None:
                char._text = actual
                self._span_char = char
            else:
                objs.pop()
                _absorb(self._span_char, char)
        elif _is_mark(char._text) and len(objs) > 1:
            previous = objs[-2]
            if isinstance(previous, LTChar):
                objs.pop()
                previous._text += char._text
                _absorb(previous, char)
        return advance


def layout_text(item: LTItem) -> str:
    """The text of a laid-out page: each text box's lines, boxes separated by newlines."""
    parts: list[str] = []
    stack: list[LTItem] = [item]
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTTextContainer):
            parts.append(obj.get_text())
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(list(obj)))
    return "".join(parts)


def open_document(data: bytes) -> PDFDocument:
    """A pdfminer document over ``data`` (raises pdfminer's errors for corrupt or encrypted files)."""
    return PDFDocument(PDFParser(io.BytesIO(data)))


def page_cells(page: LTPage) -> PageCells:
    """A page not laid out, cut into cells from its glyphs and rulings in stream order
    (:mod:`documents.cells`)."""
    glyphs: list[Glyph] = []
    boxes: list[tuple[float, float, float, float]] = []
    stack: list[LTItem] = list(reversed(list(page)))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            glyphs.append(Glyph(obj.get_text(), obj.x0, obj.y0, obj.x1, obj.y1))
        elif isinstance(obj, LTCurve):  # LTRect and LTLine are curves too
            boxes.append((obj.x0, obj.y0, obj.x1, obj.y1))
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(list(obj)))
    return PageCells.of(glyphs, Rulings.from_boxes(boxes, page.width * page.height))


def iter_pages(
    document: PDFDocument, wanted: Collection[int] | None = None, max_pages: int | None = None, *, cells: bool = False
) -> Iterator[tuple[int, str]]:
    """(0-based index, text) for each wanted page, in order, ActualText-aware.

    With ``cells``, layout analysis is skipped and the text is read cell by cell
    (:func:`page_cells`): tables keep each cell's wrapped lines together, and a row that a page
    break splits is read whole at the top of the next page (:meth:`PageCells.continued_from`).
    """
    rsrcmgr = PDFResourceManager(caching=True)
    device = ActualTextAggregator(rsrcmgr, None if cells else LAPARAMS)
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    last = max(wanted) if wanted else None
    previous: tuple[int, PageCells] | None = None
    for index, page in enumerate(PDFPage.create_pages(document)):
        if (max_pages is not None and index >= max_pages) or (last is not None and index > last):
            return
        if wanted is not None and index not in wanted:
            continue
        interpreter.process_page(page)
        result: LTPage = device.get_result()
        if not cells:
            yield index, layout_text(result)
            continue
        current = page_cells(result)
        before = previous[1] if previous is not None and previous[0] == index - 1 else None
        yield index, current.text(before)
        previous = index, current
