from __future__ import annotations

import random

import pytest

from documents import sniff
from testkit import samples
from testkit.samples import Corpus

EXPECTED = {
    "page.html": sniff.HTML,
    "page-tis620.html": sniff.HTML,
    "list.csv": sniff.CSV,
    "list.docx": sniff.DOCX,
    "list.xlsx": sniff.XLSX,
    "list.xls": sniff.XLS,
    "list.doc": sniff.DOC,
    "list.odt": sniff.ODT,
    "list.ods": sniff.ODS,
    "libreoffice.pdf": sniff.PDF,
    "reportlab.pdf": sniff.PDF,
}


@pytest.mark.parametrize(("name", "media_type"), sorted(EXPECTED.items()))
def test_type_comes_from_the_bytes_not_the_name_or_content_type(
    corpus: Corpus, name: str, media_type: str
) -> None:
    data = corpus.files[name]
    hint = ".csv" if media_type == sniff.CSV else ".bin"
    assert sniff.sniff(data, "download" + hint, "application/octet-stream") == media_type


def test_html_error_page_named_pdf_is_html() -> None:
    data = b"<!DOCTYPE html><html><body>404 Not Found</body></html>"
    assert sniff.sniff(data, "report.pdf", "application/pdf") == sniff.HTML


def test_xls_renamed_xlsx_is_xls(corpus: Corpus) -> None:
    assert sniff.sniff(corpus.files["list.xls"], "list.xlsx", sniff.XLSX) == sniff.XLS


def test_images_archives_and_encrypted_office_are_recognised(corpus: Corpus) -> None:
    assert sniff.sniff(corpus.scans["scan.png"]) == sniff.PNG
    assert sniff.sniff(samples.zip_bytes({"a.txt": b"x"})) == sniff.ZIP
    assert sniff.sniff(b"Rar!\x1a\x07\x01\x00rest") == sniff.RAR
    assert sniff.sniff(b"7z\xbc\xaf\x27\x1c\x00\x04") == sniff.SEVEN_Z
    assert sniff.sniff(samples.encrypted_ooxml(random.Random(1))) == sniff.ENCRYPTED_OOXML


def test_text_without_markup_is_plain_text_and_binary_is_binary() -> None:
    assert sniff.sniff("ประกาศ 0812345678".encode()) == sniff.TEXT
    assert sniff.sniff(b"\x00\x01\x02\x03garbage") == sniff.BINARY


def test_shallow_sniff_never_opens_an_archive(corpus: Corpus) -> None:
    assert sniff.sniff(corpus.files["list.docx"], deep=False) == sniff.ZIP
    assert sniff.sniff(b"PK\x03\x04" + b"\xff" * 64, deep=True) == sniff.ZIP
