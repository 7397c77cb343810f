"""``x4watch mask``: copies written beside no original, a table of masked forms, failures named and
not written, nothing of the input left in temporary files or logs; a box drawn over a PDF's
number is no mask."""

from __future__ import annotations

import io
import json
import logging
import random
import re
import tempfile
from pathlib import Path

import pytest

from service.cli import main
from testkit import samples, synthetic
from testkit.samples import Corpus
from tests.masking.helpers import leaked

rng = random.Random(77)
HIDDEN_ID = synthetic.thai_id(rng)
DIGIT_RUN = re.compile(r"\d{9,}")


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("X4WATCH_SECRET", "mask-test-secret")
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, that it can look into."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return temp


def test_copies_are_written_with_a_table_and_a_failure_is_named_not_written(
    tmp_path: Path, corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("list.csv", "list.docx", "list.doc", "libreoffice.pdf"):
        (inbox / name).write_bytes(corpus.files[name])
    # a number cut by markup: the source holds no whole number, the page shows one; the check catches it
    (inbox / "cut.html").write_text(f"<p>เลขประจำตัวประชาชน <b>{HIDDEN_ID[:5]}</b>{HIDDEN_ID[5:]}</p>")
    out = tmp_path / "out"
    code = main(["mask", str(inbox), "--out", str(out)])
    table = capsys.readouterr().out
    assert code == 1
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(["libreoffice-masked.pdf", "list-masked.csv", "list-masked.docx", "list-masked-2.docx"])
    assert "ไฟล์ (file)" in table and "DOC → DOCX" in table
    failed = next(line for line in table.splitlines() if "cut.html" in line)
    assert "ไม่สำเร็จ (failed)" in failed and "still shows 1 unmasked numbers" in failed
    assert corpus.people[0].thai_id[:9] + "XXXX" in table
    whole = leaked(table, corpus.people) + table.count(HIDDEN_ID)  # a count: a failing assert prints no number
    assert whole == 0
    assert (inbox / "list.csv").read_bytes() == corpus.files["list.csv"]  # originals untouched
    assert main(["scan", str(out), "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == ""  # the copies leak nothing x4watch scan can find


def test_nothing_of_the_input_is_left_in_temporary_files_or_logs(
    temp: Path, tmp_path: Path, corpus: Corpus, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("list.xls", "list.doc", "chromium.pdf", "list.odt"):
        (inbox / name).write_bytes(corpus.files[name])
    caplog.set_level(logging.DEBUG)
    assert main(["-v", "mask", str(inbox), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    # LibreOffice's folder, profile and temporary files are gone; only multiprocessing's fork server
    # (which runs each masking) may keep its socket folder while this process lives
    left = list(temp.rglob("*"))
    assert all(path.is_socket() or (path.is_dir() and path.name.startswith("pymp-")) for path in left), left
    assert not [record for record in caplog.records if DIGIT_RUN.search(record.getMessage())]
    logs = "".join(path.read_text() for path in (tmp_path / "home").rglob("*.log"))
    assert DIGIT_RUN.search(logs) is None


def drawn_box_pdf(number: str) -> bytes:
    """What an officer does with a PDF editor: a black rectangle drawn over the number."""
    from reportlab.lib.colors import black
    from reportlab.pdfgen import canvas

    samples._register_thai_font()
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("Garuda", 12)
    line = f"นายสมชาย ใจดี เลขประจำตัวประชาชน {number}"
    page.drawString(50, 800, line)
    start = 50 + page.stringWidth(line[: -len(number)], "Garuda", 12)
    page.setFillColor(black)
    page.rect(start - 2, 795, page.stringWidth(number, "Garuda", 12) + 4, 18, stroke=0, fill=1)
    page.save()
    return out.getvalue()


def test_a_box_drawn_over_a_number_is_still_a_leak_and_masking_removes_the_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    boxed = tmp_path / "boxed.pdf"
    boxed.write_bytes(drawn_box_pdf(synthetic.official(HIDDEN_ID)))
    assert main(["scan", str(boxed), "--format", "jsonl"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["kind"] for row in found] == ["thai_id"]
    assert main(["mask", str(boxed), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert main(["scan", str(tmp_path / "out" / "boxed-masked.pdf"), "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == ""
