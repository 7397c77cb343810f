"""PDF text in two passes: pdfium screens every page, pdfminer.six re-reads the few that matter.

Measured on Thai allowance lists (see shared/facts.md): pypdfium2 is 39-111x faster than
pdfminer.six and keeps every ID digit, but drops a second stacked mark (``ศักดิ์สิทธิ์`` →
``ศักดิสิทธิ``), so ~17% of names near a finding would read wrong. pdfminer.six with ActualText and
mark attachment (``documents.pdfminer_text``) gets 99.9% of names right but is slow and can be made
to hang or eat memory. So every page goes through pdfium; only pages with a candidate digit run
(nine or more digits, ASCII or Thai, with single separators) are re-read by pdfminer.six under a
time budget, keeping pdfium's text if pdfminer fails, overruns or loses digits. Pages with no text
layer but an image are OCR'd. Files pdfium rejects (other than for a password) go to pdfminer.six
alone.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from PIL.Image import Image

from documents import ocr, pdfminer_text
from documents.cells import PageCells
from documents.errors import CorruptError, EncryptedError, ParseError, ParseTimeout
from documents.limits import budget
from documents.model import OCR, OK, TOO_LARGE, Outcome, Page

if TYPE_CHECKING:
    from core.config import DocumentsSettings

CANDIDATE = re.compile(r"[0-9๐-๙](?:[ \-.\u00a0\n]?[0-9๐-๙]){8}")
"""Nine or more digits with at most one separator (a line break too: a wrapped cell) between two:
phones and IDs, not page numbers."""
MIN_TEXT_CHARS = 16
"""A page with less text than this (page numbers, a stray header) counts as having no text layer."""
SPARSE_TEXT_CHARS = 200
"""A page with less text than this and an image over half its area is a scan with a stamped line."""
REREAD_SHARE = 0.4
"""Share of the document's time budget the pdfminer.six re-read may use."""
PDFIUM_LOCK = threading.Lock()
"""PDFium is not thread-safe: callers of ``extract`` in threads take turns for the pdfium pass
(OCR and the pdfminer.six re-read run outside the lock)."""
_DIGIT = re.compile(r"[0-9๐-๙]")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class Screen:
    """What the fast pass found: each page's pdfium text, and which pages need a second look."""

    texts: list[str]
    total: int
    candidates: list[int] = field(default_factory=list)
    scans: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def digit_count(text: str) -> int:
    """Digits in ``text``, not counting pdfminer's ``(cid:NN)`` placeholders."""
    return len(_DIGIT.findall(_CID.sub("", text)))


def parse_pdf(data: bytes, content_type: str | None, settings: DocumentsSettings) -> Outcome:
    """Text of each page of a PDF (see the module docstring for the passes)."""
    started = time.monotonic()
    with PDFIUM_LOCK:
        pdf = _open(data)
        if pdf is None:
            screen = None
        else:
            try:
                screen = screen_pages(pdf, settings.max_pages)
                images = _render_scans(pdf, screen, settings)
            finally:
                pdf.close()
    if screen is None:
        return _pdfminer_only(data, settings, "pdfium rejected it")
    if screen.candidates:
        _reread(data, screen, settings.timeout_seconds * REREAD_SHARE)
    ocr_done = _ocr_scans(images, screen, started + settings.timeout_seconds * ocr.OCR_SHARE)
    return _outcome(screen, ocr_done)


def _open(data: bytes) -> pdfium.PdfDocument | None:
    """The pdfium document, None if pdfium rejects the file, EncryptedError if it needs a password."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedError("PDF is password-protected") from exc
        return None


def _outcome(screen: Screen, ocr_done: set[int]) -> Outcome:
    pages = tuple(Page(index + 1, text, index in ocr_done) for index, text in enumerate(screen.texts))
    status = OCR if ocr_done else OK
    if screen.total > len(pages):
        status = TOO_LARGE
        screen.notes.insert(0, f"read the first {len(pages)} of {screen.total} pages (documents.max_pages)")
    return Outcome(pages, status, "; ".join(screen.notes))


def image_share(page: pdfium.PdfPage) -> float:
    """Share of the page's area covered by images (overlaps counted twice, capped at 1)."""
    width, height = page.get_size()
    covered = 0.0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = image.get_bounds()
        covered += max(right - left, 0) * max(top - bottom, 0)
    return float(min(covered / max(width * height, 1.0), 1.0))


def needs_ocr(page: pdfium.PdfPage, text: str) -> bool:
    """No text layer over an image, or a few stamped words over a full-page scan."""
    chars = len(text.strip())
    if chars >= SPARSE_TEXT_CHARS:
        return False
    share = image_share(page)
    return share > 0 if chars < MIN_TEXT_CHARS else share >= 0.5


