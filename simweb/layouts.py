"""Hard layouts of LAO documents, made by the real producers, with the truth of what they leak.

The documents x4watch misses most are tables as LAOs really publish them: allowance lists with ten
narrow columns where an ID wraps over two or three lines of its cell, procurement summaries (แบบ
สขร.1) whose bidder columns hold company tax IDs beside sole traders' personal numbers, forms with
an ID written digit by digit in boxes (a row of thirteen, or grouped 1-4-5-2-1 after the label),
and scans of all these. This module writes them as HTML,
DOCX and XLSX and has Chromium and LibreOffice (Writer and Calc) print them to PDF, then degrades
PDFs into scans (pdftoppm at 150-200 dpi, a skew of one or two degrees, JPEG artefacts).

Every document carries its truth: each leak's kind, canonical value and form (``plain``,
``official``, ``thai``, ``spaced``, ``boxed``, ``boxed_grouped``; ``mobile``, ``mobile_dashed``, ``landline_dash1``,
``landline_spaced``) and the decoys printed beside them (bank accounts, masked IDs in every style,
company and agency tax IDs), which must yield nothing. All numbers are synthetic
(:mod:`testkit.synthetic`).
"""

from __future__ import annotations

import html
import io
import random
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from stdnum.th import pin

from testkit import synthetic

PRODUCERS = ("chromium", "libreoffice", "calc")
"""Who prints the PDF: Chromium (HTML tables), LibreOffice Writer (DOCX), LibreOffice Calc (XLSX)."""
GIVEN = ("สมศักดิ์", "บัวผัน", "ประยูร", "กิตติพงษ์", "อรุณี", "ศักดิ์สิทธิ์", "น้ำผึ้ง", "ทองใบ", "สุพัตรา", "วีระ")
FAMILY = ("ใจดี", "ศรีสุข", "พรหมมา", "แก้วกล้า", "บุญยืน", "สิทธิชัย", "ชัยมงคล", "กาญจนะ", "ปัญญาดี")
TITLES = ("นาย", "นาง", "นางสาว", "น.ส.")
FIRMS = ("บริษัท รุ่งเรืองก่อสร้าง จำกัด", "ห้างหุ้นส่วนจำกัด นางรองวัสดุ", "บมจ. ไทยพัฒนา", "หจก. เจริญการช่าง")
SHOPS = ("ร้านสมานการค้า", "ร้านบัวลอยพาณิชย์", "ร้านเกรียงไกรวัสดุ")
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@dataclass(frozen=True)
class Leak:
    kind: str
    value: str = field(repr=False)
    form: str


@dataclass
class Layout:
    """One document before printing: a title, header row, body rows, lines after, and its truth."""

    name: str
    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list, repr=False)  # its IDs and phones, printed whole
    footer: list[str] = field(default_factory=list, repr=False)
    widths: list[float] = field(default_factory=list)
    """Column widths in centimetres (the ID and phone columns narrow, so numbers wrap)."""
    landscape: bool = False
    leaks: list[Leak] = field(default_factory=list)
    decoys: int = 0
    boxed: bool = False
    """A form's row of boxes: only one-digit cells are drawn with borders (a box each); the label
    and the empty cells that space the groups have none."""
    row_points: int = 44
    """A spreadsheet row's height: three wrapped lines (Calc keeps xlsx row heights)."""


@dataclass(frozen=True)
class Document:
    """A printed document: PDF bytes, who made it, whether it is a scan, and its truth."""

    name: str
    producer: str
    scanned: bool
    data: bytes = field(repr=False)
    leaks: tuple[Leak, ...]
    decoys: int

    @property
    def truth(self) -> tuple[tuple[Leak, ...], int]:
        return self.leaks, self.decoys


def _name(rng: random.Random) -> str:
    return f"{rng.choice(TITLES)}{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _grouped(number: str, sizes: Sequence[int], gap: str = " ") -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at : at + size])
        at += size
    return gap.join(parts)


