"""A Word file's every part is masked where the number stands: split runs, headers, footers,
comments, tracked changes and document properties, with each run's formatting kept."""

from __future__ import annotations

import io
import random
import re
import zipfile

import docx
from lxml import etree

from core.config import Config
from masking import mask_document
from testkit import synthetic
from tests.masking.helpers import read_back, unmasked

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
rng = random.Random(2020)
IDS = [synthetic.thai_id(rng) for _ in range(6)]
PHONE = synthetic.mobile(rng)
MARK = 'w:author="อบต." w:date="2026-01-01T00:00:00Z"'
TRACKED = (
    f'<w:p><w:ins w:id="90" {MARK}><w:r><w:t>เพิ่ม {{0}}</w:t></w:r></w:ins>'
    f'<w:del w:id="91" {MARK}><w:r><w:delText>ลบ {{1}}</w:delText></w:r></w:del></w:p>'
)


def word_file() -> bytes:
    """IDs in five places Word keeps text, the first cut into four differently formatted runs."""
    document = docx.Document()
    paragraph = document.add_paragraph("เลขประจำตัวประชาชน ")
    pieces = re.findall(r"\d{1,4}", synthetic.official(IDS[0]).replace("-", ""))
    for index, piece in enumerate(pieces):
        paragraph.add_run(piece).bold = index % 2 == 0
    document.sections[0].header.paragraphs[0].text = f"ติดต่อ โทร. {PHONE}"
    document.sections[0].footer.paragraphs[0].text = f"ผู้รับรอง เลขประจำตัวประชาชน {IDS[1]}"
    noted = document.add_paragraph("ตรวจแล้ว").runs[0]
    document.add_comment(noted, text=f"ตรวจสอบ {IDS[2]}", author="อบต.")
    document.core_properties.title = f"รายชื่อ {IDS[3]}"
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as package:
        parts = {info: package.read(info) for info in package.infolist()}
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as package:
        for info, body in parts.items():
            if info.filename == "word/document.xml":
                body = body.replace(b"<w:sectPr", TRACKED.format(IDS[4], IDS[5]).encode() + b"<w:sectPr", 1)
            package.writestr(info, body)
    return copy.getvalue()


def part_texts(data: bytes) -> dict[str, str]:
    """Every XML part's text, runs joined as Word shows them."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: "".join(etree.fromstring(package.read(name)).itertext())
            for name in package.namelist()
            if name.endswith(".xml")
        }


def whole_numbers(data: bytes) -> int:
    texts = "\n".join(part_texts(data).values())
    return sum(number in texts for number in [*IDS, PHONE])


def test_every_part_of_a_word_file_is_masked_and_the_runs_keep_their_format() -> None:
    original = word_file()
    assert whole_numbers(original) == 7
    outcome = mask_document(original, "list.docx", Config())
    assert outcome.status == "masked", outcome.reason
    assert outcome.output is not None
    assert whole_numbers(outcome.output) == 0
    loose = unmasked(read_back(outcome.output, "list-masked.docx"))  # a count: a failing assert prints no number
    assert loose == 0
    assert synthetic.official(IDS[0]).replace("-", "")[:9] + "XXXX" in outcome.masked
    texts = part_texts(outcome.output)
    assert IDS[3][:9] + "XXXX" in texts["docProps/core.xml"]
    assert PHONE[:6] + "XXXX" in texts["word/header1.xml"]
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(outcome.output)).read("word/document.xml"))
    runs = [run for run in body.iter(W + "r") if run.find(W + "t") is not None and run.findtext(W + "t").isalnum()]
    bold = [run.find(f"{W}rPr/{W}b").get(W + "val", "1") not in ("0", "false") for run in runs[:4]]
    assert "".join(run.findtext(W + "t") for run in runs[:4]) == IDS[0][:9] + "XXXX"
    assert bold == [True, False, True, False]  # four runs still, each with its own formatting
    assert body.find(f".//{W}del//{W}delText") is not None  # the tracked deletion is still one


def test_the_setting_chooses_which_four_digits() -> None:
    number = synthetic.official(IDS[0])
    config = Config()
    config.mask.digits = "first"
    outcome = mask_document(f"ผู้มีสิทธิ์ {number}\n".encode(), "list.txt", config)
    assert outcome.status == "masked", outcome.reason
    assert outcome.masked == ("X-XXX" + number[5:],)
    config.mask.digits = "6"
    outcome = mask_document(f"ผู้มีสิทธิ์ {number}\n".encode(), "list.txt", config)
    digits = IDS[0]
    assert outcome.masked == (f"{digits[0]}-{digits[1:5]}-XXXX{digits[9]}-{digits[10:12]}-{digits[12]}",)


def test_an_id_whose_groups_are_joined_by_zero_width_spaces_is_masked_and_verified() -> None:
    """simweb's procurement tables write a tax ID as ``12345\u200b6789\u200b0123``; the masked form
    drops the invisible characters, the copy keeps them: the read-back must still match."""
    number = IDS[0]
    document = docx.Document()
    document.add_paragraph(f"นางสงวน ใจดี เลขประจำตัว {number[:5]}\u200b{number[5:9]}\u200b{number[9:]}")
    out = io.BytesIO()
    document.save(out)
    outcome = mask_document(out.getvalue(), "table.docx", Config())
    assert outcome.status == "masked", outcome.reason
    assert outcome.output is not None
    loose = unmasked(read_back(outcome.output, "table-masked.docx"))  # a count: a failing assert prints no number
    assert loose == 0
