"""Benchmark of ``documents``: speed per format, the pool on both cores, PDF ratio to pdfminer.six,
Thai name correctness, OCR speed and digit accuracy, peak memory.

The corpus is generated (``testkit.samples``) like a real LAO site's documents: long
announcements whose pages are mostly Thai prose with dates and amounts, and one page in each with a
table of people (name, national ID, mobile). PDFs come from LibreOffice, Chromium and ReportLab.
The same PDFs are read by pdfminer.six alone (the obvious baseline) in the same run.

A second corpus holds the hard layouts (:mod:`simweb.layouts`: narrow-column allowance lists,
สขร.1 summaries, box forms, printed by Chromium, LibreOffice Writer and Calc, and degraded scans):
recall per producer and per leak form, precision, and what the cell-by-cell re-read costs per page
against pdfminer.six's layout analysis.

    .venv/bin/python -m bench.documents          # a couple of minutes
    .venv/bin/python -m bench.documents --full   # four times the corpus
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from core.config import DocumentsSettings
from documents import DocumentPool, ParsedDocument, extract
from documents.model import PARSED
from documents.pdf import screen_pages
from documents.pdfminer_text import iter_pages, open_document
from simweb import layouts
from testkit import samples

PROSE = (
    "ประกาศองค์การบริหารส่วนตำบล เรื่อง การจ่ายเบี้ยยังชีพผู้สูงอายุ ประจำเดือน พฤษภาคม 2567",
    "ตามที่ได้ดำเนินการจัดซื้อวัสดุสำนักงาน งบประมาณ 250,000 บาท ณ วันที่ 12 มิถุนายน 2567",
    "ขอเชิญประชาชนร่วมประชุมประชาคมหมู่บ้าน เวลา 09.30 น. ณ ศาลาประชาคม หมู่ที่ 5",
    "ผลการพิจารณาคัดเลือกผู้ชนะการเสนอราคา โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก",
    "การประเมินประสิทธิภาพและประสิทธิผลการปฏิบัติราชการ ประจำปีงบประมาณ 2567",
    "รายงานการประชุมสภาองค์การบริหารส่วนตำบล สมัยสามัญ สมัยที่ 2 ครั้งที่ 1",
)


@dataclass
class Doc:
    """One corpus document: its bytes, format label, and the people printed in it."""

    name: str
    kind: str
    data: bytes
    people: list[samples.Person]


def prose_page(rng: random.Random, lines: int = 30) -> list[str]:
    return [rng.choice(PROSE) for _ in range(lines)]


Content = list[list[str]]


def _announcement(rng: random.Random, pages: int, persons: int) -> tuple[Content, list[samples.Person]]:
    """Pages of prose; with ``persons``, one page of them at a random position replaces one."""
    people = samples.people(rng, persons)
    content = [prose_page(rng) for _ in range(pages - 1 if people else pages)]
    if people:
        content.insert(rng.randrange(pages), samples.person_lines(people))
    return content, people


def _docx_with_pages(content: Sequence[Sequence[str]]) -> bytes:
    import docx

    document = docx.Document()
    for index, lines in enumerate(content):
        for line in lines:
            document.add_paragraph(line)
        if index < len(content) - 1:
            document.add_page_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _html_with_pages(content: Sequence[Sequence[str]]) -> bytes:
    pages = "".join(
        '<div style="page-break-after: always">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"
        for lines in content
    )
    head = '<html><head><meta charset="utf-8"></head>'
    return f'{head}<body style="font-size:11pt">{pages}</body></html>'.encode()


def build_pdfs(rng: random.Random, per_kind: int, pages: int) -> list[Doc]:
    """LibreOffice, Chromium and ReportLab PDFs of the same shape; one in three lists people."""
    docs: list[Doc] = []
    office: dict[str, bytes] = {}
    chrome: dict[str, bytes] = {}
    people: dict[str, list[samples.Person]] = {}
    for index in range(per_kind):
        persons = 30 if index % 3 == 0 else 0
        content, listed = _announcement(rng, pages, persons)
        docs.append(Doc(f"rl{index}.pdf", "pdf-reportlab", samples.reportlab_pdf(content), listed))
        content, people[f"lo{index}.docx"] = _announcement(rng, pages, persons)
        office[f"lo{index}.docx"] = _docx_with_pages(content)
        content, people[f"cr{index}"] = _announcement(rng, pages, persons)
        chrome[f"cr{index}"] = _html_with_pages(content)
    for name, data in samples.soffice_convert(office, "pdf").items():
        docs.append(Doc(name.replace(".docx", ".pdf"), "pdf-libreoffice", data, people[name]))
    for name, html in chrome.items():
        docs.append(Doc(f"{name}.pdf", "pdf-chromium", samples.chromium_pdf(html), people[name]))
    return docs


def build_others(rng: random.Random, count: int) -> list[Doc]:
    """HTML, CSV, DOCX, XLSX, XLS and DOC documents, a third of them with people."""
    docs: list[Doc] = []
    docx_for_doc: dict[str, bytes] = {}
    people: dict[str, list[samples.Person]] = {}
    for index in range(count):
        persons = samples.people(rng, 20) if index % 3 == 0 else []
        lines = prose_page(rng, 40)
        docs.append(Doc(f"p{index}.html", "html", samples.html_bytes(persons, lines, "tis-620"), persons))
        docs.append(Doc(f"l{index}.csv", "csv", samples.csv_bytes(persons), persons))
        docx = samples.docx_bytes(persons, lines)
        docs.append(Doc(f"d{index}.docx", "docx", docx, persons))
        docs.append(Doc(f"x{index}.xlsx", "xlsx", samples.xlsx_bytes(persons), persons))
        docs.append(Doc(f"x{index}.xls", "xls", samples.xls_bytes(persons), persons))
        docx_for_doc[f"w{index}.docx"] = docx
        people[f"w{index}.docx"] = persons
    for name, data in samples.soffice_convert(docx_for_doc, "doc").items():
        docs.append(Doc(name.replace(".docx", ".doc"), "doc", data, people[name]))
    return docs


def build_scans(rng: random.Random, pages: int) -> list[Doc]:
    """One scanned PDF per page: rotated, speckled pages of people (the OCR set)."""
    docs = []
    for index in range(pages):
        persons = samples.people(rng, 25)
        pdf = samples.reportlab_pdf([samples.person_lines(persons)])
        scan = samples.images_to_pdf(samples.scanned(pdf, rng))
        docs.append(Doc(f"scan{index}.pdf", "scan", scan, persons))
    return docs


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def names_right(text: str, people: Sequence[samples.Person]) -> tuple[int, int]:
    flat = squash(text)
    return sum(squash(p.name) in flat for p in people), len(people)


@dataclass
class Timing:
    """Seconds per document for one reader, and the Thai names it got right."""

    seconds: list[float]
    names: tuple[int, int]

    @property
    def total(self) -> float:
        return sum(self.seconds)

    def on(self, docs: Sequence[Doc], subset: Sequence[Doc]) -> float:
        """Seconds spent on ``subset`` of ``docs``."""
        wanted = {id(doc) for doc in subset}
        return sum(s for doc, s in zip(docs, self.seconds, strict=True) if id(doc) in wanted)


def timed(label: str, docs: Sequence[Doc], read: Callable[[bytes], str]) -> Timing:
    """Read every doc with ``read``: CPU seconds per doc and names right / total."""
    right = total = 0
    seconds = []
    for doc in docs:  # CPU time of this process: the machine is shared, wall time is noise
        started = time.process_time()
        text = read(doc.data)
        seconds.append(time.process_time() - started)
        good, count = names_right(text, doc.people)
        right, total = right + good, total + count
    print(f"  {label:<34} {sum(seconds):7.2f} CPU s   names right {right}/{total}")
    return Timing(seconds, (right, total))


def pdf_pages(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def read_ours(data: bytes) -> str:
    return extract(data, "x.pdf")[0].text


def read_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def read_pdfminer_actualtext(data: bytes) -> str:
    return "\n".join(text for _, text in iter_pages(open_document(data)))


def read_pdfium(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(screen_pages(document, 10_000).texts)
    finally:
        document.close()


def candidate_pages(data: bytes) -> list[int]:
    document = pdfium.PdfDocument(data)
    try:
        return screen_pages(document, 10_000).candidates
    finally:
        document.close()


def digit_accuracy(text: str, people: Sequence[samples.Person]) -> tuple[int, int, int]:
    """(ID digits right, ID digits total, IDs exactly right): best 13-digit window per ID."""
    digits = re.sub(r"\D", "", text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
    right = exact = 0
    for person in people:
        windows = (digits[i : i + 13] for i in range(len(digits)))
        best = max((sum(a == b for a, b in zip(person.thai_id, w, strict=False)) for w in windows), default=0)
        right += best
        exact += best == 13
    return right, 13 * len(people), exact


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            found.extend([int(child), *_descendants(int(child))])
    return found


def _hwm_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else 0.0


@dataclass
class PoolRun:
    """One corpus through the pool: wall seconds, results, worker CPU seconds and peak RSS."""

    seconds: float
    results: list[list[ParsedDocument]]
    cpu_seconds: float
    peak_mb: float

    @property
    def pages(self) -> int:
        return sum(len(parsed.pages) for result in self.results for parsed in result)


def _cpu_seconds(pid: int) -> float:
    """User + system time of a process and its reaped children (tesseract, antiword)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_pool(docs: Sequence[Doc], settings: DocumentsSettings) -> PoolRun:
    """The whole list through a pool whose workers are already started."""
    with DocumentPool(settings) as pool:
        for future in [pool.submit(b"<p>warm</p>", "warm.html") for _ in range(settings.workers * 2)]:
            future.result()
        workers = _descendants(os.getpid())
        cpu_before = sum(_cpu_seconds(pid) for pid in workers)
        started = time.perf_counter()
        futures = [pool.submit(doc.data, doc.name) for doc in docs]
        results = [future.result() for future in futures]
        elapsed = time.perf_counter() - started
        cpu = sum(_cpu_seconds(pid) for pid in workers) - cpu_before
        peak = max((_hwm_mb(pid) for pid in _descendants(os.getpid())), default=0.0)
    bad = [(p.source, p.status) for r in results for p in r if p.status not in PARSED]
    if bad:
        print(f"  not ok: {bad[:5]}")
    return PoolRun(elapsed, results, cpu, peak)