ID_FORMS: dict[str, Callable[[str], str]] = {
    "plain": lambda n: n,
    "official": synthetic.official,
    "thai": lambda n: n.translate(THAI_DIGITS),
    "spaced": lambda n: _grouped(n, (5, 4, 4)),
}
"""How an allowance list prints an ID (all wrap in a narrow cell)."""
MASKED_ID_STYLES: tuple[Callable[[str], str], ...] = (
    lambda n: synthetic.official(n[:9] + "XXXX"),
    lambda n: n[:9] + "XXXX",
    lambda n: "XXXX" + n[4:],
    lambda n: synthetic.official(n[:5] + "XXXXX" + n[10:]),
    lambda n: n[:9] + "****",
    lambda n: synthetic.official(n[:9] + "xxxx"),
)
"""Masked IDs LAOs publish (X4 and others): never a leak."""


def _phone(rng: random.Random) -> tuple[str, str, str]:
    """(printed, canonical, form) of a person's phone."""
    form = rng.choice(("mobile", "mobile_dashed", "landline_dash1", "landline_spaced"))
    if form.startswith("mobile"):
        number = synthetic.mobile(rng)
        printed = number if form == "mobile" else f"{number[:3]}-{number[3:6]}-{number[6:]}"
        return printed, number, form
    number = synthetic.landline(rng)
    while number.startswith("02"):
        number = synthetic.landline(rng)
    gap = "-" if form == "landline_dash1" else " "
    return f"0{gap}{number[1:5]}{gap}{number[5:]}", number, form


def _bank_account(rng: random.Random) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(10))
    return f"{digits[:3]}-{digits[3]}-{digits[4:9]}-{digits[9]}"


def allowance_list(rng: random.Random, name: str, rows: int) -> Layout:
    """A disability allowance list: ten columns, IDs in a narrow column, a bank account in each row."""
    layout = Layout(
        name,
        "บัญชีรายชื่อผู้มีสิทธิได้รับเงินเบี้ยความพิการ ประจำปีงบประมาณ พ.ศ. 2568",
        ["ลำดับ", "ชื่อ - สกุล", "เลขประจำตัวประชาชน", "ประเภทความพิการ", "บ้านเลขที่", "หมู่ที่", "ธนาคาร",
         "เลขที่บัญชี", "โทรศัพท์", "จำนวนเงิน (บาท)"],
        widths=[1.0, 3.2, 2.1, 2.6, 1.3, 1.0, 1.8, 2.2, 2.0, 1.8],
        landscape=True,
    )  # fmt: skip
    for index in range(1, rows + 1):
        number = synthetic.thai_id(rng)
        if index % 7 == 0:
            printed = rng.choice(MASKED_ID_STYLES)(number)
            layout.decoys += 1
        else:
            form = rng.choice(tuple(ID_FORMS))
            printed = ID_FORMS[form](number)
            layout.leaks.append(Leak("thai_id", number, form))
        phone, canonical, phone_form = _phone(rng)
        if index % 5 == 0:
            phone = phone[:-4] + "XXXX"
            layout.decoys += 1
        else:
            layout.leaks.append(Leak("phone", canonical, phone_form))
        layout.decoys += 1
        layout.rows.append([
            str(index), _name(rng), printed, rng.choice(("ทางการเห็น", "ทางการเคลื่อนไหวหรือทางร่างกาย")),
            f"{rng.randrange(1, 300)}/{rng.randrange(1, 9)}", str(rng.randrange(1, 15)),
            rng.choice(("กรุงไทย", "ธ.ก.ส.", "ออมสิน")), _bank_account(rng), phone, "1,000.00",
        ])  # fmt: skip
    layout.footer = ["ตรวจถูกต้องแล้ว", f"({_name(rng)})", "ผู้อำนวยการกองสวัสดิการสังคม"]
    return layout


