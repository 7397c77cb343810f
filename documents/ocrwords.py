"""Tesseract's word boxes, and a digit-only second reading of the stray words beside numbers.

A phone wrapped in a narrow scanned cell leaves one digit alone on the cell's next line
(``091485105`` / ``2``). Tesseract's page pass (Thai model, one uniform block) reads such a lone
glyph badly: ``:``, ``ฎ`` or a Thai digit instead of ``2``, and the number is lost. So each short
word just below or just after a number of Arabic digits is read again, upscaled, by the English
model restricted to digits in single-line mode (Tesseract 5's LSTM honours the whitelist), all of a
page's crops stacked into one strip so the second pass costs one Tesseract run per page. A word
that does not come back as one or two digits keeps its first reading: nothing is guessed.

Whole numbers (a word of nine or more Arabic digits) go into the same strip: the Thai model reads
a 4 as a 6 or an 8 as a 3 now and then, and a misread mobile is both a leak missed and a false
finding. The digit-only reading replaces the first only when it has as many digits (a digit read
again, none dropped or made up) and Tesseract is surer of it (its word confidence: the English
model also reads a 7 as a 1 now and then); which reading passes a check digit plays no part.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence

from PIL import Image, ImageOps

from documents.cells import Glyph
from documents.tools import run_tool

DIGIT_PASS = (
    "tesseract",
    "stdin",
    "stdout",
    "-l",
    "eng",
    "--psm",
    "6",
    "-c",
    "tessedit_char_whitelist=0123456789",
    "tsv",
)
"""The second pass: digits only; psm 6 over the strip, whose bands are one crop each."""
STRAY = 2
"""Characters at most in a word worth re-reading (a wrapped digit or two)."""
NUMBER = 3
"""Arabic digits at least in the word a stray must sit beside."""
TOUCH_EM = 0.3
"""A stray this close after a number (in its heights) on the same line is part of it."""
BELOW_EM = 1.6
"""A stray whose top is at most this many of the number's heights under it is its wrapped end."""
LONG = 9
"""Digits at least in a number read again whole (a landline has 9)."""
UPSCALE = 3
MAX_HEIGHT = 64
"""Pixels high a crop is scaled to at most (Tesseract's time grows with pixels; a line of digits
reads as well at 64 pixels as at three times 30)."""
BAND = 40
"""White pixels around each upscaled crop in the strip."""
MAX_CROPS = 40
"""Crops re-read per page at most (a hostile page cannot make the pass expensive)."""


def read_words(command: Sequence[str], image: Image.Image, seconds: float) -> list[list[Glyph]]:
    """Lines of words Tesseract (``command``, reading stdin) finds on ``image``, single-threaded
    (``OMP_THREAD_LIMIT=1``: its OpenMP threads fight each other on a shared machine); raises a
    ParseError when Tesseract fails. The image goes as a PPM/PGM: uncompressed, nothing to encode."""
    out = io.BytesIO()
    image.save(out, "PPM")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    tsv = run_tool(command, what="tesseract", timeout=seconds, stdin=out.getvalue(), env=env)
    return tsv_lines(tsv.decode("utf-8", "replace"))


def tsv_lines(tsv: str) -> list[list[Glyph]]:
    """Tesseract's TSV as lines of words, each word a box with y growing upwards."""
    lines: dict[tuple[str, ...], list[Glyph]] = {}
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) != 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width, height, conf = (float(value) for value in fields[6:11])
        word = Glyph(fields[11].strip(), left, -(top + height), left + width, -top, conf)
        lines.setdefault(tuple(fields[1:5]), []).append(word)
    return list(lines.values())


def crop(image: Image.Image, word: Glyph, pad: int = 0) -> Image.Image:
    """A word's box (y grows upwards in word-box space) on the OCR'd image."""
    return image.crop((int(word.x0) - pad, int(-word.y1) - pad, int(word.x1) + 1 + pad, int(-word.y0) + 1 + pad))


def _is_number(text: str) -> bool:
    return sum(ch in "0123456789" for ch in text) >= NUMBER


def _beside(word: Glyph, number: Glyph) -> bool:
    """``word`` continues ``number`` on its line, or starts its cell's next line."""
    height = max(number.y1 - number.y0, 1.0)
    after = abs(word.x0 - number.x1) < TOUCH_EM * height and word.y0 < number.y1 and word.y1 > number.y0
    below = 0 <= number.y0 - word.y1 <= BELOW_EM * height and number.x0 - height <= word.x0 <= number.x1
    return after or below


def strays(lines: Sequence[Sequence[Glyph]]) -> list[Glyph]:
    """Short words that are not plain digits, beside a number of Arabic digits."""
    numbers = [word for line in lines for word in line if _is_number(word.text)]
    found = []
    for line in lines:
        for word in line:
            plain = word.text.isascii() and word.text.isdigit()
            if len(word.text) <= STRAY and not plain and any(_beside(word, number) for number in numbers):
                found.append(word)
    return found[:MAX_CROPS]


def long_numbers(lines: Sequence[Sequence[Glyph]]) -> list[Glyph]:
    """Words of LONG or more Arabic digits alone: an ID or a phone the Thai model may have
    misread a digit of (4 as 6, 8 as 3)."""
    return [w for line in lines for w in line if len(w.text) >= LONG and w.text.isascii() and w.text.isdigit()]


def _strip(image: Image.Image, words: Sequence[Glyph]) -> tuple[Image.Image, list[tuple[int, int]]]:
    """The words' crops upscaled and stacked, each on its own band; and each band's rows."""
    crops = [crop(image, word, pad=2) for word in words]
    scales = [min(UPSCALE, MAX_HEIGHT / max(c.height, 1)) for c in crops]
    crops = [
        c.resize((max(1, round(c.width * k)), max(1, round(c.height * k))), Image.Resampling.LANCZOS)
        for c, k in zip(crops, scales, strict=True)
    ]
    crops = [ImageOps.expand(c, BAND, fill=255) for c in crops]
    strip = Image.new("L", (max(c.width for c in crops), sum(c.height for c in crops)), 255)
    bands, top = [], 0
    for piece in crops:
        strip.paste(piece, (0, top))
        bands.append((top, top + piece.height))
        top += piece.height
    return strip, bands


def reread(lines: list[list[Glyph]], image: Image.Image, seconds: float) -> list[list[Glyph]]:
    """``lines`` with the strays beside numbers replaced by their digit-only reading, where it
    is one or two digits."""
    loose = strays(lines)
    whole = long_numbers(lines)[: MAX_CROPS - len(loose)]
    words = loose + whole
    if not words:
        return lines
    strip, bands = _strip(image, words)
    read: dict[int, str] = {}
    conf: dict[int, float] = {}
    for line in read_words(DIGIT_PASS, strip, seconds):
        for glyph in line:
            middle = -(glyph.y0 + glyph.y1) / 2
            band = next((i for i, (top, bottom) in enumerate(bands) if top <= middle < bottom), None)
            if band is not None:
                read[band] = read.get(band, "") + glyph.text
                conf[band] = min(conf.get(band, 100.0), glyph.conf)
    fixed = {id(word): text for index, word in enumerate(loose) if 0 < len(text := read.get(index, "")) <= STRAY}
    for index, word in enumerate(whole, start=len(loose)):
        text = read.get(index, "")
        # as many digits (a digit read again, none made up), and read more surely than the first time
        if len(text) == len(word.text) and conf.get(index, -1.0) > word.conf:
            fixed[id(word)] = text
    return [[Glyph(fixed[id(w)], w.x0, w.y0, w.x1, w.y1) if id(w) in fixed else w for w in line] for line in lines]
