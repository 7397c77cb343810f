"""OCR of scanned pages and photos with Tesseract's Thai model, one thread per process.

Tesseract's OpenMP threads fight each other on a shared 2-core machine (14-20 s per A4 page at
300 dpi); with ``OMP_THREAD_LIMIT=1`` the same page takes 2.4 s and 200 dpi 1.4 s, so each worker
runs single-threaded and the pool parallelises by document. Tesseract reads a table row by row
across its cells, so an ID wrapped in its cell comes out in pieces with other cells' text between;
its word boxes (TSV) let :mod:`documents.cells` rebuild the cells as for text PDFs. Each page is
first straightened and its table rulings erased (:mod:`documents.scanprep`): rulings through the
digits made Tesseract drop most IDs of a ruled table, and they tell the cells apart. Tesseract writes ``ำ`` as ``ํา``;
``pythainlp.util.normalize`` repairs that. Thai digits (๐-๙) are left as they are (the detectors
read them), but Tesseract's Thai model lacks ๔ ๖ ๗ ๘ ๙, so words of Thai digits are read again by
:mod:`documents.thaidigits`.
"""

from __future__ import annotations

import io
import time
from typing import TYPE_CHECKING

from PIL import Image

from documents import formboxes, ocrwords, thaidigits
from documents.cells import Glyph, PageCells, ocr_cells
from documents.errors import CorruptError, TooLargeError, UnsupportedError
from documents.model import OCR, Outcome, Page
from documents.ocrwords import crop, read_words
from documents.scanprep import Prepared, prepare

if TYPE_CHECKING:
    from core.config import DocumentsSettings

TESSERACT = ("tesseract", "stdin", "stdout", "-l", "tha", "--psm", "6", "tsv")
"""Word boxes (TSV) so a table's cells can be rebuilt (:func:`documents.cells.ocr_text`). Thai model
alone: it reads digits and Latin well enough, and ``tha+eng`` cost 25% more CPU per page
with no gain in ID digits on generated scans (0.78 vs 0.98 CPU s per page at 200 dpi)."""
MAX_PIXELS = 2480 * 3508
"""An A4 page at 300 dpi: larger photos are scaled down first (OCR time grows with pixels)."""
OCR_SHARE = 0.8
"""Point of a document's time budget after which no further page is OCR'd (the rest is reported)."""
REREAD_GAP_EM = 0.8
"""Words of Thai digits closer than this many word heights are one number cut by Tesseract."""
TOUCH_EM = 0.3
"""A short Thai word this close to a Thai-digit word (in word heights) is a misread digit of it."""
PAGE_SECONDS = 30.0
"""Wall time one page may take in Tesseract before it is given up."""


def _normalize(text: str) -> str:
    from pythainlp.util import normalize  # imported late: pythainlp takes a while to load

    # split on rows only: str.splitlines would also split at a cell's CELL_WRAP (U+2028)
    return "\n".join(normalize(line) for line in text.split("\n"))


def scaled_gray(image: Image.Image) -> tuple[Image.Image, float]:
    """The page in grayscale, no larger than MAX_PIXELS, and the scale it was shrunk by (1.0 when
    not): the masker maps the word boxes back to the page as scanned with it."""
    gray = image.convert("L")
    pixels = gray.width * gray.height
    if pixels <= MAX_PIXELS:
        return gray, 1.0
    scale = (MAX_PIXELS / pixels) ** 0.5
    return gray.resize((max(1, int(gray.width * scale)), max(1, int(gray.height * scale)))), scale


def ocr_image(image: Image.Image, seconds: float = PAGE_SECONDS) -> str:
    """The text Tesseract reads on one image, read cell by cell (raises a ParseError when
    Tesseract fails)."""
    return page_text(read_page(image, seconds))


def page_text(cells: PageCells, before: PageCells | None = None) -> str:
    """An OCR'd page's text, after the rest of a table row the break from ``before`` (the previous
    page's cells) split: a long list scanned page by page wraps an ID across the break too."""
    return _normalize(cells.text(before))


