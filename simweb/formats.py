"""Document bytes for every format ``documents/`` reads, from one ``Content``.

Every renderer is deterministic (fixed dates inside PDFs, ZIP entries and Office properties), so the
same content gives the same bytes in any process: the crawler's content hash and the server's ETag
stay stable across restarts. DOC goes through LibreOffice (seconds per file), so it is rare and cached.
"""

from __future__ import annotations

import csv
import functools
import io
import random
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from simweb.content import Content

FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONT_FILE = FONT_DIR / "Garuda.ttf"
FIXED_TIME = datetime(2024, 6, 1, 9, 0, 0)
ZIP_TIME = (2024, 6, 1, 9, 0, 0)

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "scan_pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
}
EXTENSIONS = {"scan_pdf": "pdf", "jpg": "jpg"}
WRONG_TYPES = {"pdf": "text/html", "scan_pdf": "text/plain", "docx": "application/octet-stream"}
"""What a site with the ``wrong_type`` fault claims instead (others get application/octet-stream)."""

BOMB_BYTES = 256 * 1024 * 1024
_SOFFICE_LOCK = threading.Lock()


def extension(fmt: str) -> str:
    return EXTENSIONS.get(fmt, fmt)


def soffice_available() -> bool:
    return shutil.which("soffice") is not None


@functools.cache
def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Garuda", str(FONT_FILE)))
    return "Garuda"


_UNBREAKABLE = re.compile(r"(?<=[\dX๐-๙+]) (?=[\dX๐-๙])")


def _wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Split a table cell into lines that fit, never inside a number written with spaces."""
    words = _UNBREAKABLE.sub("\u0000", text).split(" ")
    lines: list[str] = []
    for word in (w.replace("\u0000", " ") for w in words):
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


class _PdfPages:
    """A ReportLab canvas written top to bottom, starting a new page when the current one is full."""

    def __init__(self, out: io.BytesIO, title: str, landscape_page: bool) -> None:
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.pdfgen import canvas

        self.font = _register_font()
        self.width, self.height = landscape(A4) if landscape_page else A4
        self.pdf = canvas.Canvas(out, pagesize=(self.width, self.height), invariant=1)
        self.pdf.setTitle(title)
        self.y = self.height - 50.0

    def text(self, text: str, x: float = 40.0, size: float = 11) -> None:
        if self.y < 50:
            self.pdf.showPage()
            self.y = self.height - 50.0
        self.pdf.setFont(self.font, size)
        self.pdf.drawString(x, self.y, text)

    def paragraph(self, text: str) -> None:
        for part in _cell_lines(text, self.width - 80, self.font, 11):
            self.text(part)
            self.y -= 18

    def row(self, row: tuple[str, ...], widths: list[float]) -> None:
        cells = [_cell_lines(cell, w, self.font) for cell, w in zip(row, widths, strict=True)]
        for index in range(max(len(c) for c in cells)):
            x = 40.0
            for cell, w in zip(cells, widths, strict=True):
                if index < len(cell):
                    self.text(cell[index], x, 9)
                x += w
            self.y -= 13
        self.y -= 3

    def save(self) -> None:
        self.pdf.showPage()
        self.pdf.save()


def render_pdf(content: Content) -> bytes:
    """A text PDF (ReportLab, embedded Thai TrueType font), landscape when it holds a table."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out = io.BytesIO()
    pages = _PdfPages(out, content.title, bool(content.header))
    for text in (content.title, *content.lines):
        pages.paragraph(text)
    if content.header:
        widths = _column_widths(content, pages.width - 80, lambda s: stringWidth(s, pages.font, 9))
        for row in (content.header, *content.rows):
            pages.row(row, widths)
    for text in content.footer:
        pages.y -= 6
        pages.paragraph(text)
    pages.save()
    return out.getvalue()


def _cell_lines(text: str, width: float, font: str, size: float = 9) -> list[str]:
    """A cell's lines: its own line breaks kept (an ID printed across two lines), then wrapped to fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return [
        line for part in text.split("\n") for line in _wrap(part, lambda s: stringWidth(s, font, size) <= width - 6)
    ]


def _column_widths(content: Content, total: float, measure: Callable[[str], float]) -> list[float]:
    natural = [max(measure(row[i]) for row in (content.header, *content.rows)) + 8 for i in range(len(content.header))]
    scale = min(1.0, total / sum(natural))
    return [max(w * scale, 40.0) for w in natural]


def render_image(content: Content, fmt: str) -> bytes:
    """A 'scanned' page: text drawn at 200 dpi, slightly rotated, speckled; PNG, JPEG or a PDF around it."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT_FILE), 30)
    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    y = 120
    rows = ("   ".join(row) for row in content.rows)
    lines = [content.title, *content.lines, *rows, *content.footer]
    for text in lines:
        for part in _wrap(text, lambda s: font.getlength(s) <= 1450):
            draw.text((100, y), part, font=font, fill=20)
            y += 52
    rng = random.Random(content.title + str(len(lines)))
    for _ in range(1500):
        x, y0 = rng.randrange(1654), rng.randrange(2339)
        draw.point((x, y0), fill=rng.randrange(80, 200))
    page = page.rotate(rng.uniform(-0.8, 0.8), fillcolor=255, resample=Image.Resampling.BILINEAR)
    out = io.BytesIO()
    if fmt == "scan_pdf":
        page.save(out, "PDF", resolution=200.0, creationDate=FIXED_TIME.timetuple(), modDate=FIXED_TIME.timetuple())
    elif fmt == "png":
        page.save(out, "PNG", compress_level=1)
    else:
        page.save(out, "JPEG", quality=80)
    return out.getvalue()


