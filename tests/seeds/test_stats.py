"""Coverage figures and the x4watch seeds import/stats commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds import load_laos
from seeds.stats import by_province, by_source, by_type, display_width, rejection_reasons, render
from service.cli import main

SAMPLE = Path(__file__).parent / "data" / "dla_official_sample.csv"


def test_coverage_by_type_counts_usable_urls_and_contacts() -> None:
    laos = load_laos()
    rows = {row.label: row for row in by_type(laos, contact_codes={"1100101"})}
    assert rows["อบต."].total == 5300
    assert rows["รวม"].total == 7850
    assert rows["รวม"].with_url == sum(1 for lao in laos if lao.website)
    assert rows["กรุงเทพมหานคร"].with_contact == 1 and rows["รวม"].with_contact == 1
    assert rows["กรุงเทพมหานคร"].url_percent == 100.0


def test_coverage_by_province_has_all_77_provinces_and_a_total() -> None:
    rows = by_province(load_laos())
    assert len(rows) == 78
    assert rows[0].label == "10 กรุงเทพมหานคร"
    assert sum(r.total for r in rows[:-1]) == rows[-1].total == 7850


def test_sources_and_rejection_reasons_add_up() -> None:
    laos = load_laos()
    assert sum(n for _, n in by_source(laos)) == 7850
    rejected = sum(1 for lao in laos if lao.url_raw and not lao.website)
    assert sum(n for _, n in rejection_reasons(laos)) == rejected
    assert dict(rejection_reasons(laos))["email"] > 0


def test_thai_marks_take_no_column_so_the_table_lines_up() -> None:
    assert display_width("อบต.") == 4
    assert display_width("เมืองพัทยา") == 8
    lines = render("ประเภท", by_type(load_laos())).splitlines()
    assert len({display_width(line) for line in lines}) == 1


def test_import_command_writes_the_list_and_stats_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    out = tmp_path / "laos.csv"
    assert main(["seeds", "import", str(SAMPLE), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "15 rows read, 7 LAOs written" in printed
    assert "line 9 [3120102] row shifted by one column" in printed
    assert len(load_laos(out)) == 7
    assert main(["seeds", "stats", "--list", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "รวม" in printed and "81 กระบี่" in printed
    assert "ยังไม่มีข้อมูลผู้ประสานงาน" in printed


def test_import_of_a_missing_file_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    assert main(["seeds", "import", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
