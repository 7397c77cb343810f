"""Scanned pages made ready for OCR: deskew, ruling erasure, rulings between a scan's cells, and
Thai digits Tesseract's Thai model cannot write (documents.scanprep, documents.thaidigits).

Pages are drawn here with PIL and a tlwg font; the IDs are synthetic.
"""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from documents import thaidigits
from documents.cells import CELL_WRAP, Glyph, Rulings, Segment, ocr_text
from documents.scanprep import erase_rulings, otsu, skew_angle
from testkit import synthetic

THAI = str.maketrans("0123456789", thaidigits.THAI_DIGITS)
FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        pytest.skip("the tlwg fonts (fonts-thai-tlwg) are not installed")


def ruled_table(rows: int = 8) -> Image.Image:
    """A white A5-ish page with a ruled three-column table of lines of digits."""
    page = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(page)
    font = _font(28)
    rng = random.Random(7)
    for row in range(rows + 1):
        draw.line((100, 100 + 80 * row, 1100, 100 + 80 * row), fill=0, width=3)
    for x in (100, 400, 800, 1100):
        draw.line((x, 100, x, 100 + 80 * rows), fill=0, width=3)
    for row in range(rows):
        for x in (120, 420, 820):
            draw.text((x, 120 + 80 * row), synthetic.thai_id(rng)[:10], fill=0, font=font)
    return page


def test_the_skew_of_a_scanned_table_is_measured() -> None:
    page = ruled_table()
    tilted = page.rotate(-1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    assert skew_angle(tilted) == pytest.approx(1.5, abs=0.15)
    assert skew_angle(page) == pytest.approx(0.0, abs=0.1)


def test_a_blank_page_has_no_skew() -> None:
    assert skew_angle(Image.new("L", (800, 1000), 255)) == 0.0


def test_rulings_are_erased_and_returned_but_the_digits_stay() -> None:
    page = ruled_table()
    pixels = np.asarray(page)
    cleaned, rulings = erase_rulings(pixels, pixels < otsu(pixels))
    before, after = np.asarray(page) < 128, np.asarray(cleaned) < 128
    assert not after[99:103, 100:1100].any()  # the top ruling is gone
    assert not after[100:740, 398:403].any()  # and a vertical one
    assert after[120:160, 120:380].sum() > 0.8 * before[120:160, 120:380].sum()  # the digits are not
    assert len(rulings.horizontal) == 9
    assert len(rulings.vertical) == 4


def test_a_ruling_between_two_scanned_lines_keeps_them_in_two_rows() -> None:
    """In a scan, the lines of one cell are as far apart as two rows: only the ruling tells them apart."""
    first = [Glyph("0812345", 10, -40, 80, -30)]
    second = [Glyph("678", 10, -55, 40, -45)]
    assert "\n" not in ocr_text([first, second])  # one cell, its line full: glued
    ruled = Rulings([], [Segment(-42.5, 0, 100)])
    assert ocr_text([first, second], ruled) == "0812345\n678"


def test_a_vertical_ruling_splits_two_scanned_words_into_two_cells() -> None:
    line = [Glyph("0812", 10, -40, 40, -30), Glyph("345678", 44, -40, 100, -30)]
    assert "¦" not in ocr_text([line])
    assert ocr_text([line], Rulings([Segment(42, -60, 0)], [])) == "0812 ¦ 345678"


def test_thai_digits_tesseract_lacks_are_read_from_the_glyphs() -> None:
    if thaidigits.templates() is None:
        pytest.skip("no Thai font installed")
    digits = "๑๔๖๗๘๙๐๒๓๕๔๘๖"
    crop = Image.new("L", (420, 50), 255)
    ImageDraw.Draw(crop).text((5, 5), digits, fill=0, font=_font(30))
    assert thaidigits.read(crop) == digits


def test_an_id_in_thai_digits_in_a_ruled_scan_is_read_with_every_digit() -> None:
    """Through Tesseract: without the re-read, ๔ ๖ ๗ ๘ ๙ come out as other digits or letters."""
    from documents.ocr import ocr_image

    number = synthetic.thai_id(random.Random(4))
    page = Image.new("L", (1000, 300), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 60, 960, 200), outline=0, width=3)
    draw.line((420, 60, 420, 200), fill=0, width=3)
    draw.text((60, 100), "เลขประจำตัวประชาชน", fill=0, font=_font(34))
    draw.text((440, 100), number.translate(THAI), fill=0, font=_font(34))
    text = ocr_image(page.rotate(-1.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255))
    read_whole = number.translate(THAI) in text  # a flag: a failing assert prints no number
    assert read_whole


