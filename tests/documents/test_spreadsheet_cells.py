"""Table cells never join into one number (issue 15 §6): a tab ends every cell, rows included."""

from __future__ import annotations

import csv
import io
import random

from detectors.registry import scan
from documents import extract
from simweb.hostile import numeric_cells_xlsx
from testkit import synthetic

KEY = b"cells"
ROWS = 2000


def thai_ids(data: bytes, name: str) -> list[str]:
    pages = [page for doc in extract(data, name) for page in doc.pages]
    return [f.masked for page in pages for f in scan(page.text, KEY) if f.kind == "thai_id"]


def test_neighbouring_numeric_cells_of_a_spreadsheet_never_make_an_id() -> None:
    """Random 6- and 7-digit cells gave 161 ``thai_id`` findings per 2,000 rows when joined."""
    assert thai_ids(numeric_cells_xlsx(random.Random(3), ROWS), "numbers.xlsx") == []


def test_neighbouring_cells_of_a_csv_never_make_an_id() -> None:
    rng = random.Random(4)
    out = io.StringIO()
    writer = csv.writer(out)
    for _ in range(ROWS):
        writer.writerow([rng.randrange(10**5, 10**6), rng.randrange(10**6, 10**7)])
    assert thai_ids(out.getvalue().encode(), "numbers.csv") == []


def test_an_id_in_one_cell_is_still_found() -> None:
    number = synthetic.thai_id(random.Random(5))
    data = f"ลำดับ,ชื่อ,เลขประจำตัวประชาชน\n1,นาย ทดสอบ,{number}\n2,นาง ทดสอบ,123456\n".encode()
    assert thai_ids(data, "list.csv") == [number[:9] + "XXXX"]
