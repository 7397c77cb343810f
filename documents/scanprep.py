"""A scanned page made ready for OCR: straightened, and its table rulings found and erased.

LAOs scan signed tables at 150-200 dpi with a degree or two of skew. Tesseract follows a skewed
text line well enough, but a skewed ruling cuts through the next row's digits and a straight one
glued to the digits makes Tesseract drop or misread them (on generated and sample scans most IDs
in ruled tables were lost, and nearly all came back once the rulings were erased). The rulings are
also what tells a scan's cells apart: within a cell the lines are as far apart as the rows are, so
only a ruling between two lines says they belong to different rows (:func:`documents.cells.ocr_rows`).

The skew angle is the one that makes the rows of ink most uneven (the projection profile: text
lines and gaps alternate sharply only when the lines are level). A ruling is a dark run at least
:data:`RULING_SHARE` of the page wide (or high); text strokes are much shorter. Only PIL and numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from documents import formboxes
from documents.cells import Rulings, Segment

MAX_SKEW = 3.0
"""Degrees either way a scan may be skewed; a larger tilt is a layout choice, not a scan error."""
COARSE_STEP = 0.25
FINE_STEP = 0.05
MIN_SKEW = 0.1
"""Below this many degrees the page is OCR'd as it is (rotating blurs it a little)."""
PROFILE_PIXELS = 900
"""The skew is measured on a copy no larger than this many pixels a side (enough for 0.05 degrees)."""
PROFILE_GAIN = 1.02
"""A rotation must sharpen the profile by this factor over the page as it is (a page without
text lines has no angle)."""
RULING_SHARE = 1 / 25
"""A dark run at least this share of the page's width (or height) is a ruling: at 200 dpi on A4,
66 pixels, longer than any stroke of a Thai or Arabic glyph and shorter than the narrowest cell."""
MIN_RULING = 40
"""Pixels: the shortest run counted as a ruling, whatever the page size."""


@dataclass(frozen=True)
class Prepared:
    """The page to OCR and its rulings, in the OCR's word-box space (x right, y = minus the row)."""

    image: Image.Image
    rulings: Rulings
    angle: float
    boxes: tuple[formboxes.BoxRow, ...] = ()
    """Rows of form boxes (:mod:`documents.formboxes`), their edges erased from ``image``."""
    ink_level: int = 128
    """Grey levels below this are ink."""


def otsu(pixels: NDArray[np.uint8]) -> int:
    """The grey level that best splits ink from paper (Otsu's between-class variance)."""
    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    weight = np.cumsum(hist)
    mass = np.cumsum(hist * np.arange(256))
    total, mean = weight[-1], mass[-1]
    rest = total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = np.nan_to_num((mean * weight / total - mass) ** 2 / (weight * rest))
    return int(np.argmax(between))