def test_a_phone_whose_last_digit_wrapped_alone_in_a_scanned_cell_is_read_whole() -> None:
    """Through Tesseract, on a blurred, skewed JPEG of a ruled table: the page pass misreads a lone
    wrapped digit (one of these eight); the digit-only pass over strays beside a number reads it
    (documents.ocrwords)."""
    from documents.ocr import ocr_image

    rng = random.Random(5)
    phones = [synthetic.mobile(rng) for _ in range(8)]
    font = _font(26)
    page = Image.new("L", (1400, 1041), 255)
    draw = ImageDraw.Draw(page)
    for row, phone in enumerate(phones):
        top = 60 + 112 * row
        draw.rectangle((40, top, 1300, top + 112), outline=0, width=2)
        for x in (180, 600, 900):
            draw.line((x, top, x, top + 112), fill=0, width=2)
        draw.text((60, top + 15), f"0800{row}", fill=0, font=font)
        draw.text((200, top + 15), "นาย สมชาย ใจดี", fill=0, font=font)
        draw.text((620, top + 15), synthetic.thai_id(rng), fill=0, font=font)
        draw.text((920, top + 15), phone[:9], fill=0, font=font)
        draw.text((920, top + 56), phone[9:], fill=0, font=font)
    page = page.rotate(-0.8, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    jpeg = io.BytesIO()
    page.filter(ImageFilter.GaussianBlur(0.8)).save(jpeg, "JPEG", quality=40)
    text = ocr_image(Image.open(io.BytesIO(jpeg.getvalue()))).replace(CELL_WRAP, "")
    missed = sum(phone not in text for phone in phones)  # a count: a failing assert prints no number
    assert missed == 0


def test_a_long_number_the_page_pass_misread_is_read_again_digit_by_digit() -> None:
    """The word's text stands for the Thai model's misreading (a 4 read as 6); the crop shows the
    printed number, which the digit-only pass reads. A reading with another count of digits is
    not taken (documents.ocrwords)."""
    from documents.ocrwords import reread

    printed, misread = "0653584359", "0653586359"
    page = Image.new("L", (900, 200), 255)
    ImageDraw.Draw(page).text((100, 60), printed, fill=0, font=_font(40))
    word = Glyph(misread, 95, -120, 330, -55)  # word-box space: y is minus the pixel row
    assert reread([[word]], page, 30.0)[0][0].text == printed
    longer = Glyph("06535843591", 95, -120, 330, -55)
    assert reread([[longer]], page, 30.0)[0][0].text == "06535843591"


def _row(top: float, *cells: tuple[float, str]) -> list[Glyph]:
    """One OCR'd line: each cell's word at its x, 10 high (word-box space: y is minus the row)."""
    return [Glyph(text, x, -(top + 10), x + 8 * len(text), -top) for x, text in cells]


def test_an_id_split_by_a_scanned_page_break_is_read_whole_and_row_numbers_are_not_joined() -> None:
    """A scanned list's row split by the page break, under the page's footer line; the next page
    starts with the rest of the row (fewer cells), then full rows."""
    from documents.cells import ocr_cells

    before, split, after = (synthetic.thai_id(random.Random(seed)) for seed in (7, 8, 9))
    rows = Rulings([Segment(x, -55, -15) for x in (95, 195, 395, 595)], [Segment(-y, 95, 595) for y in (15, 35, 55)])
    first = ocr_cells(
        [
            _row(20, (100, "08007"), (200, "นางสมศรี"), (400, before)),
            _row(40, (100, "08008"), (200, "นางสาวบัวลอย"), (400, split[:8])),
            _row(80, (100, "กองการศึกษา โทร. 054228296")),
        ],
        rows,
    )
    second = [
        _row(20, (200, "หอม"), (400, split[8:])),
        _row(40, (100, "08009"), (200, "นายอนุชา"), (400, after)),
    ]
    text = ocr_text(second, rows, first)
    # flags: a failing assert would print the text, whole numbers in it
    joined = f"{split[:8]}{CELL_WRAP}{split[8:]}" in text
    assert joined
    row_number_joined = "08008" in text
    assert not row_number_joined  # a whole row number is not joined to the next page's
    full = [_row(20, (100, "08009"), (200, "นายอนุชา"), (400, after))]
    split_again = split[:8] in ocr_text(full, rows, first)
    assert not split_again  # a full row first: nothing was split