def screen_pages(pdf: pdfium.PdfDocument, max_pages: int) -> Screen:
    """pdfium text of up to ``max_pages`` pages, marking candidate and scanned pages."""
    total = len(pdf)
    screen = Screen(texts=[], total=total)
    for index in range(min(total, max_pages)):
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_bounded().replace("\r\n", "\n")
        textpage.close()
        screen.texts.append(text)
        if CANDIDATE.search(text):
            screen.candidates.append(index)
        elif needs_ocr(page, text):
            screen.scans.append(index)
        page.close()
    return screen


def _reread(data: bytes, screen: Screen, seconds: float) -> None:
    """Replace candidate pages' text by pdfminer.six's where it keeps every digit."""
    try:
        with budget(seconds):
            document = pdfminer_text.open_document(data)
            for index, text in pdfminer_text.iter_pages(document, set(screen.candidates), cells=True):
                if digit_count(text) >= digit_count(screen.texts[index]):
                    screen.texts[index] = text
    except ParseTimeout:
        screen.notes.append("pdfminer.six re-read stopped at its time budget; pdfium text kept")
    except (Exception, RecursionError, MemoryError) as exc:  # hostile PDFs break pdfminer in many ways
        screen.notes.append(f"pdfminer.six re-read failed ({type(exc).__name__}); pdfium text kept")


def _render_scans(pdf: pdfium.PdfDocument, screen: Screen, settings: DocumentsSettings) -> dict[int, Image]:
    """Page images to OCR (pages without a text layer, up to ocr_max_pages), rendered at ocr_dpi."""
    if not screen.scans:
        return {}
    if not settings.ocr:
        screen.notes.append(f"{len(screen.scans)} scanned pages not OCR'd (documents.ocr is off)")
        return {}
    images = {}
    for index in screen.scans[: settings.ocr_max_pages]:
        page = pdf[index]
        try:
            images[index] = page.render(scale=render_scale(page, settings.ocr_dpi), grayscale=True).to_pil()
        except (pdfium.PdfiumError, MemoryError) as exc:
            screen.notes.append(f"page {index + 1} could not be rendered for OCR ({type(exc).__name__})")
        finally:
            page.close()
    return images


def render_scale(page: pdfium.PdfPage, dpi: int) -> float:
    """``dpi`` as a scale, reduced so a huge page renders to at most ocr.MAX_PIXELS pixels."""
    width, height = page.get_size()
    scale = dpi / 72
    area = max(width * height, 1.0) * scale * scale
    return float(scale * min(1.0, (ocr.MAX_PIXELS / area) ** 0.5))


def _ocr_scans(images: dict[int, Image], screen: Screen, deadline: float) -> set[int]:
    """OCR the rendered pages until the time budget runs out; the indices of the pages OCR'd."""
    done: set[int] = set()
    before: tuple[int, PageCells] | None = None  # the last page OCR'd: a row may continue from it
    for index, image in images.items():
        if time.monotonic() > deadline:
            break
        try:
            cells = ocr.read_page(image)
        except ParseError as exc:
            screen.notes.append(f"page {index + 1} not OCR'd: {exc}")
            continue
        previous = before[1] if before is not None and before[0] == index - 1 else None
        screen.texts[index] = ocr.page_text(cells, previous)
        before = (index, cells)
        done.add(index)
    if images and len(done) < len(screen.scans):
        screen.notes.append(f"OCR'd {len(done)} of {len(screen.scans)} scanned pages")
    return done


def _pdfminer_only(data: bytes, settings: DocumentsSettings, why: str) -> Outcome:
    """Every page through pdfminer.six, for files pdfium cannot open (its reason is in ``why``)."""
    texts: list[str] = []
    try:
        with budget(settings.timeout_seconds * ocr.OCR_SHARE):
            document = pdfminer_text.open_document(data)
            for _, text in pdfminer_text.iter_pages(document, None, settings.max_pages, cells=True):
                texts.append(text)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedError(f"PDF is password-protected or uses unknown encryption: {exc}") from exc
    except ParseTimeout:
        if not texts:
            raise
        why += f"; pdfminer.six stopped at its time budget after {len(texts)} pages"
    except (Exception, RecursionError) as exc:
        if not texts:
            raise CorruptError(f"PDF cannot be read: {why}; pdfminer.six: {type(exc).__name__}") from exc
        why += f"; pdfminer.six failed after {len(texts)} pages ({type(exc).__name__})"
    pages = tuple(Page(index + 1, text) for index, text in enumerate(texts))
    return Outcome(pages, OK, f"{why}; read with pdfminer.six")
