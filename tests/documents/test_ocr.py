from __future__ import annotations

from core.config import DocumentsSettings
from documents import extract
from documents.model import OCR, OK, UNSUPPORTED
from testkit.samples import Corpus, ids_in


def test_scanned_image_is_ocrd_with_every_id(corpus: Corpus) -> None:
    [doc] = extract(corpus.scans["scan.png"], "scan.png")
    assert doc.status == OCR
    assert ids_in(doc.text, corpus.people[:4]) == {p.thai_id for p in corpus.people[:4]}


def test_scanned_pdf_page_without_text_layer_is_ocrd(corpus: Corpus) -> None:
    [doc] = extract(corpus.scans["scan.pdf"], "scan.pdf")
    assert doc.status == OCR
    assert [page.number for page in doc.pages] == [1]
    assert ids_in(doc.text, corpus.people[:4]) == {p.thai_id for p in corpus.people[:4]}


def test_ocr_output_is_normalised_thai(corpus: Corpus) -> None:
    [doc] = extract(corpus.scans["scan.png"], "scan.png")
    assert "\u0e4d\u0e32" not in doc.text  # nikhahit + sara aa, the broken spelling of sara am


def test_ocr_turned_off_leaves_scans_unread_with_a_reason(corpus: Corpus) -> None:
    settings = DocumentsSettings(ocr=False)
    [image] = extract(corpus.scans["scan.png"], "scan.png", settings=settings)
    assert image.status == UNSUPPORTED
    [pdf] = extract(corpus.scans["scan.pdf"], "scan.pdf", settings=settings)
    assert pdf.status == OK
    assert "documents.ocr" in pdf.reason


def test_scan_with_a_stamped_text_line_is_still_ocrd(corpus: Corpus) -> None:
    from testkit import samples

    pdf = samples.stamped_scan_pdf(corpus.scans["scan.png"], "เอกสารเผยแพร่ องค์การบริหารส่วนตำบลตัวอย่าง")
    [doc] = extract(pdf, "stamped.pdf")
    assert doc.status == OCR
    assert ids_in(doc.text, corpus.people[:4]) == {p.thai_id for p in corpus.people[:4]}


def test_huge_scanned_page_is_rendered_within_the_pixel_cap() -> None:
    import io
    import time

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (400, 400), 255).save(out, "PDF", resolution=4)  # a 100 x 100 inch page
    started = time.monotonic()
    [doc] = extract(out.getvalue(), "poster.pdf")
    assert doc.status == OCR
    assert time.monotonic() - started < 20  # at 200 dpi it would be 400 million pixels
