"""Thai digits (๐-๙) in a scan, read by matching each glyph against the digits of the Thai fonts.

Tesseract's Thai models (``tha`` and the ``Thai`` script model, as Debian ships them) have no
๔ ๖ ๗ ๘ ๙ in their character set at all: an ID printed in Thai digits comes out with those five
read as ๕, ๑, ๒, ๓ or a letter, and no setting can bring them back. So a word Tesseract read as
mostly Thai digits is read again here: the word's crop is cut into glyphs at the blank columns
between them, and each glyph is the digit whose drawing in one of the installed Thai fonts
(fonts-thai-tlwg: Garuda, Laksaman, Loma, ...) it correlates with best, its width-to-height ratio
weighing too (๐ and ๑ differ mostly by shape, ๑ and ๓ by width). Nothing is checked against a
check digit: what is printed is reported, right or wrong.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from documents.errors import ParseError
from documents.scanprep import otsu
from documents.tools import run_tool

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
SIZE = (20, 28)
"""Width and height every glyph and template is scaled to before they are compared."""
TEMPLATE_PX = 48
"""Font size the templates are drawn at."""
ASPECT_WEIGHT = 0.5
"""How much a difference in width-to-height ratio (log scale) counts against a correlation."""
MIN_SHARE = 0.5
"""A word is re-read when at least this share of its characters are Thai digits (Tesseract writes
the digits it lacks as letters: ๘ as ต, ๙ as ฯ or @)."""
MAX_STRAY = 2
"""A Thai word this short beside Thai digits may be a misread digit."""
SHORT = 0.6
"""A glyph lower than this share of the tallest one in the word is punctuation (a dot, a comma)."""
DIGIT_ASPECT = 1.05
"""A Thai digit's width in heights (0.8 to 1.25 in the tlwg fonts, most near 1.05)."""
MIN_PIECE, MAX_PIECE = 0.45, 1.45
"""A Thai digit's width in heights when touching digits are cut by recognition."""
SPECK = 0.15
"""A column run with fewer ink pixels than this share of the inkiest one is a speck, not a glyph."""

Vector = NDArray[np.float64]


def _shape(ink: NDArray[np.bool_]) -> tuple[Vector, float] | None:
    """A glyph's ink cropped tight, scaled to SIZE, centred and normalised; and its aspect ratio."""
    rows, columns = np.nonzero(ink)
    if not rows.size:
        return None
    tight = ink[rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]
    scaled = Image.fromarray((tight * 255).astype(np.uint8)).resize(SIZE, Image.Resampling.BILINEAR)
    vector = np.asarray(scaled, dtype=np.float64) / 255
    vector -= vector.mean()
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector), tight.shape[1] / tight.shape[0]


def _font_files() -> list[str]:
    """The installed fonts that draw Thai (fontconfig's list); none when fc-list cannot run."""
    try:
        listing = run_tool(("fc-list", ":lang=th", "file"), what="fc-list", timeout=30).decode("utf-8", "replace")
    except ParseError:
        return []
    return sorted({line.split(":")[0] for line in listing.splitlines() if line.strip()})


@dataclass(frozen=True)
class Bank:
    """Each Thai digit as drawn by each installed Thai font: its digit, shape and aspect ratio."""

    digits: tuple[str, ...]
    shapes: Vector  # one flattened shape per row
    aspects: Vector


