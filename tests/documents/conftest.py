"""Generated fixtures for the documents tests: Thai text, synthetic IDs, every format we read.

The slow conversions (LibreOffice, Chromium, pdftoppm) run once per test session and are cached
under pytest's temporary folder.
"""

from __future__ import annotations

import random

import pytest

from testkit import samples
from testkit.samples import Corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    rng = random.Random(20240603)
    people = samples.people(rng, 8)
    lines = samples.filler(rng, 4)
    docx = samples.docx_bytes(people, lines)
    html = samples.html_bytes(people, lines)
    converted = samples.soffice_convert({"list.docx": docx}, "pdf")
    converted_doc = samples.soffice_convert({"list.docx": docx}, "doc")
    xlsx = samples.xlsx_bytes(people)
    converted_odt = samples.soffice_convert({"list.docx": docx}, "odt")
    converted_ods = samples.soffice_convert({"list.xlsx": xlsx}, "ods")
    files = {
        "page.html": html,
        "page-tis620.html": samples.html_bytes(people, lines, "tis-620"),
        "list.csv": samples.csv_bytes(people),
        "list-874.csv": samples.csv_bytes(people, "cp874"),
        "list.docx": docx,
        "list.xlsx": xlsx,
        "list.odt": converted_odt["list.docx"],
        "list.ods": converted_ods["list.xlsx"],
        "list.xls": samples.xls_bytes(people),
        "list.doc": converted_doc["list.docx"],
        "libreoffice.pdf": converted["list.docx"],
        "reportlab.pdf": samples.reportlab_pdf([lines, samples.person_lines(people)]),
        "chromium.pdf": samples.chromium_pdf(html),
    }
    scan_source = samples.reportlab_pdf([samples.person_lines(people[:4])])
    pngs = samples.scanned(scan_source, rng)
    scans = {"scan.png": pngs[0], "scan.pdf": samples.images_to_pdf(pngs)}
    return Corpus(people, files, scans)
