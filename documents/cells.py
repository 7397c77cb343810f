"""Table cells rebuilt from glyph positions, so a number wrapped in a narrow cell is read whole.

LibreOffice and Chromium draw a table cell by cell: the glyphs of one cell follow each other in the
content stream, its wrapped lines one under the other. Layout analysis (pdfminer.six's text boxes,
pdftotext) instead reads the page line by line across the row, so the pieces of an ID wrapped in
its cell (``1-1017-0`` / ``00012-34-`` / ``5``) come out with the other cells' text between them,
and joining lines by text order invents numbers (a random 13-digit join passes the check digit one
time in ten) and misses real ones.

This module walks the glyphs in stream order and cuts them into cells by geometry: a glyph stays
in the current cell when it continues the current line to the right without crossing a ruling or
a column-wide gap, or starts the next line just below inside the cell's columns without crossing a
ruling; anything else (a jump up to the next cell of the row, back left to a new row, across a
ruling) starts a new cell. A cell's lines are joined by :data:`CELL_WRAP`, across which the
detectors read a wrapped number whole, and cells are joined by :data:`CELL_BREAK`, which no digit run
crosses, so no number is ever made of two cells. Cells of one row share a line of the output text,
so a name beside an ID stays its context. A row of one-digit cells (a form's boxes) is written as
digits separated by spaces: the detectors accept that only beside an ID label.

Rulings are the page's thin rectangles and lines (table borders); a rectangle's edges count too.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

CELL_WRAP = "\u2028"
"""Between the lines of one cell (Unicode's line separator): the detectors read a number across it
(:data:`detectors.normalize.CELL_WRAP`), but not across other line breaks."""
CELL_BREAK = " ¦ "
"""Between two cells of one row: not a separator any digit run crosses."""
ROW_BREAK = "\n"
"""Between rows (and between cells that do not share a row)."""
BOX_BREAK = " "
"""Between one-digit cells of one row (a form's boxes)."""
GAP_EM = 2.5
"""A same-line gap wider than this many line heights is a column gap, even without a ruling
(justified cells spread a number's groups over about one and a half)."""
SPACE_EM = 0.15
"""A same-line gap wider than this many line heights is a word space."""
LEADING_EM = 1.0
"""The next line of a cell starts at most this many line heights below the current line."""
FULL_EM = 1.0
"""A line ending closer than this many line heights to its cell's right ruling (or, unruled, to the
cell's widest line) was wrapped by the cell's edge: a number cut there is glued back."""
BACKSTEP_EM = 0.5
"""How far left of the line's end a glyph may start and still continue it (kerning, marks)."""
THIN = 2.0
"""A rectangle thinner than this (points) is a ruling line."""
_DIGITS = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙")


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph's text and box in PDF page space (y grows upwards); for an OCR'd word, also
    Tesseract's confidence in it (0-100; -1 when there is none)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float = -1.0


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling: at ``at`` (x of a vertical one, y of a horizontal one), from ``lo`` to ``hi``."""

    at: float
    lo: float
    hi: float


class Rulings:
    """Vertical and horizontal rulings of a page, sorted for range queries."""

    def __init__(self, vertical: Iterable[Segment], horizontal: Iterable[Segment]) -> None:
        self.vertical = sorted(vertical, key=lambda s: s.at)
        self.horizontal = sorted(horizontal, key=lambda s: s.at)
        self._v_at = [s.at for s in self.vertical]
        self._h_at = [s.at for s in self.horizontal]

    @classmethod
    def from_boxes(cls, boxes: Iterable[tuple[float, float, float, float]], page_area: float) -> Rulings:
        """Rulings from the boxes of rectangles and lines: thin ones are lines, others give their edges.

        A box covering most of the page (a background, a frame) is ignored.
        """
        vertical: list[Segment] = []
        horizontal: list[Segment] = []
        for x0, y0, x1, y1 in boxes:
            width, height = x1 - x0, y1 - y0
            if width <= THIN and height > THIN:
                vertical.append(Segment((x0 + x1) / 2, y0, y1))
            elif height <= THIN and width > THIN:
                horizontal.append(Segment((y0 + y1) / 2, x0, x1))
            elif width > THIN and height > THIN and width * height < 0.5 * page_area:
                vertical += [Segment(x0, y0, y1), Segment(x1, y0, y1)]
                horizontal += [Segment(y0, x0, x1), Segment(y1, x0, x1)]
        return cls(vertical, horizontal)

    def crosses_vertical(self, x_from: float, x_to: float, y_lo: float, y_hi: float) -> bool:
        """A vertical ruling strictly between x_from and x_to overlapping y_lo..y_hi."""
        lo, hi = bisect_right(self._v_at, x_from), bisect_left(self._v_at, x_to)
        return any(s.lo < y_hi and s.hi > y_lo for s in self.vertical[lo:hi])

    def next_vertical(self, x: float, y_lo: float, y_hi: float) -> float | None:
        """The nearest vertical ruling right of ``x`` overlapping y_lo..y_hi, if any."""
        for segment in self.vertical[bisect_right(self._v_at, x) :]:
            if segment.lo < y_hi and segment.hi > y_lo:
                return segment.at
        return None

    def crosses_horizontal(self, y_from: float, y_to: float, x_lo: float, x_hi: float) -> bool:
        """A horizontal ruling strictly between y_from and y_to overlapping x_lo..x_hi."""
        lo, hi = bisect_right(self._h_at, y_from), bisect_left(self._h_at, y_to)
        return any(s.lo < x_hi and s.hi > x_lo for s in self.horizontal[lo:hi])


NO_RULINGS = Rulings((), ())


@dataclass(slots=True)
class _Line:
    x0: float
    y0: float
    x1: float
    y1: float
    parts: list[str] = field(default_factory=list)

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


@dataclass(slots=True)
class _Cell:
    lines: list[_Line]
    x0: float
    x1: float
    top: float

    @property
    def line(self) -> _Line:
        return self.lines[-1]

    @property
    def middle(self) -> float:
        return (self.top + self.bottom_edge) / 2

    @property
    def bottom_edge(self) -> float:
        return min(line.y0 for line in self.lines)

    def text(self, rulings: Rulings, full_em: float = FULL_EM) -> str:
        """The cell's lines joined: a word or a number cut by the wrap is glued back, other wraps
        become CELL_WRAP."""
        widest = max(line.x1 for line in self.lines)
        texts = ["".join(line.parts).strip() for line in self.lines]
        parts = [texts[0]]
        for line, before, after in zip(self.lines, texts, texts[1:], strict=False):
            parts.append(_wrap(line, before, after, rulings, widest, full_em))
            parts.append(after)
        return "".join(parts).strip()


def _is_thai_letter(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e4e"


def _wrap(line: _Line, before: str, after: str, rulings: Rulings, widest: float, full_em: float) -> str:
    """What joins two lines of a cell: nothing inside a Thai word (Thai has no spaces between words,
    so a wrap falls inside a phrase: เลขประจำตัวประชา / ชน), nothing between digits when the line
    was full (a number broken by the cell's edge, not at its own space), else CELL_WRAP."""
    if not before or not after:
        return CELL_WRAP
    if _is_thai_letter(before[-1]) and _is_thai_letter(after[0]):
        return ""
    if before[-1] in _DIGITS and after[0] in _DIGITS:
        edge = rulings.next_vertical(line.x1, line.y0, line.y1)
        bound = widest if edge is None else edge
        if bound - line.x1 < full_em * line.height:
            return ""
    return CELL_WRAP


def _continues_line(line: _Line, glyph: Glyph, rulings: Rulings) -> bool:
    middle = (glyph.y0 + glyph.y1) / 2
    if not line.y0 <= middle <= line.y1:
        return False
    height = line.height
    if glyph.x0 < line.x1 - BACKSTEP_EM * height or glyph.x0 - line.x1 > GAP_EM * height:
        return False
    return not rulings.crosses_vertical(line.x1, glyph.x0, line.y0, line.y1)


def _starts_next_line(cell: _Cell, glyph: Glyph, rulings: Rulings) -> bool:
    line = cell.line
    height = line.height
    if (glyph.y0 + glyph.y1) / 2 >= line.y0 or line.y0 - glyph.y1 > LEADING_EM * height:
        return False
    if not cell.x0 - height <= glyph.x0 <= cell.x1 + BACKSTEP_EM * height:
        return False
    if rulings.crosses_horizontal(glyph.y1, line.y0, min(cell.x0, glyph.x0), max(cell.x1, glyph.x1)):
        return False
    left, right = min(cell.x0, glyph.x0), max(cell.x0, glyph.x0)
    return not rulings.crosses_vertical(left, right, glyph.y0, glyph.y1)


def _new_line(glyph: Glyph) -> _Line:
    return _Line(glyph.x0, glyph.y0, glyph.x1, glyph.y1, [glyph.text])


def _extend(line: _Line, glyph: Glyph, spaced: bool, space_em: float = SPACE_EM) -> None:
    if spaced or glyph.x0 - line.x1 > space_em * line.height:
        line.parts.append(" ")
    line.parts.append(glyph.text)
    line.x1 = max(line.x1, glyph.x1)
    line.y0, line.y1 = min(line.y0, glyph.y0), max(line.y1, glyph.y1)


def build_cells(glyphs: Iterable[Glyph], rulings: Rulings = NO_RULINGS) -> list[_Cell]:
    """The glyphs, in content-stream order, cut into cells (see the module docstring)."""
    cells: list[_Cell] = []
    spaced = False
    for glyph in glyphs:
        if not glyph.text.strip():
            spaced = True
            continue
        cell = cells[-1] if cells else None
        if cell is not None and _continues_line(cell.line, glyph, rulings):
            _extend(cell.line, glyph, spaced)
        elif cell is not None and _starts_next_line(cell, glyph, rulings):
            cell.lines.append(_new_line(glyph))
        else:
            cells.append(_Cell([_new_line(glyph)], glyph.x0, glyph.x1, glyph.y1))
            cell = cells[-1]
        cell.x0, cell.x1 = min(cell.x0, glyph.x0), max(cell.x1, glyph.x1)
        spaced = False
    return cells


def _rows(cells: Sequence[_Cell]) -> list[list[_Cell]]:
    """Cells grouped into rows, top to bottom, each row left to right: a cell whose middle lies within
    the current row's height joins it. Geometry, not stream order, because Calc prints a row's
    wrapped cells after all its one-line cells."""
    rows: list[list[_Cell]] = []
    low = high = 0.0
    for cell in sorted(cells, key=lambda c: -c.top):
        if rows and low <= cell.middle <= high:
            rows[-1].append(cell)
            low, high = min(low, cell.bottom_edge), max(high, cell.top)
        else:
            rows.append([cell])
            low, high = cell.bottom_edge, cell.top
    return [sorted(row, key=lambda c: c.x0) for row in rows]


def _is_box(text: str) -> bool:
    return len(text) == 1 and text in _DIGITS


def _rows_text(rows: Sequence[Sequence[str]]) -> str:
    """The page text from its cells' texts in rows: rows on lines, cells of a row joined by
    CELL_BREAK, form boxes by spaces."""
    lines = []
    for row in rows:
        parts: list[str] = []
        previous = ""
        for text in row:
            if not text:
                continue
            if parts:
                parts.append(BOX_BREAK if _is_box(previous) and _is_box(text) else CELL_BREAK)
            parts.append(text)
            previous = text
        if parts:
            lines.append("".join(parts))
    return ROW_BREAK.join(lines)


def page_text(glyphs: Iterable[Glyph], rulings: Rulings = NO_RULINGS) -> str:
    """The text of a page read cell by cell."""
    return PageCells.of(glyphs, rulings).text()


SPLIT_ROW_REACH = 3
"""Rows at the top of a page searched for the rest of a row the page break split (a repeated
header row may come first)."""


def _ends_number(text: str) -> bool:
    return bool(text) and (text[-1] in _DIGITS or text[-1] == "-")


def _starts_number(text: str) -> bool:
    return bool(text) and (text[0] in _DIGITS or text[0] == "-")


@dataclass
class PageCells:
    """One page's cells in rows, its rulings, and how near its cell's right edge a line of digits
    must end to be glued to the next (:data:`FULL_EM`, :data:`OCR_FULL_EM` for a scan)."""

    rows: list[list[_Cell]]
    rulings: Rulings
    full_em: float = FULL_EM

    @classmethod
    def of(cls, glyphs: Iterable[Glyph], rulings: Rulings = NO_RULINGS) -> PageCells:
        return cls(_rows(build_cells(glyphs, rulings)), rulings)

    @cached_property
    def texts(self) -> list[list[str]]:
        """Each cell's text, row by row, built once: the page's text and the next page's join of a
        split row both read them."""
        return [[cell.text(self.rulings, self.full_em) for cell in row] for row in self.rows]

    def continued_from(self, before: PageCells) -> str:
        """The row a page break split, read whole: each cell of the previous page's last row that
        ends a number joined to the cell in the same column of one of this page's first rows that
        starts one, beside the row's cells without digits (a name). Empty when nothing continues."""
        # the last row of two or more cells: a page's footer (an office's address, a page number)
        # is one line across the page under the table
        start = max(len(before.rows) - SPLIT_ROW_REACH, 0)
        last = next((i for i in reversed(range(start, len(before.rows))) if len(before.rows[i]) > 1), None)
        if last is None:
            return ""
        width = len(before.rows[last])
        # the rest of a split row is rows of fewer cells than a row (only the cells that wrapped go
        # on); full rows before it are a repeated header, and no short row before the first full
        # one means no row was split (joining the last row's row number to the next one's made a
        # "phone" of the two)
        rest: list[int] = []
        for index, row in enumerate(self.rows[:SPLIT_ROW_REACH]):
            if len(row) < width:
                rest.append(index)
            elif rest:
                break
        if not rest:
            return ""
        context: list[str] = []
        joined: list[str] = []
        for cell, text in zip(before.rows[last], before.texts[last], strict=True):
            if not _ends_number(text):
                context += [text] if not any(ch in _DIGITS for ch in text) else []
                continue
            below = self._below_top(cell, rest)
            if below is not None:
                joined.append(text + CELL_WRAP + below)
        return CELL_BREAK.join(context + joined) if joined else ""

    def _below_top(self, cell: _Cell, rows: Sequence[int]) -> str | None:
        """The text of the first cell of ``rows`` (indices) under ``cell`` that starts a number."""
        for index in rows:
            for other, text in zip(self.rows[index], self.texts[index], strict=True):
                if min(cell.x1, other.x1) - max(cell.x0, other.x0) > 0 and _starts_number(text):
                    return text
        return None

    def text(self, before: PageCells | None = None) -> str:
        """The page text, after the rest of a row split by the page break."""
        body = _rows_text(self.texts)
        head = self.continued_from(before) if before is not None else ""
        return f"{head}{ROW_BREAK}{body}" if head else body


OCR_GAP_EM = 1.2
"""In OCR'd lines, a gap between words wider than this many line heights is a column gap."""
OCR_LEADING_EM = 1.5
"""In OCR'd text, a line piece continues the cell above when it starts less than this many line
heights below it (a cell's own lines are packed tighter than rows, which have padding and a ruling)."""
OCR_THAI_SPACE_EM = 0.5
"""Tesseract boxes Thai text syllable by syllable: only a gap wider than this many line heights
between two Thai letters is a space (else นาย comes out as น า ย and no title is seen)."""
OCR_FULL_EM = 1.5
"""A scanned cell's line of digits ending closer than this many line heights to the cell's right
ruling was wrapped by the edge: a scan's cells have padding, and the next digit would not fit."""
RULING_TOKENS = frozenset("|[]!")
"""What Tesseract makes of a table's vertical rulings: cell boundaries, not text."""


def _pieces(line: Sequence[Glyph], rulings: Rulings) -> list[_Cell]:
    """One OCR'd line cut into cell pieces at rulings, ruling tokens and column-wide gaps."""
    pieces: list[_Cell] = []
    current: _Line | None = None
    for word in line:
        text = word.text.strip("".join(RULING_TOKENS))
        if (
            not text
            or current is None
            or word.x0 - current.x1 > OCR_GAP_EM * current.height
            or rulings.crosses_vertical(current.x1, word.x0 + 1, word.y0, word.y1)
        ):
            current = None
            if text:
                current = _new_line(Glyph(text, word.x0, word.y0, word.x1, word.y1))
                pieces.append(_Cell([current], word.x0, word.x1, word.y1))
            continue
        if word.text[0] in RULING_TOKENS:
            current = _new_line(Glyph(text, word.x0, word.y0, word.x1, word.y1))
            pieces.append(_Cell([current], word.x0, word.x1, word.y1))
        else:
            thai = _is_thai_letter(current.parts[-1][-1]) and _is_thai_letter(text[0])
            space_em = OCR_THAI_SPACE_EM if thai else SPACE_EM
            _extend(current, Glyph(text, word.x0, word.y0, word.x1, word.y1), False, space_em)
            pieces[-1].x1 = current.x1
        if word.text[-1] in RULING_TOKENS:
            current = None
    return pieces


def _below(cell: _Cell, piece: _Cell, rulings: Rulings) -> bool:
    """``piece`` starts just under the cell's last line, inside its columns, with no ruling between."""
    line, first = cell.line, piece.lines[0]
    gap = line.y0 - first.y1
    overlap = min(cell.x1, piece.x1) - max(cell.x0, piece.x0)
    if not (-0.3 * line.height <= gap <= OCR_LEADING_EM * line.height and overlap > 0):
        return False
    left, right = max(cell.x0, piece.x0), min(cell.x1, piece.x1)
    # between the two lines' middles: a Thai line's marks reach up to the ruling above its cell
    return not rulings.crosses_horizontal((first.y0 + first.y1) / 2, (line.y0 + line.y1) / 2, left, right)


def ocr_rows(lines: Sequence[Sequence[Glyph]], rulings: Rulings = NO_RULINGS) -> list[list[_Cell]]:
    """Cells rebuilt from OCR'd lines of words (Tesseract reads a table row by row across its
    cells): each line is cut into pieces, and a piece just under a cell's last line, inside its
    columns, continues that cell. No stream order exists in a scan, so geometry alone decides; a
    row is the cells that start on one OCR'd line (Tesseract follows the skew of a scan's lines)."""
    rows: list[list[_Cell]] = []
    open_cells: list[_Cell] = []
    for line in lines:
        started: list[_Cell] = []
        still_open = []
        for piece in _pieces(line, rulings):
            above = next((cell for cell in open_cells if _below(cell, piece, rulings)), None)
            if above is None:
                started.append(piece)
                still_open.append(piece)
                continue
            above.lines.append(piece.lines[0])
            above.x0, above.x1 = min(above.x0, piece.x0), max(above.x1, piece.x1)
            open_cells.remove(above)
            still_open.append(above)
        top = max(word.y1 for word in line)
        open_cells = still_open + [cell for cell in open_cells if cell.line.y0 - top < 2 * cell.line.height]
        rows.append(started)
    return rows


def ocr_cells(lines: Sequence[Sequence[Glyph]], rulings: Rulings = NO_RULINGS) -> PageCells:
    """An OCR'd page's cells (see :func:`ocr_rows`); ``rulings`` are the scan's table lines
    (:mod:`documents.scanprep`) in word-box space."""
    return PageCells(ocr_rows(lines, rulings), rulings, OCR_FULL_EM)


def ocr_text(lines: Sequence[Sequence[Glyph]], rulings: Rulings = NO_RULINGS, before: PageCells | None = None) -> str:
    """The text of an OCR'd page read cell by cell, after the rest of a row the page break split
    from ``before`` (the previous page's cells)."""
    return ocr_cells(lines, rulings).text(before)
