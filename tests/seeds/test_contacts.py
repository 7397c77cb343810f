"""Coordinator contacts: validation of the CSV, and the import into a real store file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from seeds.contacts import ContactsFormatError, is_email, parse_contacts
from service.cli import main

KNOWN = {"5810402", "6400117"}
HEADER = "lao_code,coordinator_name,coordinator_email,province_office_email\n"


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("saraban@khlongphon.go.th", True),
        ("first.last+x4@example.co.th", True),
        ("", False),
        ("no-at.example.com", False),
        ("two@@example.com", False),
        ("dots..twice@example.com", False),
        ("space in@example.com", False),
        ("user@localhost", False),
        ("ผู้ประสานงาน@example.com", False),
    ],
)
def test_email_syntax(address: str, valid: bool) -> None:
    assert is_email(address) is valid


def test_valid_rows_are_kept_and_invalid_rows_rejected_whole_with_their_line() -> None:
    text = HEADER + (
        "5810402,สมหญิง ตัวอย่าง,saraban@khlongphon.go.th,krabi@dla.go.th\n"
        "6400117,สมชาย ตัวอย่าง,not-an-address,\n"
        "9999999,ใครก็ได้,who@example.com,\n"
    )
    result = parse_contacts(text, KNOWN)
    assert [c.lao_code for c in result.contacts] == ["5810402"]
    assert [(p.line, p.lao_code) for p in result.problems] == [(3, "6400117"), (4, "9999999")]
    assert "coordinator_email" in result.problems[0].problem
    assert "unknown LAO code" in result.problems[1].problem


def test_empty_contact_fields_are_allowed_as_a_visible_gap() -> None:
    result = parse_contacts(HEADER + "6400117,,,\n", KNOWN)
    assert result.problems == []
    assert result.contacts[0].coordinator_email == ""


def test_a_repeated_code_keeps_the_last_row_and_says_so() -> None:
    text = HEADER + "6400117,ก,a@example.com,\n6400117,ข,b@example.com,\n"
    result = parse_contacts(text, KNOWN)
    assert [c.coordinator_email for c in result.contacts] == ["b@example.com"]
    assert result.problems[0].problem.startswith("repeated")


def test_a_file_without_the_columns_is_refused() -> None:
    with pytest.raises(ContactsFormatError, match="coordinator_email"):
        parse_contacts("lao_code,name\n5810402,x\n", KNOWN)


def test_x4watch_seeds_contacts_writes_valid_rows_to_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.setenv("X4WATCH_SECRET", "test-secret")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        HEADER + "5810402,สมหญิง ตัวอย่าง,saraban@khlongphon.go.th,\n6400117,,bad@,\n", encoding="utf-8"
    )
    assert main(["seeds", "contacts", str(contacts)]) == 0
    out = capsys.readouterr().out
    assert "line 3 [6400117]" in out
    assert "7,849 LAOs without one" in out
    with duckdb.connect(str(tmp_path / "x4watch.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT lao_code, coordinator_email FROM contacts").fetchall()
    assert rows == [("5810402", "saraban@khlongphon.go.th")]