@cache
def templates() -> Bank | None:
    """The installed Thai fonts' digits (None without a Thai font: no re-read)."""
    digits, shapes, aspects = [], [], []
    for path in _font_files():
        try:
            font = ImageFont.truetype(path, TEMPLATE_PX)
        except OSError:
            continue
        for digit in THAI_DIGITS:
            canvas = Image.new("L", (3 * TEMPLATE_PX, 3 * TEMPLATE_PX), 0)
            ImageDraw.Draw(canvas).text((TEMPLATE_PX, TEMPLATE_PX // 2), digit, fill=255, font=font)
            shape = _shape(np.asarray(canvas) > 127)
            if shape is not None:
                digits.append(digit)
                shapes.append(shape[0].ravel())
                aspects.append(shape[1])
    if not digits:
        return None
    return Bank(tuple(digits), np.array(shapes), np.log(np.array(aspects)))


def _best(bank: Bank, ink: NDArray[np.bool_]) -> tuple[str, float]:
    """The digit a glyph looks most like, and how much (correlation less the aspect penalty)."""
    shape = _shape(ink)
    if shape is None:
        return "", -1.0
    vector, aspect = shape
    scores = bank.shapes @ vector.ravel() - ASPECT_WEIGHT * np.abs(bank.aspects - np.log(aspect))
    best = int(np.argmax(scores))
    return bank.digits[best], float(scores[best])


def _classify(bank: Bank, ink: NDArray[np.bool_]) -> str:
    return _best(bank, ink)[0]


def mostly_thai_digits(text: str) -> bool:
    """Tesseract's reading of a word is worth re-reading as Thai digits."""
    digits = sum(ch in THAI_DIGITS for ch in text)
    return digits > 0 and digits >= MIN_SHARE * len(text)


def may_be_digit(text: str) -> bool:
    """A letter or two (or an Arabic digit: no number mixes scripts) that Tesseract may have made
    of a Thai digit it lacks."""
    return len(text) <= MAX_STRAY and all("\u0e01" <= ch <= "\u0e59" or ch in "0123456789" for ch in text)


def _height(glyph: NDArray[np.bool_]) -> int:
    rows = np.flatnonzero(glyph.any(axis=1))
    return int(rows[-1] - rows[0]) + 1 if rows.size else 0


def _segment(bank: Bank, glyph: NDArray[np.bool_], tallest: int) -> list[NDArray[np.bool_]] | None:
    """Touching digits cut apart by recognition: among the cuts at the columns of least ink, the
    ones whose pieces (each a digit's width) look most like digits, column for column (a score
    per column, so cutting more pieces earns nothing). None when no cut fits."""
    width = glyph.shape[1]
    if width < MIN_PIECE * tallest * 2:
        return [glyph]
    ink = glyph.sum(axis=0)
    cuts = [0, *(c for c in range(1, width - 1) if ink[c] <= ink[c - 1] and ink[c] <= ink[c + 1]), width]
    lo, hi = MIN_PIECE * tallest, MAX_PIECE * tallest
    best: dict[int, tuple[float, int]] = {0: (0.0, -1)}
    for end in cuts[1:]:
        options = [
            (best[start][0] + (end - start) * _best(bank, glyph[:, start:end])[1], start)
            for start in cuts
            if start in best and lo <= end - start <= hi
        ]
        if options:
            best[end] = max(options)
    if width not in best:
        return None
    pieces, end = [], width
    while end > 0:
        start = best[end][1]
        pieces.append(glyph[:, start:end])
        end = start
    return pieces[::-1]


def _split(glyph: NDArray[np.bool_], tallest: int) -> list[NDArray[np.bool_]]:
    """Touching digits (a small font, a blurred scan) cut apart: a glyph as wide as n digits is cut
    into n at the columns with least ink near the even cuts."""
    count = round(glyph.shape[1] / max(DIGIT_ASPECT * tallest, 1.0))
    if count < 2:
        return [glyph]
    ink = glyph.sum(axis=0)
    step = glyph.shape[1] / count
    cuts = [0]
    for k in range(1, count):
        lo, hi = int(step * (k - 0.25)), int(step * (k + 0.25)) + 1
        cuts.append(lo + int(np.argmin(ink[lo:hi])))
    cuts.append(glyph.shape[1])
    return [glyph[:, a:b] for a, b in itertools.pairwise(cuts) if b > a]


def read(crop: Image.Image) -> str | None:
    """The Thai digits in a grayscale crop of one word, left to right; None when they cannot be
    read here (no Thai font installed, nothing on the crop)."""
    bank = templates()
    if bank is None:
        return None
    pixels = np.asarray(crop.convert("L"))
    if pixels.size == 0:
        return None
    ink = pixels < otsu(pixels)
    inked = np.concatenate(([False], ink.any(axis=0), [False]))
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    glyphs = [ink[:, start:stop] for start, stop in zip(edges[::2], edges[1::2], strict=True)]
    most = max((int(glyph.sum()) for glyph in glyphs), default=0)
    glyphs = [glyph for glyph in glyphs if glyph.sum() >= SPECK * most]
    tallest = max((_height(glyph) for glyph in glyphs), default=0)
    glyphs = [part for glyph in glyphs for part in (_segment(bank, glyph, tallest) or _split(glyph, tallest))]
    heights = [_height(glyph) for glyph in glyphs]
    digits = [_classify(bank, g) for g, h in zip(glyphs, heights, strict=True) if h >= SHORT * tallest]
    return "".join(digits) or None
