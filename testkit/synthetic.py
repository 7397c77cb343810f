"""Synthetic identifiers for tests, simweb and benchmarks: valid by construction, owned by no one.

Generated numbers are random, so a few may coincide with a real person's ID, as any random number
may; they are never taken from anywhere. Use a seeded ``random.Random`` for determinism.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers
from stdnum.th import pin

MOBILE_PREFIXES = ("06", "08", "09")
LANDLINE_AREAS = (
    "02",
    "032",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "042",
    "043",
    "044",
    "045",
    "053",
    "054",
    "055",
    "056",
    "073",
    "074",
    "075",
    "076",
    "077",
)


def thai_id(rng: random.Random, first: str | None = None) -> str:
    """13 ASCII digits with a valid mod-11 check digit; ``first`` fixes the leading digit."""
    lead = first if first is not None else str(rng.randint(1, 8))
    body = lead + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body + pin.calc_check_digit(body)


def bad_checksum_id(rng: random.Random) -> str:
    """13 digits whose check digit is wrong: looks like an ID, is not one."""
    good = thai_id(rng)
    wrong = (int(good[-1]) + rng.randint(1, 9)) % 10
    return good[:-1] + str(wrong)


def juristic_id(rng: random.Random) -> str:
    """A juristic person's 13-digit tax ID: leading 0, same check digit rule."""
    return thai_id(rng, first="0")


def _valid_for_phonenumbers(make: Callable[[], str]) -> str:
    """Draw until libphonenumber's Thai metadata accepts the number (some prefixes are unassigned)."""
    while True:
        number = make()
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "TH")):
            return number


def mobile(rng: random.Random) -> str:
    """A Thai mobile number in national format: 0[689] + 8 digits (10 digits)."""
    return _valid_for_phonenumbers(
        lambda: rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    )


def landline(rng: random.Random) -> str:
    """A Thai landline in national format: 9 digits, 02 + 7 or a 3-digit area code + 6."""

    def make() -> str:
        area = rng.choice(LANDLINE_AREAS)
        return area + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(area)))

    return _valid_for_phonenumbers(make)


# --- Published forms of a number, and a labeled Thai corpus built from them -------------------

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def official(number: str, sep: str = "-") -> str:
    """The ID-card grouping N-NNNN-NNNNN-NN-N with ``sep`` between groups."""
    return sep.join((number[:1], number[1:5], number[5:10], number[10:12], number[12:]))


ID_FORMS: dict[str, Callable[[str], str]] = {
    "compact": lambda n: n,
    "official": official,
    "spaces": lambda n: official(n, " "),
    "dots": lambda n: official(n, "."),
    "nbsp": lambda n: official(n, "\u00a0"),
    "en_dash": lambda n: official(n, "\u2013"),
    "thai_digits": lambda n: official(n).translate(THAI_DIGITS),
    "thai_compact": lambda n: n.translate(THAI_DIGITS),
    "mixed_digits": lambda n: n[:7].translate(THAI_DIGITS) + n[7:],
    "full_width": lambda n: n.translate(FULL_WIDTH_DIGITS),
    "zero_width": lambda n: n[:5] + "\u200b" + n[5:9] + "\u200b" + n[9:],
    "wrap_official": lambda n: official(n)[:13] + "\n" + official(n)[13:],
    "wrap_compact": lambda n: n[:8] + "\n" + n[8:],
    "wrap_cell": lambda n: official(n)[:7] + "\n   " + official(n)[7:],
}
"""How LAO documents publish a full 13-digit ID (each is a leak)."""

MASKED_ID_FORMS: dict[str, Callable[[str], str]] = {
    "x4_back": lambda n: n[:9] + "XXXX",
    "x4_front": lambda n: "XXXX" + n[4:],
    "x4_middle": lambda n: official(n[:5] + "XXXX" + n[9:]),
    "x4_official": lambda n: official(n[:9] + "XXXX"),
    "lower_x": lambda n: official(n[:9] + "xxxx"),
    "stars": lambda n: n[:9] + "****",
    "hashes": lambda n: official(n[:9] + "####"),
    "thai_masked": lambda n: official(n[:9].translate(THAI_DIGITS) + "XXXX"),
}
"""X4-masked forms: not leaks."""

