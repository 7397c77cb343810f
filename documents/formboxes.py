"""Form boxes in a scan: a row of small equal boxes, one digit each, read box by box.

Complaint and registration forms ask for the ID one digit per box, thirteen boxes often grouped
1-4-5-2-1. In a scan the box edges are what Tesseract trips on: the sides are shorter than a
table ruling (:mod:`documents.scanprep` leaves them), so the page pass reads ``|4|1|0|4|`` as
letters and Thai digits, and the digits are lost (0 of every boxed ID on the sample and our own
scans). So the boxes are found from the page's ink before OCR: a box is two vertical strokes of
the same height, about a box's height apart, joined by ink along their tops and bottoms (what no
glyph draws), and a row is at least :data:`MIN_BOXES` boxes of one size on one level, touching or
a few box widths apart. Their edges are erased from the page, and each box's inside is read again
by Tesseract's English model restricted to digits, all of a page's boxes in one strip (one run
per page). The row becomes one OCR word, its digits separated by spaces, as a text PDF's box cells
are (:data:`documents.cells.BOX_BREAK`): the detectors read that only beside an ID label. A box
that does not come back as one digit makes the row unread: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from documents.cells import BOX_BREAK, Glyph
from documents.ocrwords import DIGIT_PASS, read_words

MIN_SIDE = 0.014
"""A box side is at least this share of the page's longer side (4 mm on A4: a digit of 12 pt text
is 3.5 mm high, and a 0 or an 8 is two strokes joined at top and bottom)."""
MAX_SIDE = 0.07
"""...and at most this share (21 mm: a table row of boxes beside a label wrapped over two lines)."""
LEVEL = 0.6
"""Two sides of a box: the shorter is at least this share of the taller..."""
WITHIN = 0.8
"""...and at least this share of it lies beside the taller."""
FRAGMENT = 3
"""Pixels: strokes this close are pieces of one scanned line."""
MIN_ASPECT, MAX_ASPECT = 0.3, 1.8
"""A box's width in heights (narrow table cells to wide boxes)."""
EDGE_COVER = 0.85
"""Share of a box's width its top and bottom edges must ink (JPEG and thin scans break lines)."""
MIN_BOXES, MAX_BOXES = 9, 20
"""Boxes in a row: an ID has 13, a phone 9 or 10; a row longer than 20 is a grid, not a number."""
GROUP_GAP = 3.0
"""Box widths at most between two groups of one row (1-4-5-2-1 forms leave about one)."""
APART = 0.25
"""Box widths between two boxes that start a new group (touching boxes share a ruling)."""
SAME_SIZE = 0.35
"""A box's width may differ from the row's median by this share."""
INSET = 0.05
"""Share of a box's size cut off each side before reading (what is left of its erased edges;
more would cut digits set against a side, as a spreadsheet aligns them)."""
BLANK = 0.01
"""A box whose inside has less ink than this share is empty."""
CLOSE = 2
"""Pixels: a gap this long (each way) in a vertical line is closed before strokes are measured."""
DIGIT_PX = 40
"""Pixels high a row's digits are scaled to for reading (Tesseract reads text best 20-40 px high)."""
GAP = 0.35
"""Digit heights of paper between two boxes' digits in the reading strip."""
BAND = 30
"""Paper around each row in the strip."""
MAX_ROWS = 8
"""Rows read per page at most (a hostile page of boxes cannot make the pass expensive)."""


@dataclass(frozen=True, slots=True)
class Stroke:
    """A vertical stroke: its column span and its rows (top < bottom, pixel space)."""

    x0: int
    x1: int
    top: int
    bottom: int

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Box:
    """One box: from its left stroke's right edge to its right stroke's left edge."""

    x0: int
    x1: int
    top: int
    bottom: int


@dataclass(frozen=True)
class BoxRow:
    """A row of boxes, left to right, and its strokes (to erase)."""

    boxes: tuple[Box, ...]
    strokes: tuple[Stroke, ...]
    starts: frozenset[int] = frozenset()
    """Indices of the boxes that start a group after a gap (none when the boxes all touch)."""

    @property
    def top(self) -> int:
        return min(box.top for box in self.boxes)

    @property
    def bottom(self) -> int:
        return max(box.bottom for box in self.boxes)


