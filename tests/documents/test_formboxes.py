"""Form boxes in a scan: a row of boxes, one digit each, found on the page and read box by box
(documents.formboxes).

Pages are drawn here with PIL and a tlwg font, skewed and saved as JPEG like a scan; the IDs are
synthetic. Without the box pass, Tesseract reads the box edges between the digits as letters and
Thai digits and no ID comes out (see the issue-16 notes in README).
"""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from detectors.registry import scan
from documents import formboxes
from documents.scanprep import otsu
from testkit import synthetic

FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"
KEY = b"test-key"


def _font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        pytest.skip("the tlwg fonts (fonts-thai-tlwg) are not installed")


def form(number: str | list[str], groups: tuple[int, ...], box: int = 40, gap: int = 22) -> Image.Image:
    """An A4 page at 150 dpi: a heading, the ID label, the digits in boxes (one item of ``number``
    a box, groups of touching boxes ``gap`` apart), a line of text under it; skewed a degree and
    saved as a JPEG."""
    page = Image.new("L", (1241, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = _font(30)
    draw.text((120, 200), "แบบคำร้องทั่วไป องค์การบริหารส่วนตำบลตัวอย่าง", fill=0, font=font)
    draw.text((120, 300), "เลขประจำตัวประชาชน", fill=0, font=font)
    x, at, top = 420, 0, 290
    for size in groups:
        for digit in number[at : at + size]:
            draw.rectangle((x, top, x + box, top + round(1.5 * box)), outline=0, width=2)
            width = draw.textlength(digit, font=font)
            draw.text((x + (box - width) / 2, top + box // 4), digit, fill=0, font=font)
            x += box
        x += gap
        at += size
    draw.text((120, 420), "ข้าพเจ้า นางสมศรี ใจดี อยู่บ้านเลขที่ 12 หมู่ที่ 3", fill=0, font=font)
    tilted = page.rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    jpeg = io.BytesIO()
    tilted.save(jpeg, "JPEG", quality=45)
    return Image.open(io.BytesIO(jpeg.getvalue())).convert("L")


def _rows(page: Image.Image) -> list[formboxes.BoxRow]:
    pixels = np.asarray(page)
    return formboxes.find_rows(pixels < otsu(pixels))


def test_a_row_of_grouped_boxes_is_found_with_its_groups() -> None:
    page = form(synthetic.thai_id(random.Random(1)), (1, 4, 5, 2, 1))
    [row] = _rows(page.rotate(-1.2, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert len(row.boxes) == 13
    assert sorted(row.starts) == [1, 5, 10, 12]


def test_text_and_a_ruled_table_hold_no_row_of_boxes() -> None:
    """Glyph strokes and a table's cells (wide, or one per number) are not form boxes."""
    page = Image.new("L", (1241, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = _font(30)
    rng = random.Random(2)
    for row in range(12):
        top = 200 + 60 * row
        draw.line((100, top, 1140, top), fill=0, width=2)
        for column in range(14):
            draw.line((100 + 80 * column, top, 100 + 80 * column, top + 60), fill=0, width=2)
            draw.text((110 + 80 * column, top + 12), str(rng.randrange(10, 99)), fill=0, font=font)
        draw.text((100, 1000 + 50 * row), "ประกาศองค์การบริหารส่วนตำบล 1 2 3 4 5 6 7 8 9 0 ใน 13 หมู่บ้าน", fill=0, font=font)
    assert _rows(page) == []


@pytest.mark.parametrize("groups", [(1, 4, 5, 2, 1), (13,)], ids=["grouped", "one_row"])
def test_an_id_written_in_form_boxes_on_a_scan_is_found(groups: tuple[int, ...]) -> None:
    """Through Tesseract: the boxes' digits come back as the ID, grouped as printed."""
    from documents.ocr import ocr_image

    number = synthetic.thai_id(random.Random(3))
    text = ocr_image(form(number, groups))
    found = [f for f in scan(text, KEY) if f.kind == "thai_id"]
    assert len(found) == 1
    assert "form_boxes" in found[0].reasons or "official_layout" in found[0].reasons


def _read(page: Image.Image) -> list[str | None]:
    level = page.rotate(-1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return formboxes.read_rows(level, _rows(level), otsu(np.asarray(level)), 30.0)


def test_a_box_that_does_not_read_as_one_digit_leaves_the_row_unread() -> None:
    """Nothing is guessed: a box holding two glyphs makes the row's reading not one digit a box."""
    number = synthetic.thai_id(random.Random(4))
    # flags: a failing assert would print the rows read, a whole number among them
    read_whole = _read(form(number, (1, 4, 5, 2, 1))) == [synthetic.official(number, " ")]
    assert read_whole
    left_unread = _read(form([*number[:12], "11"], (1, 4, 5, 2, 1))) == [None]
    assert left_unread


def test_a_row_whose_boxes_differ_in_height_is_read_without_failing_the_page() -> None:
    """A speckled scan once made a row of boxes of unequal heights, one inked only below the
    shortest box's height: reading it raised, and the whole page was lost."""
    pixels = np.full((200, 400), 255, dtype=np.uint8)
    boxes = tuple(formboxes.Box(10 + 30 * k, 35 + 30 * k, 20, 60 if k else 120) for k in range(9))
    pixels[100:110, 15:30] = 0  # ink in the tall first box below the others' height
    pixels[30:45, 45:58] = 0  # and a digit in the second
    row = formboxes.BoxRow(boxes, ())
    page = Image.fromarray(pixels)
    assert formboxes.read_rows(page, [row], 128, 30.0) == [None]
