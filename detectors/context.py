"""Context around a number: labels, a person's name, a juristic person's words; reason codes.

Presidio's idea: a checksum proves a number is well formed, words around it say what it is. A label
such as เลขประจำตัวประชาชน or โทร. before a number, or a person's title and name (นาย สมชาย) in the
same row, raise the confidence; words naming a company, a cooperative or a government body beside a
0-prefixed number make it a juristic person's tax ID (not personal data). Every effect is a short
reason code; a reason never holds the value. :data:`REASON_TH` gives the Thai words for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BEFORE = 80
"""Characters before a number searched for labels and names (a table row, a sentence)."""
AFTER = 60
"""Characters after a number searched for a name (tables often put the ID before the name)."""

ID_LABELS = re.compile(
    r"เลขประจำตัวประชาชน|บัตรประจำตัวประชาชน|บัตรประชาชน|เลขบัตร|บัตรประจำตัว|ปชช|"
    r"เลขประจำตัวผู้เสียภาษี|ผู้เสียภาษี|citizen\s*id|id\s*card|national\s*id",
    re.IGNORECASE,
)
CARD_LABELS = re.compile(r"ประชาชน|บัตร|ปชช|citizen|id\s*card|national\s*id", re.IGNORECASE)
"""The ID-card subset of the labels: beside a 0-prefixed number they make it personal."""
PHONE_LABELS = re.compile(r"โทรศัพท์|โทร|เบอร์|มือถือ|ติดต่อ|\btel\b|phone|mobile", re.IGNORECASE)
NAME = re.compile(
    r"(?:นางสาว|นาง|นาย(?!ก[ เทศองค์รัฐ]|อำเภอ|ช่าง|ทะเบียน|ตรวจ)|น\.ส\.|ด\.ช\.|ด\.ญ\.|เด็กชาย|เด็กหญิง)"
    r"\s?[\u0e01-\u0e2e]"
)
"""A Thai title followed by a name (นายกเทศมนตรี and นายอำเภอ are offices, not names)."""
JURISTIC = re.compile(
    r"บริษัท|บจก|ห้างหุ้นส่วน|หจก|สหกรณ์|มูลนิธิ|สมาคม|จำกัด|มหาชน|องค์การบริหารส่วน|อบต\.|อบจ\.|"
    r"เทศบาล|กระทรวง|กรม|สำนักงาน|โรงเรียน|โรงพยาบาล|ร้าน|company|co\.,?\s*ltd|limited",
    re.IGNORECASE,
)
"""Words that name a juristic person or a government body."""

REASON_TH = {
    "checksum_ok": "เลขตรวจสอบถูกต้อง",
    "valid_number": "เป็นหมายเลขโทรศัพท์ที่ใช้ได้",
    "label_near": "มีคำกำกับใกล้ตัวเลข",
    "name_near": "มีชื่อบุคคลใกล้ตัวเลข",
    "official_layout": "เขียนตามรูปแบบบัตรประชาชน",
    "line_join": "ตัวเลขถูกตัดข้ามบรรทัด",
    "juristic_near": "มีชื่อนิติบุคคลหรือหน่วยงานใกล้ตัวเลข",
    "zero_prefix_personal": "ขึ้นต้นด้วย 0 แต่อยู่ข้างชื่อบุคคล",
}
"""Reason codes in Thai, for tables, mails and the dashboard."""


@dataclass(frozen=True, slots=True)
class Context:
    """How near (in characters) each cue is to a number; None when absent."""

    label: int | None
    card: int | None
    name: int | None
    juristic: int | None


def _nearest(pattern: re.Pattern[str], text: str, start: int, end: int, after: int) -> int | None:
    """Distance from [start, end) to the closest match of ``pattern`` in the window around it."""
    lo = max(0, start - BEFORE)
    window = text[lo : min(len(text), end + after)]
    best: int | None = None
    for m in pattern.finditer(window):
        a, b = lo + m.start(), lo + m.end()
        distance = start - b if b <= start else max(0, a - end)
        best = distance if best is None else min(best, distance)
    return best


def around(text: str, start: int, end: int, labels: re.Pattern[str]) -> Context:
    """The cues near the number at ``text[start:end]``; labels count only before it."""
    return Context(
        label=_nearest(labels, text, start, end, 0),
        card=_nearest(CARD_LABELS, text, start, end, 0),
        name=_nearest(NAME, text, start, end, AFTER),
        juristic=_nearest(JURISTIC, text, start, end, AFTER),
    )


def is_juristic(ctx: Context) -> bool:
    """A juristic word is nearer than any personal cue (name or ID-card label), or none exists."""
    personal = [d for d in (ctx.name, ctx.card) if d is not None]
    if not personal:
        return True
    return ctx.juristic is not None and ctx.juristic < min(personal)


def reasons(ctx: Context) -> tuple[str, ...]:
    """Reason codes for the personal cues found."""
    codes = []
    if ctx.label is not None:
        codes.append("label_near")
    if ctx.name is not None:
        codes.append("name_near")
    return tuple(codes)