def skew_angle(gray: Image.Image) -> float:
    """Degrees to rotate ``gray`` (counter-clockwise) so its text lines are level; 0.0 if unsure."""
    small = gray.copy()
    small.thumbnail((PROFILE_PIXELS, PROFILE_PIXELS))
    pixels = np.asarray(small)
    ink = Image.fromarray(((pixels < otsu(pixels)) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        turned = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float64)
        return float(np.var(turned.sum(axis=1)))

    steps = round(MAX_SKEW / COARSE_STEP)
    best = max((COARSE_STEP * k for k in range(-steps, steps + 1)), key=sharpness)
    fine = round(COARSE_STEP / FINE_STEP)
    best = max((best + FINE_STEP * k for k in range(-fine, fine + 1)), key=sharpness)
    level = sharpness(0.0)
    return best if sharpness(best) > level * PROFILE_GAIN else 0.0


def _long_runs(ink: NDArray[np.bool_], length: int) -> NDArray[np.bool_]:
    """The pixels inside a left-to-right run of at least ``length`` ink pixels."""
    height, width = ink.shape
    if width < length:
        return np.zeros_like(ink)
    counts = np.zeros((height, width + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=counts[:, 1:])
    starts = (counts[:, length:] - counts[:, :-length]) == length  # a full run starts here
    covered = np.zeros((height, width + 1), dtype=np.int32)
    np.cumsum(np.pad(starts, ((0, 0), (0, length - 1))), axis=1, out=covered[:, 1:])
    before = np.zeros((height, width), dtype=np.int32)  # full starts left of column x - length + 1
    before[:, length - 1 :] = covered[:, : width - length + 1]
    return (covered[:, 1:] - before) > 0


def _segments(lines: NDArray[np.bool_], length: int) -> list[tuple[float, int, int]]:
    """Each ruling of a horizontal-ruling mask as (row, first column, last column): neighbouring
    rows are one ruling (a scanned line is a few pixels thick)."""
    found: list[tuple[float, int, int]] = []
    rows = np.flatnonzero(lines.any(axis=1))
    if not rows.size:
        return found
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    for band in bands:
        merged = lines[band[0] : band[-1] + 1].any(axis=0).astype(np.int8)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], merged, [0]))))
        for start, stop in zip(edges[::2], edges[1::2], strict=True):
            if stop - start >= length:
                found.append(((band[0] + band[-1]) / 2, int(start), int(stop)))
    return found


def _rulings(horizontal: NDArray[np.bool_], vertical: NDArray[np.bool_], length: int) -> Rulings:
    """Ruling masks as segments in word-box space (y is minus the pixel row, as in ocr.tsv_lines)."""
    across = [Segment(-row, lo, hi) for row, lo, hi in _segments(horizontal, length)]
    down = [Segment(column, -hi, -lo) for column, lo, hi in _segments(vertical.T, length)]
    return Rulings(down, across)


def erase_rulings(pixels: NDArray[np.uint8], ink: NDArray[np.bool_]) -> tuple[NDArray[np.uint8], Rulings]:
    """A copy of the grey ``pixels`` with their rulings painted over as paper, and the rulings
    (``ink``: the pixels' ink mask, which :func:`prepare` also finds form boxes on)."""
    length = max(MIN_RULING, round(max(pixels.shape) * RULING_SHARE))
    # a line left a little slanted after deskewing steps from one pixel row to the next: runs are
    # measured on each row joined with the row above (and each column with the column before)
    stepped = ink.copy()
    stepped[1:] |= ink[:-1]
    horizontal = _long_runs(stepped, length)
    stepped = ink.copy()
    stepped[:, 1:] |= ink[:, :-1]
    vertical = _long_runs(stepped.T, length).T
    lines = horizontal | vertical
    grown = lines.copy()  # one pixel more each way: a scanned line's soft edge is grey, not paper
    grown[1:] |= lines[:-1]
    grown[:-1] |= lines[1:]
    grown[:, 1:] |= lines[:, :-1]
    grown[:, :-1] |= lines[:, 1:]
    cleaned = pixels.copy()
    cleaned[grown] = 255
    return cleaned, _rulings(horizontal, vertical, length)


def prepare(gray: Image.Image) -> Prepared:
    """The grayscale page straightened, its form boxes found, its boxes' edges and its rulings
    erased; the rulings and boxes returned."""
    angle = skew_angle(gray)
    if abs(angle) >= MIN_SKEW:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    pixels = np.asarray(gray)
    level = otsu(pixels)
    ink = pixels < level
    boxes = formboxes.find_rows(ink)
    cleaned, rulings = erase_rulings(pixels, ink)
    if boxes:
        formboxes.erase(cleaned, boxes)
        sides = [Segment(s.x0, -s.bottom, -s.top) for row in boxes for s in row.strokes]
        rulings = Rulings([*rulings.vertical, *sides], rulings.horizontal)  # a box's side ends a cell
    return Prepared(Image.fromarray(cleaned), rulings, angle, tuple(boxes), level)