def per_format(docs: Sequence[Doc]) -> None:
    """Pages/s per format, in this process (one core)."""
    groups: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        groups[doc.kind].append(doc)
    print("per format, one process:")
    for kind, group in sorted(groups.items()):
        started = time.perf_counter()
        pages = sum(len(parsed.pages) for doc in group for parsed in extract(doc.data, doc.name))
        elapsed = time.perf_counter() - started
        print(f"  {kind:<16} {len(group):4d} docs {pages:5d} pages {pages / elapsed:9.1f} pages/s")


@dataclass
class Tally:
    """Leaks found out of leaks printed, per group, and findings that are no leak."""

    found: dict[str, int]
    total: dict[str, int]
    false: int = 0
    findings: int = 0

    def recall(self, group: str) -> float:
        return self.found.get(group, 0) / max(self.total.get(group, 0), 1)

    @property
    def precision(self) -> float:
        return (self.findings - self.false) / max(self.findings, 1)


def _groups(doc: layouts.Document) -> tuple[str, ...]:
    """The groups a document counts in: its producer family or scans."""
    if doc.scanned:
        return ("scans",)
    return ("chromium",) if doc.producer == "chromium" else ("libreoffice",)


def score_layouts(docs: Sequence[layouts.Document]) -> Tally:
    """Scan each hard-layout document as ``x4watch scan`` does; leaks found per group and form."""
    from detectors.fingerprint import fingerprint
    from detectors.registry import scan

    key = b"bench-layouts"
    tally = Tally(defaultdict(int), defaultdict(int))
    for doc in docs:
        found = {
            f.fingerprint
            for parsed in extract(doc.data, doc.name)
            for page in parsed.pages
            for f in scan(page.text, key, page=page.number)
        }
        truth = {fingerprint(leak.value, key): leak for leak in doc.leaks}
        tally.findings += len(found)
        tally.false += len(found - set(truth))
        for value, leak in truth.items():
            for group in (*_groups(doc), f"{_groups(doc)[0]}:{leak.kind}:{leak.form}"):
                tally.total[group] += 1
                tally.found[group] += value in found
    return tally