def agency_tax_id(rng: random.Random) -> str:
    """A state body's tax number (the 099 range)."""
    body = "0994" + "".join(str(rng.randrange(10)) for _ in range(8))
    return body + pin.calc_check_digit(body)


def procurement_summary(rng: random.Random, name: str, rows: int) -> Layout:
    """A สขร.1 summary: bidders and winners with tax IDs; firms are decoys, sole traders leak."""
    layout = Layout(
        name,
        "แบบ สขร.1 สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน มกราคม 2568",
        ["ลำดับ", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงิน", "วิธีซื้อหรือจ้าง", "ผู้เสนอราคาและราคาที่เสนอ",
         "ผู้ได้รับการคัดเลือกและราคา", "เหตุผลที่คัดเลือก", "เลขที่และวันที่ของสัญญา"],
        widths=[1.0, 4.0, 1.8, 1.8, 4.2, 4.2, 2.2, 2.6],
        landscape=True,
    )  # fmt: skip
    for index in range(1, rows + 1):
        if rng.random() < 0.5:
            vendor = f"{rng.choice(FIRMS)} เลขประจำตัวผู้เสียภาษี {synthetic.juristic_id(rng)}"
            layout.decoys += 1
        else:
            number = synthetic.thai_id(rng)
            vendor = f"{rng.choice(SHOPS)} โดย {_name(rng)} เลขประจำตัวผู้เสียภาษี {number}"
            layout.leaks.append(Leak("thai_id", number, "sole_trader"))
        price = f"{rng.randrange(5, 99)},{rng.randrange(100, 999)}.00"
        layout.rows.append([
            str(index), rng.choice(("จัดซื้อวัสดุสำนักงาน", "จ้างเหมาซ่อมแซมถนนลูกรัง หมู่ที่ 7")), price,
            "เฉพาะเจาะจง", f"{vendor} ราคา {price}", f"{vendor} ราคา {price}", "ราคาต่ำสุด",
            f"สัญญาเลขที่ {rng.randrange(1, 99)}/2568 ลงวันที่ {rng.randrange(1, 28)} ม.ค. 2568",
        ])  # fmt: skip
    layout.footer = [
        f"เลขประจำตัวผู้เสียภาษีของหน่วยงาน {agency_tax_id(rng)}",
        "(ลงชื่อ) ผู้รายงาน",
        f"({_name(rng)})",
        "เจ้าพนักงานพัสดุ",
    ]
    layout.decoys += 1
    return layout


def box_form(rng: random.Random, name: str) -> Layout:
    """A complaint form: the ID written one digit per box, a phone after its label."""
    number = synthetic.thai_id(rng)
    mobile = synthetic.mobile(rng)
    layout = Layout(
        name,
        "แบบคำร้องทั่วไป องค์การบริหารส่วนตำบล",
        ["เลขประจำตัวประชาชน", *list(number)],
        widths=[4.0] + [0.7] * 13,
        row_points=22,
        footer=[f"ข้าพเจ้า {_name(rng)} อายุ 54 ปี โทรศัพท์ {mobile[:3]}-{mobile[3:6]}-{mobile[6:]}", "มีความประสงค์"],
    )
    layout.leaks += [Leak("thai_id", number, "boxed"), Leak("phone", mobile, "mobile_dashed")]
    return layout


ID_GROUPS = (1, 4, 5, 2, 1)
"""How a form groups the ID's boxes (the official layout)."""