def _column_runs(ink: NDArray[np.bool_], shortest: int, longest: int) -> list[tuple[int, int, int]]:
    """Each vertical run of ink of ``shortest`` to ``longest`` pixels as (column, top, bottom)."""
    padded = np.zeros((ink.shape[1], ink.shape[0] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink.T
    columns, rows = np.nonzero(np.diff(padded, axis=1))  # a run's start and end, in turn
    starts, ends, columns = rows[0::2], rows[1::2], columns[0::2]
    keep = (ends - starts >= shortest) & (ends - starts <= longest)
    return list(zip(columns[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True))


def strokes(ink: NDArray[np.bool_], shortest: int, longest: int) -> list[Stroke]:
    """Vertical strokes: runs in neighbouring columns with the same ends are one (a scanned line is
    a few pixels thick)."""
    tolerance = max(2, shortest // 8)
    done: list[Stroke] = []
    open_: list[Stroke] = []
    column = -1
    for x, top, bottom in _column_runs(ink, shortest, longest):
        if x != column:
            done += [s for s in open_ if s.x1 < x - 1]
            open_ = [s for s in open_ if s.x1 >= x - 1]
            column = x
        for index, stroke in enumerate(open_):
            if stroke.x1 == x - 1 and abs(stroke.top - top) <= tolerance and abs(stroke.bottom - bottom) <= tolerance:
                open_[index] = Stroke(stroke.x0, x, min(stroke.top, top), max(stroke.bottom, bottom))
                break
        else:
            open_.append(Stroke(x, x, top, bottom))
    return done + open_


def _edge_inked(ink: NDArray[np.bool_], row: int, x0: int, x1: int, reach: int) -> bool:
    """Ink runs along ``row`` (give or take ``reach`` rows) over most of x0..x1."""
    if x1 <= x0:
        return True
    band = ink[max(0, row - reach) : row + reach + 1, x0:x1]
    return bool(band.any(axis=0).mean() >= EDGE_COVER)


def _level(left: Stroke, right: Stroke) -> bool:
    """Two strokes of about one height side by side: the shorter lies within the taller (one may run
    on into a glyph or a ruling it touches)."""
    shorter, taller = sorted((left.height, right.height))
    shared = min(left.bottom, right.bottom) - max(left.top, right.top)
    return shorter >= LEVEL * taller and shared >= WITHIN * shorter


def _box(ink: NDArray[np.bool_], left: Stroke, right: Stroke) -> Box | None:
    """The box two level strokes make (their shared rows), if they are its sides."""
    top, bottom = max(left.top, right.top), min(left.bottom, right.bottom)
    height = bottom - top
    width = right.x0 - left.x1
    if not MIN_ASPECT * height <= width <= MAX_ASPECT * height:
        return None
    reach = max(2, round(0.075 * height))
    if not _edge_inked(ink, top, left.x1 + 1, right.x0, reach):
        return None
    if not _edge_inked(ink, bottom - 1, left.x1 + 1, right.x0, reach):
        return None
    return Box(left.x1 + 1, right.x0, top, bottom)


def _boxes(ink: NDArray[np.bool_], found: Sequence[Stroke]) -> list[tuple[Box, Stroke, Stroke]]:
    """Every box: each stroke and the nearest stroke to its right on its level, when the two
    close a box."""
    by_x = sorted(found, key=lambda s: s.x0)
    out = []
    for index, left in enumerate(by_x):
        reach = left.x1 + MAX_ASPECT * left.height + 2
        nearest = None  # the nearest level stroke: only pieces of the same line may follow it
        for right in by_x[index + 1 :]:
            if right.x0 > reach or (nearest is not None and right.x0 > nearest + FRAGMENT):
                break
            if right.x0 > left.x1 + 1 and _level(left, right):
                box = _box(ink, left, right)
                if box is not None:
                    out.append((box, left, right))
                    break
                nearest = right.x1 if nearest is None else nearest
    return out


def _rows(boxes: Sequence[tuple[Box, Stroke, Stroke]]) -> list[BoxRow]:
    """Boxes chained left to right on one level into rows of MIN_BOXES to MAX_BOXES similar boxes."""
    rows: list[list[tuple[Box, Stroke, Stroke]]] = []
    for item in sorted(boxes, key=lambda b: b[0].x0):
        box = item[0]
        height = box.bottom - box.top
        for row in rows:
            last = row[-1][0]
            tolerance = max(3, 0.2 * height)
            level = abs(last.top - box.top) <= tolerance and abs(last.bottom - box.bottom) <= tolerance
            if level and 0 <= box.x0 - last.x1 <= GROUP_GAP * (last.x1 - last.x0) + height:
                row.append(item)
                break
        else:
            rows.append([item])
    out = []
    for row in rows:
        widths = np.array([box.x1 - box.x0 for box, _, _ in row])
        median = float(np.median(widths))
        if MIN_BOXES <= len(row) <= MAX_BOXES and np.all(np.abs(widths - median) <= SAME_SIZE * median):
            found = {stroke for _, left, right in row for stroke in (left, right)}
            starts = frozenset(k for k in range(1, len(row)) if row[k][0].x0 - row[k - 1][0].x1 > APART * median)
            if len(starts) == len(row) - 1:
                continue  # no two boxes share a side: glyphs (0 8 6 ...) in a line of text
            out.append(BoxRow(tuple(box for box, _, _ in row), tuple(found), starts))
    return out


def _thickened(ink: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Ink grown a pixel left and right, and gaps of up to CLOSE pixels down a column closed: a
    thin line a scan left slightly slanted (even after deskewing) steps from column to column, and
    JPEG breaks it."""
    wide = ink.copy()
    wide[:, 1:] |= ink[:, :-1]
    wide[:, :-1] |= ink[:, 1:]
    grown = wide.copy()
    for shift in range(1, CLOSE + 1):
        grown[shift:] |= wide[:-shift]
        grown[:-shift] |= wide[shift:]
    closed = grown.copy()
    for shift in range(1, CLOSE + 1):
        closed[shift:] &= grown[:-shift]
        closed[:-shift] &= grown[shift:]
    return closed


def find_rows(ink: NDArray[np.bool_]) -> list[BoxRow]:
    """The rows of form boxes on a page's ink mask."""
    side = max(ink.shape)
    ink = _thickened(ink)
    found = strokes(ink, max(8, round(MIN_SIDE * side)), round(MAX_SIDE * side))
    return sorted(_rows(_boxes(ink, found)), key=lambda row: row.top)[:MAX_ROWS]


def erase(pixels: NDArray[np.uint8], rows: Sequence[BoxRow]) -> None:
    """Paint the rows' box edges as paper, in place (the page pass then sees bare digits)."""
    for row in rows:
        for stroke in row.strokes:
            pixels[stroke.top - 1 : stroke.bottom + 2, max(0, stroke.x0 - 1) : stroke.x1 + 2] = 255
        for box in row.boxes:
            for edge in (box.top, box.bottom):
                reach = max(2, (box.bottom - box.top) // 12)
                pixels[max(0, edge - reach) : edge + reach + 1, box.x0 : box.x1] = 255


def _inside(pixels: NDArray[np.uint8], box: Box, threshold: int) -> NDArray[np.bool_]:
    """The ink inside a box, its edges and their blur cut off."""
    dx, dy = round(INSET * (box.x1 - box.x0)), round(INSET * (box.bottom - box.top))
    return pixels[box.top + dy : box.bottom - dy, box.x0 + dx : box.x1 - dx] < threshold


def _band(pixels: NDArray[np.uint8], row: BoxRow, threshold: int) -> tuple[Image.Image, list[int]]:
    """A row's inked boxes' digits cut tight (each box's ink columns, the row's ink rows, so the
    digits keep their line), scaled to DIGIT_PX high and set GAP apart: a line Tesseract reads as
    one number (set a box apart, it invents digits); and which boxes they are."""
    insides = [_inside(pixels, box, threshold) for box in row.boxes]
    inked = [k for k, ink in enumerate(insides) if ink.size and float(ink.mean()) >= BLANK]
    if not inked:
        return Image.new("L", (1, 1), 255), []
    height = min(insides[k].shape[0] for k in inked)
    rows = np.flatnonzero(np.any([insides[k][:height].any(axis=1) for k in inked], axis=0))
    if not rows.size:
        return Image.new("L", (1, 1), 255), []
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    scale = DIGIT_PX / (bottom - top)
    glyphs, read = [], []
    for k in inked:
        ink = insides[k][top:bottom]
        columns = np.flatnonzero(ink.any(axis=0))
        if not columns.size:  # its ink lies below the row's shortest box: a speck, not a digit
            continue
        cut = np.where(ink[:, columns[0] : columns[-1] + 1], 0, 255).astype(np.uint8)
        glyph = Image.fromarray(cut)
        glyphs.append(glyph.resize((max(1, round(glyph.width * scale)), DIGIT_PX), Image.Resampling.LANCZOS))
        read.append(k)
    gap = round(GAP * DIGIT_PX)
    band = Image.new("L", (2 * BAND + sum(g.width + gap for g in glyphs), DIGIT_PX + 2 * BAND), 255)
    x = BAND
    for glyph in glyphs:
        band.paste(glyph, (x, BAND))
        x += glyph.width + gap
    return band, read


def _strip(
    image: Image.Image, rows: Sequence[BoxRow], threshold: int
) -> tuple[Image.Image, list[tuple[int, int, list[int]]]]:
    """The rows' bands stacked into one image; each band's top, bottom and inked boxes."""
    pixels = np.asarray(image.convert("L"))
    bands = [_band(pixels, row, threshold) for row in rows]
    strip = Image.new("L", (max(b.width for b, _ in bands), sum(b.height for b, _ in bands)), 255)
    layout = []
    top = 0
    for band, inked in bands:
        strip.paste(band, (0, top))
        layout.append((top, top + band.height, inked))
        top += band.height
    return strip, layout


def row_text(row: BoxRow, digits: dict[int, str]) -> str:
    """A row's digits as printed: a group's boxes side by side, groups apart (``2 4104 38012 71
    5``, an ID's official layout); boxes that all touch, one BOX_BREAK apart, as a text PDF's
    box cells are (the detectors want an ID label beside those)."""
    if not row.starts:
        return BOX_BREAK.join(digits[k] for k in sorted(digits))
    return "".join((" " if k in row.starts else "") + digits[k] for k in sorted(digits)).strip()


def read_rows(image: Image.Image, rows: Sequence[BoxRow], threshold: int, seconds: float) -> list[str | None]:
    """Each row's text (:func:`row_text`; ink is darker than ``threshold``); None when the
    reading has not exactly one digit per inked box (nothing is guessed)."""
    if not rows:
        return []
    strip, layout = _strip(image, rows, threshold)
    read = ["" for _ in rows]
    for line in read_words(DIGIT_PASS, strip, seconds):
        for word in sorted(line, key=lambda w: w.x0):
            middle = -(word.y0 + word.y1) / 2
            band = next((k for k, (top, bottom, _) in enumerate(layout) if top <= middle < bottom), None)
            if band is not None:
                read[band] += "".join(ch for ch in word.text if ch.isdigit())
    texts: list[str | None] = []
    for row, digits, (_, _, inked) in zip(rows, read, layout, strict=True):
        good = bool(inked) and len(digits) == len(inked)
        texts.append(row_text(row, dict(zip(inked, digits, strict=True))) if good else None)
    return texts


def as_word(row: BoxRow, text: str) -> Glyph:
    """The row as one OCR word in word-box space (y is minus the pixel row)."""
    return Glyph(text, row.boxes[0].x0, -row.bottom, row.boxes[-1].x1, -row.top)


def merge(lines: list[list[Glyph]], words: Sequence[Glyph]) -> list[list[Glyph]]:
    """OCR lines with each row word in place of the words Tesseract read inside its boxes, on the
    line it shares most height with (its label's), or on a line of its own."""
    out = [list(line) for line in lines]
    for word in words:

        def inside(other: Glyph, word: Glyph = word) -> bool:
            middle_x, middle_y = (other.x0 + other.x1) / 2, (other.y0 + other.y1) / 2
            return word.x0 <= middle_x <= word.x1 and word.y0 <= middle_y <= word.y1

        out = [kept for line in out if (kept := [other for other in line if not inside(other)])]

        def shared(line: list[Glyph], word: Glyph = word) -> float:
            return max((min(w.y1, word.y1) - max(w.y0, word.y0) for w in line), default=0.0)

        best = max(range(len(out)), key=lambda k: shared(out[k]), default=None)
        if best is None or shared(out[best]) <= 0:
            below = next((k for k, line in enumerate(out) if max(w.y1 for w in line) < word.y0), len(out))
            out.insert(below, [word])
        else:
            out[best] = sorted([*out[best], word], key=lambda w: w.x0)
    return out


def reread(
    lines: list[list[Glyph]], image: Image.Image, rows: Sequence[BoxRow], threshold: int, seconds: float
) -> list[list[Glyph]]:
    """OCR lines with each row of boxes that reads as one digit per box in place of what the page
    pass made of it."""
    texts = read_rows(image, rows, threshold, seconds)
    return merge(lines, [as_word(row, text) for row, text in zip(rows, texts, strict=True) if text])
