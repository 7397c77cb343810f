"""Every format LAOs publish gets a masked copy that opens, reads back clean and shows every X4 form."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from masking import MaskOutcome
from testkit.samples import Corpus
from tests.masking.helpers import leaked, read_back, unmasked, x4

TEXT_FORMATS = ["page.html", "page-tis620.html", "list.csv", "list-874.csv"]
TEXT_FORMATS += ["list.docx", "list.xlsx", "list.odt", "list.ods"]
PDFS = ["libreoffice.pdf", "chromium.pdf", "reportlab.pdf"]
LEGACY = {"list.doc": ("DOC → DOCX", ".docx"), "list.xls": ("XLS → XLSX", ".xlsx")}


@pytest.mark.parametrize("name", TEXT_FORMATS + PDFS + list(LEGACY))
def test_the_copy_reads_back_with_every_number_masked(
    name: str, corpus: Corpus, outcomes: dict[str, MaskOutcome]
) -> None:
    outcome = outcomes[name]
    assert outcome.status == "masked", outcome.reason
    assert outcome.output is not None and outcome.output_name is not None
    before = read_back(corpus.files[name], name)
    after = read_back(outcome.output, outcome.output_name)
    whole_before, whole_after = leaked(before, corpus.people), leaked(after, corpus.people)  # counts: no number printed
    loose_after = unmasked(after)
    assert whole_before == 2 * len(corpus.people)  # the sample did leak them all
    assert loose_after == 0
    assert whole_after == 0
    squeezed = "".join(after.split())
    wanted = {x4(p.thai_id) for p in corpus.people} | {x4(p.phone) for p in corpus.people}
    assert wanted <= set(outcome.masked)
    assert all(form in squeezed for form in wanted)


@pytest.mark.parametrize(("name", "note"), [(name, LEGACY[name]) for name in LEGACY])
def test_legacy_office_files_come_back_in_the_newer_format(
    name: str, note: tuple[str, str], outcomes: dict[str, MaskOutcome]
) -> None:
    outcome = outcomes[name]
    assert outcome.format_note == note[0]
    assert outcome.output_name == name.rsplit(".", 1)[0] + "-masked" + note[1]


def test_the_copies_open_in_their_formats(outcomes: dict[str, MaskOutcome]) -> None:
    import docx
    import openpyxl
    import pypdfium2
    from python_calamine import CalamineWorkbook

    def copy(name: str) -> bytes:
        data = outcomes[name].output
        assert data is not None
        return data

    for name in ("list.docx", "list.doc"):
        paragraphs = docx.Document(io.BytesIO(copy(name))).paragraphs
        assert any("องค์การบริหารส่วนตำบล" in p.text for p in paragraphs)
    for name in ("list.xlsx", "list.xls"):
        sheet = openpyxl.load_workbook(io.BytesIO(copy(name))).worksheets[0]
        assert sheet.max_row >= 8
    rows = CalamineWorkbook.from_filelike(io.BytesIO(copy("list.ods"))).get_sheet_by_index(0).to_python()
    assert len(rows) >= 9
    with zipfile.ZipFile(io.BytesIO(copy("list.odt"))) as odt:
        assert odt.namelist()[0] == "mimetype" and odt.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        etree.fromstring(odt.read("content.xml"))
    for name in PDFS:
        original = pypdfium2.PdfDocument(outcomes[name].output)
        assert len(original) >= 1
        assert original[0].render(scale=0.3).to_pil().size[0] > 0


def test_numeric_id_cells_become_text_cells_holding_the_masked_form(
    corpus: Corpus, outcomes: dict[str, MaskOutcome]
) -> None:
    import openpyxl

    data = outcomes["list.xlsx"].output
    assert data is not None
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    ids = [sheet.cell(row=row, column=3) for row in range(2, 2 + len(corpus.people))]
    assert all(cell.data_type == "s" for cell in ids)
    assert [cell.value for cell in ids] == [x4(p.thai_id) for p in corpus.people]
    ods = outcomes["list.ods"].output
    assert ods is not None
    with zipfile.ZipFile(io.BytesIO(ods)) as package:
        content = package.read("content.xml")
    cells = etree.fromstring(content).iter("{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell")
    values = [cell.get("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value") for cell in cells]
    assert values.count("1") == 1 and "8" in values  # the running numbers stay numbers...
    assert max(len(value or "") for value in values) < 9  # ...no ID or phone is left in a number cell


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("name", PDFS)
def test_pdf_digits_are_gone_for_another_reader(name: str, corpus: Corpus, outcomes: dict[str, MaskOutcome]) -> None:
    data = outcomes[name].output
    assert data is not None

    def poppler(pdf: bytes) -> str:
        return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()

    whole_before, whole_after = leaked(poppler(corpus.files[name]), corpus.people), leaked(poppler(data), corpus.people)
    assert whole_before > 0
    assert whole_after == 0


@pytest.mark.parametrize("name", PDFS)
def test_the_rest_of_a_text_pdf_still_reads(name: str, corpus: Corpus, outcomes: dict[str, MaskOutcome]) -> None:
    data = outcomes[name].output
    assert data is not None
    before = read_back(corpus.files[name], name)
    words = {word for word in before.split() if not any(char.isdigit() for char in word)}
    kept = words & set(read_back(data, name).split())
    assert len(words) >= 15 and len(kept) >= 0.9 * len(words)  # headings, filler, names: still text
    assert all(person.name.split()[-1] in read_back(data, name) for person in corpus.people)


def test_a_clean_document_comes_back_unchanged() -> None:
    from core.config import Config
    from masking import mask_document

    data = "ประกาศ เรื่อง การรับสมัคร โทร. 1111\n".encode()
    outcome = mask_document(data, "notice.txt", Config())
    assert (outcome.status, outcome.output, outcome.masked) == ("clean", data, ())
