"""Synthetic sample documents with Thai text and known identifiers, for tests and ``bench.documents``.

Everything here is generated: names are drawn from a short list of common Thai given names and
surnames (chosen for their stacked marks, which break naive PDF readers), identifiers come from
``testkit.synthetic``. Hostile samples (zip bomb, no-op operator flood, object loop, 10,000 pages,
encrypted containers) are built byte by byte so they cost milliseconds, not minutes.
Not used by production code paths.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageChops

from testkit import synthetic

if TYPE_CHECKING:
    from reportlab.lib.pdfencrypt import StandardEncryption

GIVEN = (
    "ศักดิ์สิทธิ์", "น้ำผึ้ง", "สมศักดิ์", "กิตติ์ธนา", "ปิ่นแก้ว", "ธีร์วรา", "จุฑามาศ", "ณัฐพงษ์",
    "สุดใจ", "บุญเรือง", "คำแก้ว", "ชื่นจิตต์", "พิมพ์ลักษณ์", "ฤทธิ์ชัย", "อัมพร", "ทองคำ",
)  # fmt: skip
FAMILY = (
    "ใจดี", "ศรีสุข", "ทองมา", "แก้วกล้า", "บุญมี", "สุขสวัสดิ์", "พิทักษ์ธรรม", "เพิ่มพูน",
    "ศักดิ์ศรี", "วงศ์ใหญ่", "น้ำใจดี", "ธรรมศักดิ์",
)  # fmt: skip
TITLES = ("นาย", "นาง", "นางสาว")
FILLER = (
    "ประกาศองค์การบริหารส่วนตำบล เรื่อง การรับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานจ้าง",
    "ด้วยองค์การบริหารส่วนตำบลจะดำเนินการซ่อมแซมถนนลูกรังภายในหมู่บ้าน",
    "ขอเชิญชวนประชาชนร่วมกิจกรรมวันสำคัญทางพระพุทธศาสนา ณ วัดประจำหมู่บ้าน",
    "รายงานผลการดำเนินงานประจำปีงบประมาณ ตามแผนพัฒนาท้องถิ่น",
    "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง ภาษีป้าย ประจำปี",
    "ประชาสัมพันธ์การป้องกันโรคไข้เลือดออก กำจัดแหล่งเพาะพันธุ์ยุงลาย",
)
THAI_FONT = "/usr/share/fonts/truetype/tlwg/Garuda.ttf"


@dataclass(frozen=True)
class Person:
    """One row of an allowance list: a generated name with a valid-checksum ID and a mobile."""

    name: str
    thai_id: str = field(repr=False)  # a failing test prints its fixtures: never a whole number
    phone: str = field(repr=False)


@dataclass(frozen=True)
class Corpus:
    """One sample of every format, all carrying the same people (tests build it once per session)."""

    people: list[Person]
    files: dict[str, bytes]
    scans: dict[str, bytes]


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def ids_in(text: str, persons: Sequence[Person]) -> set[str]:
    """The people's IDs whose digits appear whole in ``text`` (single separators and Thai digits
    allowed): how tests and the benchmark check extraction without depending on the detectors."""
    ascii_text = text.translate(_THAI_DIGITS)
    found = set()
    for person in persons:
        pattern = r"(?<!\d)" + r"[ \-]?".join(person.thai_id) + r"(?!\d)"
        if re.search(pattern, ascii_text):
            found.add(person.thai_id)
    return found


def people(rng: random.Random, count: int) -> list[Person]:
    """``count`` synthetic people."""
    return [
        Person(
            f"{rng.choice(TITLES)}{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            synthetic.thai_id(rng),
            synthetic.mobile(rng),
        )
        for _ in range(count)
    ]


def filler(rng: random.Random, count: int) -> list[str]:
    """``count`` Thai sentences without any digits (most published pages look like this)."""
    return [rng.choice(FILLER) for _ in range(count)]


def rows(persons: Sequence[Person]) -> list[list[str]]:
    """Table rows as LAOs publish them: running number, name, ID, phone."""
    return [[str(index + 1), p.name, p.thai_id, p.phone] for index, p in enumerate(persons)]


def html_bytes(persons: Sequence[Person], lines: Sequence[str], encoding: str = "utf-8") -> bytes:
    """An HTML page with paragraphs and a table, declaring and using ``encoding``."""
    body = "".join(f"<p>{line}</p>" for line in lines)
    table = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows(persons))
    page = (
        f'<html><head><meta charset="{encoding}"><title>ประกาศ</title>'
        "<script>var x = '0812345678';</script></head>"
        f"<body><h1>รายชื่อผู้มีสิทธิ์รับเบี้ยยังชีพ</h1>{body}<table>{table}</table></body></html>"
    )
    return page.encode(encoding)


def csv_bytes(persons: Sequence[Person], encoding: str = "utf-8") -> bytes:
    """A CSV export of the table."""
    out = io.StringIO()
    csv.writer(out).writerows([["ลำดับ", "ชื่อ", "เลขประจำตัวประชาชน", "โทร"], *rows(persons)])
    return out.getvalue().encode(encoding)


def docx_bytes(persons: Sequence[Person], lines: Sequence[str]) -> bytes:
    """A DOCX with paragraphs, a table of the people and a phone in the header."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    data = rows(persons)
    if data:
        table = document.add_table(rows=len(data), cols=4)
        for r, row in enumerate(data):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    document.sections[0].header.paragraphs[0].text = "องค์การบริหารส่วนตำบลตัวอย่าง"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(persons: Sequence[Person]) -> bytes:
    """An XLSX whose IDs are stored as numbers on odd rows (they arrive as floats)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "รายชื่อ"
    sheet.append(["ลำดับ", "ชื่อ", "เลขประจำตัวประชาชน", "โทร"])
    for index, row in enumerate(rows(persons)):
        sheet.append([index + 1, row[1], int(row[2]) if index % 2 else row[2], row[3]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_bytes(persons: Sequence[Person]) -> bytes:
    """A legacy XLS whose IDs are floats, as old Excel exports store them."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("แผ่นงาน1")
    for r, row in enumerate(rows(persons)):
        sheet.write(r, 0, r + 1)
        sheet.write(r, 1, row[1])
        sheet.write(r, 2, float(row[2]))
        sheet.write(r, 3, row[3])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _register_thai_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Garuda" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Garuda", THAI_FONT))


