"""Thai document content: who is listed, which identifiers are printed, and in what form.

A document's content is a title, some lines of prose, a table and a footer, drawn from a random
generator seeded by (seed, LAO, document), so the renderer that writes the bytes and the truth that
scores the crawl see the very same identifiers. Identifiers come from ``testkit.synthetic``.

The printed forms follow what the detectors must handle: dashes, spaces, dots, no separator, Thai
digits, zero-width and non-breaking spaces inside, an ID glued to the Thai label before it, phones
with +66. Which forms a document may use depends on its format (an OCR'd scan only gets the plain
dashed form), so that what the truth calls a leak is really readable in that format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from detectors.mask import mask_in_place
from simweb.model import DocPlan, Leaked
from testkit import synthetic

THAI_DIGITS = synthetic.THAI_DIGITS

ID_FORMS_TEXT = (
    "official", "official", "official", "compact", "compact", "spaces", "dots", "en_dash", "thai_digits",
    "thai_compact", "mixed_digits", "wrap_official", "wrap_compact", "wrap_cell",
)  # fmt: skip
"""Forms (names of ``testkit.synthetic.ID_FORMS``) every text format keeps readable; the common
ones repeated to weigh more."""
ID_FORMS_RICH = (*ID_FORMS_TEXT, "nbsp", "zero_width", "full_width")
"""Forms that need Unicode text end to end (UTF-8 HTML, DOCX, XLSX, CSV)."""
ID_FORMS_PDF = tuple(form for form in ID_FORMS_TEXT if not form.startswith("wrap"))
"""A PDF table cell's second line comes out after the row's other cells (text extraction reads by
line), so an ID wrapped inside a PDF cell is not readable as one number: PDFs do not get those."""
ID_FORMS_OCR = ("official",)
PHONE_FORMS_TEXT = ("dash", "dash", "plain", "space", "intl", "thai")

_FIRST_NAMES = (
    "สมชาย", "สมศรี", "บุญมี", "ประยูร", "สมพร", "มานี", "วิชัย", "สุนทร", "บัวผัน", "ทองใบ", "จำปี", "สุดใจ",
    "อำนวย", "ประเสริฐ", "คำปุ่น", "สายทอง", "บุญเรือน", "เฉลิม", "ละเอียด", "สงวน", "ทองดี", "พิมพ์", "ศรีไพร",
)  # fmt: skip
_LAST_NAMES = (
    "ใจดี", "ศรีสุข", "บุญมา", "แก้วกล้า", "ทองคำ", "พรมมา", "สุขสวัสดิ์", "มีสุข", "ดวงดี", "คำแก้ว", "สายบุญ",
    "ศักดิ์สิทธิ์", "จันทร์หอม", "พันธ์ุดี", "วงศ์ใหญ่", "ชัยมงคล", "นามวงศ์", "บุญประเสริฐ",
)  # fmt: skip
_COMPANIES = (
    "บริษัท สมบูรณ์ก่อสร้าง จำกัด", "ห้างหุ้นส่วนจำกัด รุ่งเรืองวัสดุ", "หจก. ทองดีการโยธา",
    "บริษัท ไทยเครื่องเขียน จำกัด", "บริษัท เอ็นเนอร์จี้ซัพพลาย จำกัด", "สหกรณ์การเกษตรบ้านนา จำกัด",
)  # fmt: skip
_WORKS = (
    "จัดซื้อวัสดุสำนักงาน", "จ้างเหมาซ่อมแซมถนนลูกรัง หมู่ที่ ๕", "จัดซื้อน้ำมันเชื้อเพลิง",
    "จ้างเหมาจัดทำป้ายประชาสัมพันธ์", "จัดซื้ออาหารเสริม (นม) โรงเรียน", "จ้างเหมาบริการกำจัดขยะ",
    "จัดซื้อวัสดุก่อสร้าง", "จ้างซ่อมแซมรถบรรทุกน้ำ",
)  # fmt: skip
_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Content:
    """What a document says, independent of its file format."""

    title: str
    lines: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[str, ...]
    printed: tuple[Leaked, ...]


def thai_date(date_index: int) -> str:
    """A Thai Buddhist-era date: ``date_index`` counts days back from 1 June 2567 (2024)."""
    day_of_year = (152 - date_index) % 365
    month = min(day_of_year // 31, 11)
    year = 2567 - (date_index - 152 + 364) // 365 if date_index > 152 else 2567
    return f"{day_of_year % 28 + 1} {_MONTHS[month]} {year}".translate(THAI_DIGITS)


def x4(text: str) -> str:
    """X4 masking of a printed number: its last four digits (any script) become X, separators stay."""
    chars = list(text)
    mask_in_place(chars, 0, len(chars))
    return "".join(chars)


def format_id(digits: str, form: str) -> str:
    """One 13-digit ID printed in ``form``, a name of ``testkit.synthetic.ID_FORMS``."""
    return synthetic.ID_FORMS[form](digits)


def format_phone(digits: str, form: str) -> str:
    """A national-format phone number printed in ``form`` (mobile 3-3-4, landline 0-XXXX-XXXX style)."""
    if len(digits) == 10:
        parts = (digits[:3], digits[3:6], digits[6:])
    elif digits.startswith("02"):
        parts = (digits[:2], digits[2:5], digits[5:])
    else:
        parts = (digits[:1], digits[1:5], digits[5:])
    return {
        "plain": digits,
        "dash": "-".join(parts),
        "space": " ".join(parts),
        "intl": "+66 " + " ".join((parts[0][1:] or parts[1], *parts[1 if parts[0][1:] else 2 :])),
        "thai": "-".join(parts).translate(THAI_DIGITS),
    }[form]


class _Writer:
    """Builds one document's rows, deciding per identifier whether it is printed in full."""

    def __init__(self, rng: random.Random, leak: str, id_forms: tuple[str, ...], phone_forms: tuple[str, ...]):
        self.rng = rng
        self.leak = leak
        self.id_forms = id_forms
        self.phone_forms = phone_forms
        self.printed: list[Leaked] = []

    def person(self) -> str:
        title = self.rng.choice(("นาย", "นาง", "นางสาว"))
        return f"{title}{self.rng.choice(_FIRST_NAMES)} {self.rng.choice(_LAST_NAMES)}"

    def _full(self, kind: str) -> bool:
        roll = self.rng.random()  # drawn whatever the mode, so a masked re-issue lists the same people
        if self.leak == "all":
            return True
        if self.leak == "phones":
            return kind == "phone"
        return self.leak == "some" and roll < 0.25

    def person_id(self) -> str:
        digits = synthetic.thai_id(self.rng)
        full = self._full("thai_id")
        self.printed.append(Leaked("thai_id", digits, full))
        text = format_id(digits, self.rng.choice(self.id_forms))
        return text if full else x4(text)

    def phone(self) -> str:
        digits = synthetic.mobile(self.rng) if self.rng.random() < 0.8 else synthetic.landline(self.rng)
        full = self._full("phone")
        self.printed.append(Leaked("phone", digits, full))
        text = format_phone(digits, self.rng.choice(self.phone_forms))
        return text if full else x4(text)

    def company_id(self) -> str:
        digits = synthetic.juristic_id(self.rng)
        self.printed.append(Leaked("juristic_id", digits, True))
        return format_id(digits, self.rng.choice(("compact", "official")))