def grouped_box_form(rng: random.Random, name: str) -> Layout:
    """A request form: the ID in boxes grouped 1-4-5-2-1 on one line after its label, a spaced
    landline after its label below, and a masked phone (a decoy)."""
    number = synthetic.thai_id(rng)
    landline = synthetic.landline(rng)
    while landline.startswith("02"):
        landline = synthetic.landline(rng)
    cells, widths, at = ["เลขประจำตัวประชาชน"], [4.6], 0
    for size in ID_GROUPS:
        cells += ["", *number[at : at + size]]
        widths += [0.3] + [0.6] * size
        at += size
    masked = synthetic.mobile(rng)
    layout = Layout(
        name,
        "แบบคำขอรับความช่วยเหลือ องค์การบริหารส่วนตำบล",
        cells,
        widths=widths,
        footer=[
            f"ข้าพเจ้า {_name(rng)} อยู่บ้านเลขที่ {rng.randrange(1, 300)} หมู่ที่ {rng.randrange(1, 15)}",
            f"โทรศัพท์บ้าน 0 {landline[1:5]} {landline[5:]} มือถือ {masked[:3]}-{masked[3:6]}-XXXX",
            "มีความประสงค์ขอรับการสนับสนุนน้ำอุปโภคบริโภค",
        ],
        boxed=True,
        row_points=22,
    )
    layout.leaks += [Leak("thai_id", number, "boxed_grouped"), Leak("phone", landline, "landline_spaced")]
    layout.decoys += 1
    return layout


def layouts(rng: random.Random, count: int, rows: int = 14) -> list[Layout]:
    """``count`` documents of every kind in turn."""
    made: list[Layout] = []
    for index in range(count):
        kind = index % 4
        if kind == 0:
            made.append(allowance_list(rng, f"pikan{index}", rows))
        elif kind == 1:
            made.append(procurement_summary(rng, f"skr1_{index}", max(4, rows // 2)))
        elif kind == 2:
            made.append(box_form(rng, f"form{index}"))
        else:
            made.append(grouped_box_form(rng, f"kamrong{index}"))
    return made


# --- producers -----------------------------------------------------------------------------------

_CSS = (
    "body{{font-family:Garuda,Loma,sans-serif;font-size:10pt}} table{{border-collapse:collapse}}"
    " td,th{{border:1px solid #000;padding:2px;vertical-align:middle;word-break:break-all}}"
    " @page{{size:A4 {orientation};margin:12mm}}"
)


def to_html(layout: Layout) -> bytes:
    """The layout as an HTML page with a fixed-width table (Chromium wraps numbers in their cells)."""
    cols = "".join(f'<col style="width:{w}cm">' for w in layout.widths)
    bare = '<td style="border:none">{}</td>'  # a form's label and the gaps between its box groups
    head = "".join(
        (bare if layout.boxed and not _is_box(c) else "<th>{}</th>").format(html.escape(c)) for c in layout.header
    )
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in layout.rows)
    after = "".join(f"<p>{html.escape(line)}</p>" for line in layout.footer)
    style = _CSS.format(orientation="landscape" if layout.landscape else "portrait")
    page = (
        f'<html><head><meta charset="utf-8"><style>{style}</style></head><body><h3>{html.escape(layout.title)}</h3>'
        f'<table style="table-layout:fixed">{cols}<tr>{head}</tr>{body}</table>{after}</body></html>'
    )
    return page.encode()


def _is_box(text: str) -> bool:
    return len(text) == 1 and text.isdigit()


def _box_borders(cell: object) -> None:
    """A single border on every side of a Word table cell (a form's box)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "6")
        borders.append(edge)
    properties.append(borders)


def to_docx(layout: Layout) -> bytes:
    """The layout as a Word document with a fixed-width table (LibreOffice Writer wraps in cells)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Garuda", Pt(10)
    document.add_paragraph(layout.title)
    table = document.add_table(rows=1 + len(layout.rows), cols=len(layout.header))
    if not layout.boxed:
        table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, layout.widths, strict=True):
        column.width = Cm(width)  # Writer takes a table's column widths from its grid, not its cells
    for r, row in enumerate([layout.header, *layout.rows]):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Cm(layout.widths[c])
            cell.text = text
            if layout.boxed and _is_box(text):
                _box_borders(cell)
    for line in layout.footer:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx(layout: Layout) -> bytes:
    """The layout as a spreadsheet with narrow wrapped columns (LibreOffice Calc prints it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.append([layout.title])
    thin = Side(style="thin")
    for row in [layout.header, *layout.rows]:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            box = layout.boxed and _is_box(str(cell.value or ""))
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if box else None)
            if not layout.boxed or box:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.font = Font(name="Garuda", size=10)
            cell.number_format = "@"
        sheet.row_dimensions[sheet.max_row].height = layout.row_points
    for line in layout.footer:
        sheet.append([line])
    for index, width in enumerate(layout.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width * 4.4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _run(command: list[str]) -> None:
    subprocess.run(command, capture_output=True, timeout=300, check=True)  # noqa: S603 (fixed arguments)


def soffice_pdfs(files: dict[str, bytes]) -> dict[str, bytes]:
    """Files (DOCX or XLSX) printed to PDF by LibreOffice in one headless run; name → PDF."""
    with tempfile.TemporaryDirectory(prefix="x4w-layouts-") as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        profile = f"-env:UserInstallation=file://{folder}/profile"
        out = str(folder / "out")
        sources = [str(folder / name) for name in files]
        _run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", out, *sources])
        return {name: (folder / "out" / f"{Path(name).stem}.pdf").read_bytes() for name in files}


def chromium_pdf(page: bytes) -> bytes:
    """An HTML page printed to PDF by headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="x4w-layouts-") as tmp:
        source, target = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        source.write_bytes(page)
        _run([
            "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", source.as_uri(),
        ])  # fmt: skip
        return target.read_bytes()