def geometry_cost(docs: Sequence[layouts.Document]) -> tuple[float, float, int]:
    """CPU ms per page of the pdfminer.six re-read with cells (this pass) and with layout analysis."""
    pages = 0
    seconds = {True: 0.0, False: 0.0}
    for doc in docs:
        for cells in (True, False):
            started = time.process_time()
            count = sum(1 for _ in iter_pages(open_document(doc.data), cells=cells))
            seconds[cells] += time.process_time() - started
        pages += count
    return 1000 * seconds[True] / pages, 1000 * seconds[False] / pages, pages


def hard_layouts(scale: int) -> tuple[Tally, tuple[float, float, int]]:
    """The hard-layout corpus through the real producers, scored; and the geometry pass's cost."""
    rng = random.Random(16)
    started = time.perf_counter()
    printed = layouts.produce(layouts.layouts(rng, 6 * scale, rows=12))
    scanned = layouts.scans([doc for doc in printed if doc.producer != "calc"][: 4 * scale], rng)
    made = time.perf_counter() - started
    print(f"hard layouts: {len(printed)} printed PDFs, {len(scanned)} scans; made in {made:.0f} s")
    tally = score_layouts(printed + scanned)
    for group in sorted(tally.total):
        print(f"  {group:<40} {tally.found.get(group, 0):4d}/{tally.total[group]:<4d} {tally.recall(group):.3f}")
    print(f"  findings {tally.findings}, of which no leak {tally.false}: precision {tally.precision:.3f}")
    cost = geometry_cost(printed)
    print(f"  re-read of {cost[2]} pages: cells {cost[0]:.1f} CPU ms/page, layout analysis {cost[1]:.1f} CPU ms/page")
    return tally, cost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="four times the corpus")
    args = parser.parse_args()
    scale = 4 if args.full else 1
    rng = random.Random(3)
    started = time.perf_counter()
    pdfs = build_pdfs(rng, 4 * scale, 12)
    others = build_others(rng, 6 * scale)
    scans = build_scans(rng, 6 * scale)
    total_pdf_pages = sum(pdf_pages(doc.data) for doc in pdfs)
    print(
        f"corpus: {len(pdfs)} PDFs ({total_pdf_pages} pages), {len(others)} other documents, "
        f"{len(scans)} scanned pages; generated in {time.perf_counter() - started:.0f} s"
    )

    per_format(pdfs + others)

    print(f"the {len(pdfs)} PDFs, one process, CPU time:")
    ours = timed("x4watch (pdfium + pdfminer re-read)", pdfs, read_ours)
    plain = timed("pdfminer.six extract_text", pdfs, read_pdfminer)
    actual = timed("pdfminer.six + ActualText", pdfs, read_pdfminer_actualtext)
    pdfium_only = timed("pypdfium2 alone", pdfs, read_pdfium)
    ratio = plain.total / ours.total
    print(f"  ratio vs pdfminer.six: {ratio:.1f}x; vs ActualText-aware: {actual.total / ours.total:.1f}x")
    reread = sum(len(candidate_pages(doc.data)) for doc in pdfs)
    listing = [doc for doc in pdfs if doc.people]
    worst = plain.on(pdfs, listing) / ours.on(pdfs, listing)
    print(f"  {reread} of {total_pdf_pages} pages re-read by pdfminer.six")
    print(f"  ratio on the {len(listing)} PDFs with a page of people only: {worst:.1f}x")

    settings = DocumentsSettings(workers=2)
    mixed = pdfs + others
    run = run_pool(mixed, settings)
    rate = run.pages / run.seconds
    print(f"pool, 2 workers, mixed corpus: {len(mixed) / run.seconds:.1f} docs/s, {rate:.1f} pages/s")
    print(f"  worker CPU {run.cpu_seconds:.1f} s for {run.seconds:.1f} s wall (the machine is shared)")

    ocr = run_pool(scans, settings)
    right = total = exact = ids = 0
    for doc, result in zip(scans, ocr.results, strict=True):
        r, t, e = digit_accuracy(result[0].text, doc.people)
        right, total, exact, ids = right + r, total + t, exact + e, ids + len(doc.people)
    accuracy = right / total
    ocr_rate = ocr.pages / ocr.seconds
    ocr_per_cpu = ocr.pages / max(ocr.cpu_seconds, 1e-9)
    print(f"OCR: {ocr_rate:.2f} pages/s wall on 2 workers; {ocr_per_cpu:.2f} pages per CPU second (per core)")
    print(f"  ID digits right {accuracy:.4f}, IDs exactly right {exact}/{ids}")

    hard, (cells_ms, layout_ms, _) = hard_layouts(scale)

    peak_rss = max(run.peak_mb, ocr.peak_mb)
    print(f"peak worker RSS {peak_rss:.0f} MB; this process {_hwm_mb(os.getpid()):.0f} MB")
    print(
        f"names right: x4watch {ours.names[0]}/{ours.names[1]}, ActualText pdfminer {actual.names[0]}/"
        f"{actual.names[1]}, plain pdfminer {plain.names[0]}/{plain.names[1]}, pdfium {pdfium_only.names[0]}/"
        f"{pdfium_only.names[1]}"
    )
    print(
        f"RESULT pages_per_s={rate:.1f} ratio_vs_pdfminer={ratio:.1f} ratio_people_pdfs={worst:.1f} "
        f"docs_per_s={len(mixed) / run.seconds:.1f} "
        f"ocr_pages_per_s={ocr_rate:.2f} ocr_pages_per_cpu_s={ocr_per_cpu:.2f} "
        f"ocr_digit_accuracy={accuracy:.4f} "
        f"names_right={ours.names[0] / ours.names[1]:.4f} "
        f"names_right_actualtext_pdfminer={actual.names[0] / actual.names[1]:.4f} peak_rss_mb={peak_rss:.0f} "
        f"recall_libreoffice={hard.recall('libreoffice'):.3f} recall_chromium={hard.recall('chromium'):.3f} "
        f"recall_scans={hard.recall('scans'):.3f} precision={hard.precision:.3f} "
        f"cells_ms_per_page={cells_ms:.1f} layout_ms_per_page={layout_ms:.1f}"
    )


if __name__ == "__main__":
    main()