def reportlab_pdf(
    pages: Sequence[Sequence[str]], *, encrypt: str | StandardEncryption | None = None
) -> bytes:
    """A PDF with one page per list of lines, in the Thai Garuda font (no shaping, no ActualText);
    ``encrypt`` is a user password or a ReportLab ``StandardEncryption`` (owner-only restrictions)."""
    from reportlab.pdfgen import canvas

    _register_thai_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=encrypt)
    for lines in pages:
        pdf.setFont("Garuda", 12)
        for index, line in enumerate(lines[:45]):
            pdf.drawString(50, 800 - 17 * index, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def person_lines(persons: Sequence[Person]) -> list[str]:
    """One text line per person, as a PDF allowance list prints them."""
    return [" ".join(row) for row in rows(persons)]


def soffice_convert(files: dict[str, bytes], target: str) -> dict[str, bytes]:
    """Convert files with LibreOffice headless (``target``: pdf, doc, xls); name → converted bytes.

    A private profile folder lets several conversions run at once on one machine.
    """
    with tempfile.TemporaryDirectory(prefix="x4w-soffice-") as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            [  # noqa: S607 (Debian's LibreOffice)
                "soffice",
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(folder / "out"),
                *(str(folder / name) for name in files),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        return {name: (folder / "out" / f"{Path(name).stem}.{target}").read_bytes() for name in files}


def chromium_pdf(html: bytes) -> bytes:
    """Print an HTML page to PDF with Debian's headless Chromium (shaped Thai, ActualText spans)."""
    with tempfile.TemporaryDirectory(prefix="x4w-chromium-") as tmp:
        source = Path(tmp) / "page.html"
        source.write_bytes(html)
        target = Path(tmp) / "page.pdf"
        subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            [
                "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        return target.read_bytes()


def scanned(pdf: bytes, rng: random.Random, *, dpi: int = 200, max_angle: float = 1.0) -> list[bytes]:
    """Each page of ``pdf`` as a grayscale PNG 'scan': rendered, slightly rotated, speckled."""
    with tempfile.TemporaryDirectory(prefix="x4w-scan-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(tmp) / "p")],  # noqa: S607
            capture_output=True,
            timeout=120,
            check=True,
        )
        pages = sorted(Path(tmp).glob("p-*.png"))
        images = [Image.open(path).convert("L") for path in pages]
    out = []
    for image in images:
        noisy = _speckle(image.rotate(rng.uniform(-max_angle, max_angle), fillcolor=255), rng)
        buffer = io.BytesIO()
        noisy.save(buffer, "PNG")
        out.append(buffer.getvalue())
    return out


def _speckle(image: Image.Image, rng: random.Random) -> Image.Image:
    """Add scanner noise: a little Gaussian grain and random dark specks."""
    grain = Image.effect_noise(image.size, 18).point(lambda v: v - 128 + 255 if v < 128 else 255)
    speckled = ImageChops.darker(image, grain)
    pixels = speckled.load()
    assert pixels is not None
    for _ in range(image.width * image.height // 4000):
        pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.randrange(0, 120)
    return speckled


def images_to_pdf(pngs: Sequence[bytes], dpi: int = 200) -> bytes:
    """A scanned PDF: one image per page and no text layer."""
    images = [Image.open(io.BytesIO(png)).convert("L") for png in pngs]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def stamped_scan_pdf(png: bytes, stamp: str) -> bytes:
    """A full-page scan with one line of real text over it (as CMSs stamp a header on uploads)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    _register_thai_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawImage(ImageReader(io.BytesIO(png)), 0, 0, width=595, height=842)
    pdf.setFont("Garuda", 10)
    pdf.drawString(40, 825, stamp)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def corpus(seed: int = 20240603) -> Corpus:
    """One sample of every format, made by the real producers (LibreOffice, Chromium, ReportLab,
    pdftoppm), all listing the same eight people, and two scans of four of them. Slow (about 20 s):
    test sessions build it once."""
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not security
    people_ = people(rng, 8)
    lines = filler(rng, 4)
    docx = docx_bytes(people_, lines)
    html = html_bytes(people_, lines)
    xlsx = xlsx_bytes(people_)
    converted = soffice_convert({"list.docx": docx}, "pdf")
    converted_doc = soffice_convert({"list.docx": docx}, "doc")
    converted_odt = soffice_convert({"list.docx": docx}, "odt")
    converted_ods = soffice_convert({"list.xlsx": xlsx}, "ods")
    files = {
        "page.html": html,
        "page-tis620.html": html_bytes(people_, lines, "tis-620"),
        "list.csv": csv_bytes(people_),
        "list-874.csv": csv_bytes(people_, "cp874"),
        "list.docx": docx,
        "list.xlsx": xlsx,
        "list.odt": converted_odt["list.docx"],
        "list.ods": converted_ods["list.xlsx"],
        "list.xls": xls_bytes(people_),
        "list.doc": converted_doc["list.docx"],
        "libreoffice.pdf": converted["list.docx"],
        "reportlab.pdf": reportlab_pdf([lines, person_lines(people_)]),
        "chromium.pdf": chromium_pdf(html),
    }
    scan_source = reportlab_pdf([person_lines(people_[:4])])
    pngs = scanned(scan_source, rng)
    scans = {"scan.png": pngs[0], "scan.pdf": images_to_pdf(pngs)}
    return Corpus(people_, files, scans)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP archive of ``members``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def seven_zip_bytes(
    members: dict[str, bytes | Sequence[bytes]], sizes: dict[str, int] | None = None
) -> bytes:
    """A 7z archive written by libarchive; a member may be given as chunks with its total size."""
    import libarchive

    out = io.BytesIO()
    with libarchive.custom_writer(out.write, "7zip") as archive:
        for name, data in members.items():
            size = (sizes or {}).get(name, len(data) if isinstance(data, bytes) else 0)
            archive.add_file_from_memory(name, size, data)
    return out.getvalue()


def seven_zip_bomb(uncompressed_mb: int) -> bytes:
    """A 7z of one member of ``uncompressed_mb`` MB of zeros."""
    chunk = bytes(1 << 20)
    return seven_zip_bytes({"zeros.txt": [chunk] * uncompressed_mb}, {"zeros.txt": uncompressed_mb << 20})


# --- hostile samples -------------------------------------------------------------------------


def zip_bomb(uncompressed_mb: int = 1024) -> bytes:
    """A real deflate bomb: one member of ``uncompressed_mb`` MB of zeros (about 1 MB per GB)."""
    out = io.BytesIO()
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("zeros.txt", "w", force_zip64=True) as member:
            for _ in range(uncompressed_mb):
                member.write(chunk)
    return out.getvalue()


def raw_pdf(objects: Sequence[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object n is ``objects[n-1]``), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(content: bytes, compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content)
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_content(lines: Sequence[str]) -> bytes:
    """A content stream drawing ASCII ``lines`` in Helvetica."""
    ops = [b"BT /F1 11 Tf 50 800 Td 14 TL"]
    ops += [b"(%s) '" % line.encode("ascii") for line in lines]
    return b" ".join([*ops, b"ET"])


def pages_pdf(contents: Sequence[bytes], *, compress: bool = False) -> bytes:
    """A PDF with one page per content stream, Helvetica as /F1."""
    count = len(contents)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for index, content in enumerate(contents):
        page_no, content_no = 4 + 2 * index, 5 + 2 * index
        kids.append(b"%d 0 R" % page_no)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % content_no
        )
        objects.append(_stream(content, compress))
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, b" ".join(kids))
    return raw_pdf(objects)


def many_pages_pdf(count: int, lines: Sequence[str] = ("page",)) -> bytes:
    """``count`` pages sharing one content stream (a 10,000-page PDF is about 1 MB)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT, _stream(text_content(lines))]
    kids = []
    for index in range(count):
        kids.append(b"%d 0 R" % (5 + index))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>"
        )
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, b" ".join(kids))
    return raw_pdf(objects)


def noop_flood_pdf(operators: int, lines: Sequence[str]) -> bytes:
    """One page drawing ``lines`` then ``operators`` no-op ``q Q`` pairs (compressed: ~40 KB per 10 M)."""
    content = text_content(lines) + b"\n" + b"q Q\n" * (operators // 2)
    return pages_pdf([content], compress=True)


def loop_pdf() -> bytes:
    """A page tree whose /Kids point back at itself."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [2 0 R 3 0 R] /Parent 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [2 0 R] /Parent 3 0 R >>",
        ]
    )


def malformed_docx(docx: bytes) -> bytes:
    """A DOCX whose document.xml is cut in the middle of a tag."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) * 2 // 3] + b"<w:p><w:r><w:t"
            archive.writestr(info.filename, data)
    return out.getvalue()


def encrypted_zip(members: dict[str, bytes], password: str) -> bytes:
    """A ZIP with ZipCrypto-encrypted members, made by Info-ZIP's ``zip -P``."""
    if shutil.which("zip") is None:
        raise RuntimeError("the zip command is not installed")
    with tempfile.TemporaryDirectory(prefix="x4w-zip-") as tmp:
        for name, data in members.items():
            (Path(tmp) / name).write_bytes(data)
        subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            ["zip", "-q", "-P", password, "out.zip", *members],  # noqa: S607
            cwd=tmp,
            check=True,
            timeout=60,
        )
        return (Path(tmp) / "out.zip").read_bytes()


_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        raw,
        len(raw),
        kind,
        1,
        _NOSTREAM,
        right,
        child,
        b"",
        0,
        0,
        0,
        start,
        size,
    )


def encrypted_ooxml(rng: random.Random) -> bytes:
    """What Office writes for a password-protected DOCX/XLSX: an OLE file with EncryptionInfo and
    EncryptedPackage streams (random bytes here, which is all anyone without the key can see)."""
    sector = 512
    info, package = rng.randbytes(4096), rng.randbytes(4096)
    fat = [_FATSECT, _END]
    fat += [*range(3, 10), _END]  # EncryptionInfo: sectors 2-9
    fat += [*range(11, 18), _END]  # EncryptedPackage: sectors 10-17
    fat += [_FREE] * (sector // 4 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + b"\xff" * (436 - 4)
    directory = (
        _dir_entry("Root Entry", 5, _NOSTREAM, 1, _END, 0)
        + _dir_entry("EncryptionInfo", 2, 2, _NOSTREAM, 2, len(info))
        + _dir_entry("EncryptedPackage", 2, _NOSTREAM, _NOSTREAM, 10, len(package))
        + _dir_entry("", 0, _NOSTREAM, _NOSTREAM, 0, 0)
    )
    return header + struct.pack("<128I", *fat) + directory + info + package