def scan_of(pdf: bytes, rng: random.Random) -> bytes:
    """A degraded scan of ``pdf``: 150-200 dpi, 1-2 degrees of skew, JPEG artefacts, no text layer."""
    dpi = rng.choice((150, 200))
    with tempfile.TemporaryDirectory(prefix="x4w-layouts-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        _run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(tmp) / "p")])
        pages = [Image.open(path).convert("L") for path in sorted(Path(tmp).glob("p-*.png"))]
    degraded = []
    for page in pages:
        angle = rng.choice((-1, 1)) * rng.uniform(1.0, 2.0)
        tilted = page.rotate(angle, expand=False, fillcolor=255)
        buffer = io.BytesIO()
        tilted.save(buffer, "JPEG", quality=rng.randrange(35, 60))
        degraded.append(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
    out = io.BytesIO()
    degraded[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=degraded[1:])
    return out.getvalue()


def produce(found: Sequence[Layout], producers: Sequence[str] = PRODUCERS) -> list[Document]:
    """Every layout printed by each producer (LibreOffice runs once for all its files)."""
    docs: list[Document] = []
    office: dict[str, tuple[Layout, str]] = {}
    for layout in found:
        if "chromium" in producers:
            docs.append(_document(layout, "chromium", chromium_pdf(to_html(layout))))
        if "libreoffice" in producers:
            office[f"{layout.name}-writer.docx"] = (layout, "libreoffice")
        if "calc" in producers:
            office[f"{layout.name}-calc.xlsx"] = (layout, "calc")
    if office:
        sources = {name: (to_docx(lay) if by == "libreoffice" else to_xlsx(lay)) for name, (lay, by) in office.items()}
        for name, pdf in soffice_pdfs(sources).items():
            layout, producer = office[name]
            docs.append(_document(layout, producer, pdf))
    return docs


def _document(layout: Layout, producer: str, pdf: bytes, scanned: bool = False) -> Document:
    suffix = "-scan" if scanned else ""
    return Document(f"{layout.name}-{producer}{suffix}.pdf", producer, scanned, pdf, tuple(layout.leaks), layout.decoys)


def scans(docs: Sequence[Document], rng: random.Random) -> list[Document]:
    """A degraded scan of each document."""
    return [
        Document(doc.name.replace(".pdf", "-scan.pdf"), doc.producer, True, scan_of(doc.data, rng), *doc.truth)
        for doc in docs
    ]