def prepared_words(gray: Image.Image, seconds: float = PAGE_SECONDS) -> tuple[Prepared, list[list[Glyph]]]:
    """The grayscale page prepared (:func:`documents.scanprep.prepare`) and the lines of words
    Tesseract reads on it, stray digits read again (:func:`documents.ocrwords.reread`); raises a
    ParseError when Tesseract fails. The masker paints over these words' boxes."""
    page = prepare(gray)
    return page, ocrwords.reread(read_words(TESSERACT, page.image, seconds), page.image, seconds)


def read_page(image: Image.Image, seconds: float = PAGE_SECONDS) -> PageCells:
    """One image's cells as Tesseract reads them (raises a ParseError when Tesseract fails)."""
    page, lines = prepared_words(scaled_gray(image)[0], seconds)
    lines = _thai_digits_reread(lines, page.image)
    lines = formboxes.reread(lines, page.image, page.boxes, page.ink_level, seconds)
    return ocr_cells(lines, page.rulings)


def _thai_digits_reread(lines: list[list[Glyph]], image: Image.Image) -> list[list[Glyph]]:
    """Runs of words Tesseract read as mostly Thai digits read again from their crops, as one word
    (:mod:`documents.thaidigits`: Tesseract's Thai models lack half of those digits, write them as
    letters and cut a number into words)."""
    return [_reread_line(line, image) for line in lines]


def _gap(left: Glyph, right: Glyph) -> float:
    """The gap between two words of a line in the smaller one's heights."""
    return (right.x0 - left.x1) / max(min(left.y1 - left.y0, right.y1 - right.y0), 1.0)


def _reread_line(line: list[Glyph], image: Image.Image) -> list[Glyph]:
    """The line with each run of Thai-digit words re-read; a short Thai word touching one of them
    is taken in (a digit Tesseract lacks, read as a letter), other words are left alone."""
    digit = [thaidigits.mostly_thai_digits(word.text) for word in line]
    taken = list(digit)
    for index, word in enumerate(line):
        if not digit[index] and thaidigits.may_be_digit(word.text):
            before = index > 0 and digit[index - 1] and _gap(line[index - 1], word) < TOUCH_EM
            after = index + 1 < len(line) and digit[index + 1] and _gap(word, line[index + 1]) < TOUCH_EM
            taken[index] = before or after
    out: list[Glyph] = []
    run: list[Glyph] = []
    for index, word in enumerate(line):
        if taken[index] and run and _gap(run[-1], word) < REREAD_GAP_EM:
            run.append(word)
            continue
        out += _reread_run(run, image)
        run = [word] if taken[index] else []
        if not taken[index]:
            out.append(word)
    return out + _reread_run(run, image)


def _reread_run(run: list[Glyph], image: Image.Image) -> list[Glyph]:
    """One word for the run when it holds Thai digits and the crop reads as digits, else the run."""
    if not any(thaidigits.mostly_thai_digits(word.text) for word in run):
        return run
    box = Glyph("", min(w.x0 for w in run), min(w.y0 for w in run), max(w.x1 for w in run), max(w.y1 for w in run))
    text = thaidigits.read(crop(image, box))
    return run if text is None else [Glyph(text, box.x0, box.y0, box.x1, box.y1)]


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"image too large to OCR: {exc}") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptError(f"image cannot be decoded: {exc}") from exc
    return image


def parse_image(data: bytes, content_type: str | None, settings: DocumentsSettings) -> Outcome:
    """OCR each frame of an image (multi-page TIFFs have several), up to ocr_max_pages."""
    if not settings.ocr:
        raise UnsupportedError("images need OCR, which is turned off (documents.ocr)")
    deadline = time.monotonic() + settings.timeout_seconds * OCR_SHARE
    image = _open(data)
    frames = getattr(image, "n_frames", 1)
    pages: list[Page] = []
    for index in range(min(frames, settings.ocr_max_pages)):
        if pages and time.monotonic() > deadline:
            break
        image.seek(index)
        pages.append(Page(index + 1, ocr_image(image), ocr=True))
    reason = f"OCR'd {len(pages)} of {frames} frames (page cap or time budget)" if frames > len(pages) else ""
    return Outcome(tuple(pages), OCR, reason)
