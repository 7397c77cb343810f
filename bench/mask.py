"""Benchmark of ``masking``: documents and pages masked per second per format, and what is left.

The corpus is generated (``testkit.samples``) by the real producers: allowance lists of
``--people`` people (name, national ID, mobile) with Thai prose, as HTML, CSV (UTF-8 and
windows-874), DOCX, XLSX, ODT, ODS, legacy DOC and XLS (LibreOffice), PDFs printed by LibreOffice,
Chromium and ReportLab, and two scans (a PNG and a one-page scanned PDF). Each document goes
through ``masking.mask_document`` (masking and the read-back check it makes before handing the
copy out), timed one at a time. ``residual`` counts the people's numbers still whole in the copies,
read back with ``documents`` (ground truth, not the detectors), plus anything the detectors still
find; ``failed`` counts documents that got no copy.

    .venv/bin/python -m bench.mask              # about two minutes
    .venv/bin/python -m bench.mask --people 200 # longer lists (more PDF pages)
"""

from __future__ import annotations

import argparse
import io
import random
import secrets
import time
from collections import defaultdict

import pypdfium2 as pdfium
from PIL import Image

from core.config import Config, DocumentsSettings
from detectors.registry import scan
from documents import extract
from masking import FAILED, mask_document
from testkit import samples


def corpus(people_count: int, seed: int) -> tuple[list[samples.Person], dict[str, bytes]]:
    """Every format the masker writes, all listing the same people."""
    rng = random.Random(seed)
    people = samples.people(rng, people_count)
    lines = samples.filler(rng, 12)
    docx = samples.docx_bytes(people, lines)
    xlsx = samples.xlsx_bytes(people)
    html = samples.html_bytes(people, lines)
    office = samples.soffice_convert({"list.docx": docx}, "pdf") | samples.soffice_convert({"list.xlsx": xlsx}, "ods")
    files = {
        "page.html": html,
        "list.csv": samples.csv_bytes(people),
        "list-874.csv": samples.csv_bytes(people, "cp874"),
        "list.docx": docx,
        "list.xlsx": xlsx,
        "list.odt": samples.soffice_convert({"list.docx": docx}, "odt")["list.docx"],
        "list.ods": office["list.xlsx"],
        "list.doc": samples.soffice_convert({"list.docx": docx}, "doc")["list.docx"],
        "list.xls": samples.xls_bytes(people),
        "libreoffice.pdf": office["list.docx"],
        "chromium.pdf": samples.chromium_pdf(html),
        "reportlab.pdf": samples.reportlab_pdf(
            [samples.person_lines(people[i : i + 40]) for i in range(0, len(people), 40)]
        ),
    }
    pngs = samples.scanned(samples.reportlab_pdf([samples.person_lines(people[:12])]), rng)
    files |= {"scan.png": pngs[0], "scan-pdf.pdf": samples.images_to_pdf(pngs)}
    return people, files


def pages(data: bytes, name: str) -> int:
    """Pages of a document: a PDF's pages, an image's frames (not OCR'd again just to count them),
    else the pages ``documents`` reads (sheets)."""
    if name.endswith(".pdf"):
        return len(pdfium.PdfDocument(data))
    if name.endswith(".png"):
        return int(getattr(Image.open(io.BytesIO(data)), "n_frames", 1))
    return max(1, sum(len(doc.pages) for doc in extract(data, name)))


def residual(data: bytes, name: str, people: list[samples.Person], key: bytes) -> int:
    text = "\n".join(doc.text for doc in extract(data, name, settings=DocumentsSettings()))
    bare = "".join(text.split())
    truth = len(samples.ids_in(text, people)) + sum(person.phone in bare for person in people)
    return truth + len(scan(text, key))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=80, help="people per list (default 80)")
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    started = time.perf_counter()
    people, files = corpus(args.people, args.seed)
    print(f"corpus: {len(files)} documents, {args.people} people each, made in {time.perf_counter() - started:.0f} s")
    config = Config()
    key = secrets.token_bytes(32)
    by_format: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0, 0])  # docs, pages, seconds, numbers, left
    failed = 0
    for name, data in files.items():
        begin = time.perf_counter()
        outcome = mask_document(data, name, config)
        seconds = time.perf_counter() - begin
        label = "SCAN" if name.startswith("scan") else outcome.format_note.split(" ")[0]
        row = by_format[label]
        row[0] += 1
        row[1] += pages(data, name)
        row[2] += seconds
        row[3] += len(outcome.masked)
        if outcome.status == FAILED or outcome.output is None or outcome.output_name is None:
            failed += 1
            print(f"  {name}: failed: {outcome.reason}")
            continue
        row[4] += residual(outcome.output, outcome.output_name, people[:12] if label == "SCAN" else people, key)
    print(
        f"{'format':8} {'docs':>4} {'pages':>5} {'seconds':>8} {'docs/s':>7} {'pages/s':>8} {'masked':>7} {'left':>5}"
    )
    for label, (docs, page_count, seconds, numbers, left) in by_format.items():
        print(
            f"{label:8} {docs:4.0f} {page_count:5.0f} {seconds:8.2f} {docs / seconds:7.2f} {page_count / seconds:8.2f}"
            f" {numbers:7.0f} {left:5.0f}"
        )
    docs = sum(row[0] for row in by_format.values())
    page_total = sum(row[1] for row in by_format.values())
    seconds = sum(row[2] for row in by_format.values())
    left = sum(row[4] for row in by_format.values())
    per_format = " ".join(
        f"{label.lower()}_pages_per_s={row[1] / row[2]:.2f}" for label, row in by_format.items() if row[2] > 0
    )
    print(
        f"RESULT docs_per_s={docs / seconds:.2f} pages_per_s={page_total / seconds:.2f} residual={left:.0f}"
        f" failed={failed} docs={docs:.0f} pages={page_total:.0f} {per_format}"
    )


if __name__ == "__main__":
    main()