PHONE_FORMS: dict[str, Callable[[str], str]] = {
    "dashed": lambda n: f"{n[:3]}-{n[3:6]}-{n[6:]}" if n[1] in "689" else f"{n[:2]}-{n[2:5]}-{n[5:]}",
    "compact": lambda n: n,
    "thai_digits": lambda n: n.translate(THAI_DIGITS),
    "plus66": lambda n: f"+66 {n[1:3]} {n[3:6]} {n[6:]}",
    "spaced": lambda n: f"{n[:3]} {n[3:6]} {n[6:]}",
}
"""How LAO documents publish a phone number (each is a leak)."""

MASKED_PHONE_FORMS: dict[str, Callable[[str], str]] = {
    "x4_back": lambda n: f"{n[:3]}-{n[3:6]}-XXXX",
    "x_compact": lambda n: n[:-4] + "xxxx",
    "stars": lambda n: f"{n[:3]}-***-{n[6:]}",
}
"""Masked phone forms: not leaks."""

FIRST_NAMES = ("สมชาย", "สมหญิง", "ประเสริฐ", "มาลี", "บุญมี", "สุดา", "วิชัย", "นงลักษณ์", "อำนาจ", "จันทร์เพ็ญ")
LAST_NAMES = ("ใจดี", "ศรีสุข", "มั่นคง", "ทองคำ", "แก้วมณี", "บุญเรือง", "สายสุวรรณ", "พรหมมา")
TITLES = ("นาย", "นาง", "นางสาว")
PROSE = (
    "องค์การบริหารส่วนตำบลได้ดำเนินการประชาสัมพันธ์โครงการพัฒนาคุณภาพชีวิตผู้สูงอายุ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ "
    "โดยมีผู้เข้าร่วมโครงการจำนวน 120 คน ณ ศาลาประชาคมหมู่ที่ 4 ระหว่างวันที่ 12-14 มีนาคม 2567 "
    "งบประมาณทั้งสิ้น 45,500 บาท (สี่หมื่นห้าพันห้าร้อยบาทถ้วน)\n"
)


@dataclass
class LabeledText:
    """A synthetic document and the identifiers a perfect detector reports in it."""

    text: str = field(repr=False)  # a failing test prints its fixtures: never a whole number
    truth: list[tuple[str, str]] = field(default_factory=list, repr=False)
    """(kind, canonical) of every leak, in text order; juristic IDs included as ``juristic_id``."""


def _person(rng: random.Random) -> str:
    return f"{rng.choice(TITLES)}{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _id_cell(rng: random.Random, doc: LabeledText) -> str:
    """A national ID in a random published form; leaks go into the truth."""
    roll = rng.random()
    if roll < 0.45:
        number = thai_id(rng)
        doc.truth.append(("thai_id", number))
        return rng.choice(list(ID_FORMS.values()))(number)
    if roll < 0.85:
        return rng.choice(list(MASKED_ID_FORMS.values()))(thai_id(rng))
    return official(bad_checksum_id(rng))


def _phone_cell(rng: random.Random, doc: LabeledText) -> str:
    number = mobile(rng) if rng.random() < 0.7 else landline(rng)
    if rng.random() < 0.4:
        doc.truth.append(("phone", number))
        return rng.choice(list(PHONE_FORMS.values()))(number)
    return rng.choice(list(MASKED_PHONE_FORMS.values()))(number)


def _vendor_row(rng: random.Random, doc: LabeledText) -> str:
    number = juristic_id(rng)
    doc.truth.append(("juristic_id", number))
    return f"ผู้ขาย บริษัท ก่อสร้างไทย จำกัด เลขประจำตัวผู้เสียภาษี {number} ราคา 1,250,000.00 บาท\n"