def render_docx(content: Content, *, table: bool = True) -> bytes:
    """Word 2007+; ``table=False`` writes rows as tab-separated paragraphs (what DOC gets, since
    antiword wraps narrow table cells and would split an ID across lines)."""
    import docx

    document = docx.Document()
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    document.core_properties.title = content.title
    document.add_heading(content.title, level=1)
    for text in content.lines:
        document.add_paragraph(text)
    if content.header and table:
        grid = document.add_table(rows=0, cols=len(content.header))
        grid.style = "Table Grid"
        for row in (content.header, *content.rows):
            for cell, text in zip(grid.add_row().cells, row, strict=True):
                cell.text = text
    elif content.header:
        for row in (content.header, *content.rows):
            document.add_paragraph("\t".join(row))
    for text in content.footer:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return normalize_zip(out.getvalue())


@functools.cache
def _soffice_profile() -> Path:
    """One LibreOffice profile per process: creating a fresh one costs seconds per conversion."""
    return Path(tempfile.mkdtemp(prefix="simweb-soffice-"))


def render_doc(content: Content) -> bytes:
    """Word 97 via LibreOffice from the DOCX (1-5 s, one at a time; callers cache it on disk)."""
    with _SOFFICE_LOCK, tempfile.TemporaryDirectory(prefix="simweb-doc-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(render_docx(content, table=False))
        subprocess.run(  # noqa: S603 - fixed argv, no shell, our own temp files
            [
                shutil.which("soffice") or "soffice",
                f"-env:UserInstallation={_soffice_profile().as_uri()}",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(tmp) / "document.doc").read_bytes()


def render_xls(content: Content) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(_sheet_rows(content)):
        for c, text in enumerate(row):
            sheet.write(r, c, text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_xlsx(content: Content) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    sheet = book.create_sheet("Sheet1")
    for row in _sheet_rows(content):
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return normalize_zip(out.getvalue())


def render_csv(content: Content) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_sheet_rows(content))
    return out.getvalue().encode("utf-8-sig")


def _sheet_rows(content: Content) -> Iterator[tuple[str, ...]]:
    yield (content.title,)
    yield from ((text,) for text in content.lines)
    if content.header:
        yield content.header
        yield from content.rows
    yield from ((text,) for text in content.footer)


def zip_member_names(stem: str) -> tuple[str, str]:
    """The members of a site's ZIP: the document as PDF, and a harmless cover note."""
    return f"{stem}.pdf", "readme.txt"


def render_zip(content: Content, stem: str) -> bytes:
    pdf_name, note_name = zip_member_names(stem)
    return build_zip(
        [(pdf_name, render_pdf(content)), (note_name, "เอกสารแนบประกาศ โปรดเปิดด้วยโปรแกรมอ่าน PDF\n".encode())]
    )


def build_zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalize_zip(data: bytes) -> bytes:
    """Rewrite an Office file's ZIP with fixed timestamps (entries and core properties, which
    openpyxl stamps at save time), so equal content gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    fixed = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return build_zip(
        [
            (
                name,
                _CORE_DATES.sub(rb"\g<1>" + fixed + rb"\g<2>", body) if name == "docProps/core.xml" else body,
            )
            for name, body in members
        ]
    )


def zip_bomb() -> bytes:
    """A ~256 KB ZIP whose one member inflates to 256 MiB of zeros (ratio about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    deflated = b"".join(compressor.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))) + compressor.flush()
    info = zipfile.ZipInfo("backup.txt", ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = BOMB_BYTES
    info.compress_size = len(deflated)
    info.CRC = _crc_of_zeros(BOMB_BYTES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.fp.write(info.FileHeader())  # type: ignore[union-attr]
        archive.fp.write(deflated)  # type: ignore[union-attr]
        info.header_offset = 0
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info
        archive.start_dir = archive.fp.tell()  # type: ignore[union-attr]
    return out.getvalue()


def _crc_of_zeros(size: int) -> int:
    crc = 0
    chunk = bytes(1024 * 1024)
    for _ in range(size // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    return crc


def corrupt_pdf(seed: str) -> bytes:
    """A PDF header followed by noise: no readable text, no valid structure."""
    rng = random.Random(seed)
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(40_000)


def render(fmt: str, content: Content, stem: str) -> bytes:
    """The bytes of ``content`` as ``fmt`` (any of MEDIA_TYPES)."""
    if fmt in ("scan_pdf", "png", "jpg"):
        return render_image(content, fmt)
    if fmt == "zip":
        return render_zip(content, stem)
    renderer: Callable[[Content], bytes] = {
        "pdf": render_pdf,
        "docx": render_docx,
        "doc": render_doc,
        "xls": render_xls,
        "xlsx": render_xlsx,
        "csv": render_csv,
    }[fmt]
    return renderer(content)