def _allowance(w: _Writer, lao_name: str, rows: int, date: str) -> Content:
    body = []
    for number in range(1, rows + 1):
        amount = w.rng.choice(("600", "700", "800", "1,000"))
        address = f"{w.rng.randint(1, 250)} หมู่ {w.rng.randint(1, 15)}"
        body.append((str(number), w.person(), w.person_id(), address, amount))
    return Content(
        title=f"ประกาศรายชื่อผู้มีสิทธิ์รับเงินเบี้ยยังชีพผู้สูงอายุ {lao_name}",
        lines=(f"ประจำปีงบประมาณ ๒๕๖๘ ประกาศ ณ วันที่ {date}", "ผู้สูงอายุที่มีสิทธิ์ได้รับเงินเบี้ยยังชีพ ดังนี้"),
        header=("ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "ที่อยู่", "จำนวนเงิน (บาท)"),
        rows=tuple(body),
        footer=(f"ประกาศ ณ วันที่ {date}", f"นายก{lao_name}"),
        printed=tuple(w.printed),
    )


def _vendor(w: _Writer) -> str:
    if w.rng.random() < 0.5:
        return f"{w.rng.choice(_COMPANIES)} เลขประจำตัวผู้เสียภาษี {w.company_id()}"
    glued = w.rng.random() < 0.3
    label = "เลขประจำตัวผู้เสียภาษี" if glued else "เลขประจำตัวผู้เสียภาษี "
    return f"{w.person()} {label}{w.person_id()} โทร. {w.phone()}"


def _procurement(w: _Writer, lao_name: str, rows: int, date: str) -> Content:
    body = []
    for number in range(1, rows + 1):
        budget = f"{w.rng.randint(5, 499) * 100:,}.00"
        body.append((str(number), w.rng.choice(_WORKS), budget, "เฉพาะเจาะจง", _vendor(w), "ราคาต่ำสุด"))
    return Content(
        title=f"สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.๑) {lao_name}",
        lines=(f"ประจำเดือน {date.split(' ', 1)[1]}",),
        header=("ลำดับ", "งานที่จัดซื้อจัดจ้าง", "วงเงิน (บาท)", "วิธีซื้อ/จ้าง", "ผู้ได้รับการคัดเลือก", "เหตุผล"),
        rows=tuple(body),
        footer=(f"ข้อมูล ณ วันที่ {date}",),
        printed=tuple(w.printed),
    )


def _applicants(w: _Writer, lao_name: str, rows: int, date: str) -> Content:
    body = tuple(
        (str(number), w.person(), w.person_id(), w.phone(), w.rng.choice(("ผ่าน", "ผ่าน", "ไม่ผ่าน")))
        for number in range(1, rows + 1)
    )
    return Content(
        title=f"ประกาศรายชื่อผู้สมัครคัดเลือกเป็นพนักงานจ้าง {lao_name}",
        lines=(f"ตามประกาศรับสมัคร ลงวันที่ {date}",),
        header=("ลำดับ", "ชื่อ-สกุล", "เลขบัตรประจำตัวประชาชน", "โทรศัพท์", "ผลการตรวจสอบคุณสมบัติ"),
        rows=body,
        footer=("จึงประกาศให้ทราบโดยทั่วกัน",),
        printed=tuple(w.printed),
    )


def _minutes(w: _Writer, lao_name: str, rows: int, date: str) -> Content:
    lines = [f"รายงานการประชุมสภา{lao_name} สมัยสามัญ สมัยที่ ๒ ประจำปี ๒๕๖๗", f"วันที่ {date} ณ ห้องประชุม"]
    for number in range(1, rows + 1):
        lines.append(f"ระเบียบวาระที่ {number} {w.rng.choice(_WORKS)} ที่ประชุมมีมติเห็นชอบ {w.rng.randint(8, 20)} เสียง")
    if w.leak != "none":
        lines.append(f"ผู้จดรายงานการประชุม {w.person()} โทร. {w.phone()}")
    return Content(f"รายงานการประชุมสภา{lao_name}", tuple(lines), (), (), ("ปิดประชุมเวลา ๑๖.๓๐ น.",), tuple(w.printed))


def _news(w: _Writer, lao_name: str, rows: int, date: str) -> Content:
    lines = [
        f"{lao_name} ขอประชาสัมพันธ์ {w.rng.choice(_WORKS)} เมื่อวันที่ {date}",
        "ขอเชิญชวนประชาชนในพื้นที่เข้าร่วมกิจกรรมโดยพร้อมเพรียงกัน",
    ]
    if w.leak != "none":
        glue = "ติดต่อ" if w.rng.random() < 0.5 else "ติดต่อ "
        lines.append(f"สอบถามรายละเอียดเพิ่มเติม{glue}{w.person()} โทร.{w.phone()}")
    return Content(f"ข่าวประชาสัมพันธ์ {lao_name}", tuple(lines), (), (), (), tuple(w.printed))


def _form(w: _Writer, lao_name: str, rows: int, date: str) -> Content:
    lines = (
        "แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ",
        "ข้าพเจ้า (นาย/นาง/นางสาว) ..................................................",
        "เลขประจำตัวประชาชน ....................... โทรศัพท์ .......................",
        "มีความประสงค์ขอลงทะเบียนเพื่อขอรับเงินเบี้ยยังชีพผู้สูงอายุ ประจำปีงบประมาณ ๒๕๖๘",
    )
    return Content("แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ", lines, (), (), ("กรมส่งเสริมการปกครองท้องถิ่น",), ())


BUILDERS = {
    "allowance": _allowance,
    "procurement": _procurement,
    "applicants": _applicants,
    "minutes": _minutes,
    "news": _news,
    "form": _form,
}

ROWS = {"allowance": (10, 30), "procurement": (4, 10), "applicants": (6, 16), "minutes": (3, 6)}


def content_for(seed: int, lao_code: str, lao_name: str, doc: DocPlan, day: int, *, rich: bool) -> Content:
    """The content of ``doc`` on ``day``; ``rich`` allows zero-width and no-break spaces (Unicode text)."""
    rng = random.Random(f"{seed}|{'shared' if doc.shared else lao_code}|{doc.doc_id}|content")
    id_forms, phone_forms = _forms(doc.fmt, rich)
    writer = _Writer(rng, doc.leak_on(day), id_forms, phone_forms)
    low, high = ROWS.get(doc.kind, (1, 1))
    if doc.fmt in ("scan_pdf", "png", "jpg"):
        low, high = min(low, 6), min(high, 8)
    rows = rng.randint(low, high)
    return BUILDERS[doc.kind](writer, lao_name, rows, thai_date(doc.date_index))


def _forms(fmt: str, rich: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if fmt in ("scan_pdf", "png", "jpg"):
        return ID_FORMS_OCR, ("dash",)
    if fmt in ("pdf", "zip"):  # a ZIP holds the document as PDF
        return ID_FORMS_PDF, PHONE_FORMS_TEXT
    if rich and fmt in ("html", "docx", "xlsx", "csv"):
        return ID_FORMS_RICH, PHONE_FORMS_TEXT
    return ID_FORMS_TEXT, PHONE_FORMS_TEXT