def allowance_list(rng: random.Random, rows: int) -> LabeledText:
    """A Thai LAO allowance list (เบี้ยยังชีพ) with prose, leaks, masked rows and decoys.

    Rows carry a row number, a person, an ID in a random form (leaked, masked or with a wrong
    check digit), an amount, a date, a long reference number and sometimes a phone. Some pages
    end a row with a phone and start the next with a row number (the line-join trap), and some
    rows are a vendor's juristic tax ID.
    """
    doc = LabeledText("")
    parts = ["ประกาศองค์การบริหารส่วนตำบลหนองบัว เรื่อง รายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ\n", PROSE]
    for row in range(1, rows + 1):
        amount = rng.choice((600, 700, 800, 1000))
        date = f"{rng.randint(1, 28)}/0{rng.randint(1, 9)}/2567"
        cells = [str(row), _person(rng), _id_cell(rng, doc), f"อายุ 6{rng.randint(0, 9)} ปี"]
        cells.append(f"{amount:,} บาท วันที่ {date}")
        if rng.random() < 0.1:
            cells.append(f"อ้างอิง {rng.randint(10**17, 10**18 - 1)}")
        if rng.random() < 0.3:
            cells.append("โทร. " + _phone_cell(rng, doc))
        parts.append(" ".join(cells) + "\n")
        if rng.random() < 0.02:
            parts.append(_vendor_row(rng, doc))
        if rng.random() < 0.05:
            parts.append(PROSE)
    doc.text = "".join(parts)
    return doc


PAGE_PARAGRAPHS = (
    "ข่าวประชาสัมพันธ์ {org} จัดโครงการฝึกอบรมอาชีพให้แก่ประชาชน เมื่อวันที่ {day} {month} {year} "
    "ณ ห้องประชุมสภา มีผู้เข้าร่วม {count} คน งบประมาณ {amount} บาท\n",
    "ประกาศ{org} เรื่อง ประกวดราคาจ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {moo} "
    "เลขที่โครงการ {project} ราคากลาง {amount} บาท กำหนดยื่นซองวันที่ {day} {month} {year}\n",
    "รายงานการประชุมสภา{org} สมัยสามัญ สมัยที่ {moo} ครั้งที่ {count} ประจำปี {year} "
    "ที่ประชุมมีมติเห็นชอบร่างข้อบัญญัติงบประมาณรายจ่าย จำนวน {amount} บาท\n",
    "แผนพัฒนาท้องถิ่น ({year}-{year2}) ยุทธศาสตร์ที่ {moo} การพัฒนาโครงสร้างพื้นฐาน "
    "โครงการที่ {count} ขุดลอกคลองสาธารณะ ระยะทาง {count} เมตร งบประมาณ {amount} บาท\n",
)
ORGS = ("องค์การบริหารส่วนตำบลหนองบัว", "เทศบาลตำบลบ้านใหม่", "องค์การบริหารส่วนตำบลดอนแก้ว", "เทศบาลเมืองท่าช้าง")
MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม")


def lao_page(rng: random.Random, paragraphs: int = 8) -> str:
    """Ordinary LAO web text (news, procurement, minutes, plans): numbers, no identifiers."""
    out = []
    for _ in range(paragraphs):
        year = rng.randint(2560, 2568)
        out.append(
            rng.choice(PAGE_PARAGRAPHS).format(
                org=rng.choice(ORGS),
                day=rng.randint(1, 28),
                month=rng.choice(MONTHS),
                year=year,
                year2=year + 4,
                count=rng.randint(2, 400),
                moo=rng.randint(1, 15),
                amount=f"{rng.randint(10_000, 9_000_000):,}",
                project=rng.randint(10**10, 10**11 - 1),
            )
        )
    return "".join(out)
