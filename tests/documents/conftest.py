"""Generated fixtures for the documents tests: Thai text, synthetic IDs, every format we read.

The slow conversions (LibreOffice, Chromium, pdftoppm) run once per test session and are cached
under pytest's temporary folder.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from documents import samples
from documents.samples import Corpus


def _chromium_pdf(html: bytes, folder: Path) -> bytes:
    source = folder / "page.html"
    source.write_bytes(html)
    target = folder / "chromium.pdf"
    subprocess.run(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={folder / 'chromium-profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return target.read_bytes()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    rng = random.Random(20240603)
    people = samples.people(rng, 8)
    lines = samples.filler(rng, 4)
    folder = tmp_path_factory.mktemp("documents-corpus")
    docx = samples.docx_bytes(people, lines)
    html = samples.html_bytes(people, lines)
    converted = samples.soffice_convert({"list.docx": docx}, "pdf")
    converted_doc = samples.soffice_convert({"list.docx": docx}, "doc")
    files = {
        "page.html": html,
        "page-tis620.html": samples.html_bytes(people, lines, "tis-620"),
        "list.csv": samples.csv_bytes(people),
        "list-874.csv": samples.csv_bytes(people, "cp874"),
        "list.docx": docx,
        "list.xlsx": samples.xlsx_bytes(people),
        "list.xls": samples.xls_bytes(people),
        "list.doc": converted_doc["list.docx"],
        "libreoffice.pdf": converted["list.docx"],
        "reportlab.pdf": samples.reportlab_pdf([lines, samples.person_lines(people)]),
        "chromium.pdf": _chromium_pdf(html, folder),
    }
    scan_source = samples.reportlab_pdf([samples.person_lines(people[:4])])
    pngs = samples.scanned(scan_source, rng)
    scans = {"scan.png": pngs[0], "scan.pdf": samples.images_to_pdf(pngs)}
    return Corpus(people, files, scans)
