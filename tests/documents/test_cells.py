"""Table cells rebuilt from glyph positions (documents.cells), on glyph streams laid out by hand.

Each glyph is a 6x10 pt box; a row of cells is drawn cell by cell as LibreOffice and Chromium do.
The IDs are synthetic.
"""

from __future__ import annotations

import random

from detectors.registry import scan
from documents.cells import CELL_BREAK, CELL_WRAP, Glyph, PageCells, Rulings, page_text
from testkit import synthetic

KEY = b"test-key"
ID = synthetic.thai_id(random.Random(16))
W, H = 6.0, 10.0


def cell(text_lines: list[str], x: float, top: float) -> list[Glyph]:
    """Glyphs of a cell whose lines start at ``x``, the first line's top at ``top``."""
    glyphs = []
    for row, line in enumerate(text_lines):
        y1 = top - row * H * 1.2
        glyphs += [Glyph(ch, x + i * W, y1 - H, x + (i + 1) * W, y1) for i, ch in enumerate(line)]
    return glyphs


def grid(xs: list[float], top: float, bottom: float) -> Rulings:
    """Vertical rulings at ``xs`` and horizontal ones at top and bottom of a row."""
    return Rulings.from_boxes(
        [(x, bottom, x + 0.5, top) for x in xs] + [(xs[0], y, xs[-1], y + 0.5) for y in (top, bottom)], 1e6
    )


def row(top: float, number_lines: list[str]) -> list[Glyph]:
    """A row: a name cell of two lines, the number cell, an amount cell (each cell drawn in turn)."""
    return [
        *cell(["นาย ก", "ใจดี"], 2, top),
        *cell(number_lines, 52, top),
        *cell(["1,000.00"], 140, top),
    ]


def test_an_id_wrapped_in_its_cell_is_read_whole_between_other_cells() -> None:
    pieces = [ID[:12], ID[12]]  # ruled cell 50..126: 12 digits fill it, the 13th wraps
    text = page_text(row(800, pieces), grid([0, 50, 126, 200], 802, 770))
    one_cell = CELL_BREAK + ID + CELL_BREAK in text  # flags: a failing assert prints no number
    assert one_cell
    assert [f.kind for f in scan(text, KEY)] == ["thai_id"]


def test_a_number_wrapped_at_its_own_space_keeps_the_wrap() -> None:
    pieces = [f"{ID[:5]} {ID[5:9]}", ID[9:]]  # the line ends well before the ruling: wrapped at a space
    text = page_text(row(800, pieces), grid([0, 50, 160, 200], 802, 770))
    wrapped = f"{ID[:5]} {ID[5:9]}{CELL_WRAP}{ID[9:]}" in text  # a flag: a failing assert prints no number
    assert wrapped
    (finding,) = scan(text, KEY)
    assert "irregular_spacing" in finding.reasons


def test_digits_of_neighbouring_cells_are_never_joined() -> None:
    glyphs = [*cell(["นาย ก"], 2, 800), *cell([ID[:6]], 52, 800), *cell([ID[6:]], 100, 800)]
    text = page_text(glyphs, grid([0, 50, 98, 200], 802, 785))
    two_cells = text == f"นาย ก{CELL_BREAK}{ID[:6]}{CELL_BREAK}{ID[6:]}"  # a flag: a failing assert prints no number
    assert two_cells
    assert scan(text, KEY) == []


def test_two_rows_stay_two_rows_and_a_thai_word_wrap_is_glued() -> None:
    glyphs = [*cell(["เลขประจำตัวประชา", "ชน"], 2, 800), *cell(["x"], 120, 800), *row(760, [ID])]
    text = page_text(glyphs).split("\n")
    assert text[0].startswith("เลขประจำตัวประชาชน")
    assert text[1].startswith("นาย ก")


def test_a_row_of_one_digit_boxes_reads_as_boxes_beside_its_label() -> None:
    glyphs = cell(["เลขประจำตัวประชาชน"], 2, 800)
    for index, digit in enumerate(ID):
        glyphs += cell([digit], 120 + index * 12, 800)
    text = page_text(glyphs, grid([118 + i * 12 for i in range(14)], 802, 785))
    boxed = " ".join(ID) in text  # a flag: a failing assert prints no number
    assert boxed
    (finding,) = scan(text, KEY)
    assert "form_boxes" in finding.reasons


def test_a_row_split_by_a_page_break_is_read_whole_at_the_top_of_the_next_page() -> None:
    ruled = grid([0, 50, 126, 200], 802, 740)
    bottom = PageCells.of(row(60, [ID[:7]]), grid([0, 50, 126, 200], 62, 40))
    top = PageCells.of([*cell([ID[7:]], 52, 800), *row(770, [synthetic.thai_id(random.Random(2))])], ruled)
    assert scan(top.text(), KEY)[0].masked.count("X") == 4  # only the next row's own ID
    text = top.text(bottom)
    assert text.startswith(f"นาย กใจดี{CELL_BREAK}{ID[:7]}{CELL_WRAP}{ID[7:]}")
    assert len({finding.fingerprint for finding in scan(text, KEY)}) == 2
