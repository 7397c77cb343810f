"""The weekly report from a real store: numbers, PDF with Thai text, XLSX with the same tables."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pythainlp.util import normalize

from core.config import Config
from reports.errors import ReportError
from reports.model import Week
from reports.tables import report_tables, summary_table
from reports.weekly import build, write
from store import Store
from testkit.notify import Seeded, seed

W47 = Week.parse("2026-W47")


def test_week_parsing_and_thai_range() -> None:
    assert (W47.start, W47.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert W47.thai_range() == "16 พฤศจิกายน 2569 – 22 พฤศจิกายน 2569"
    assert str(Week.last_complete(date(2026, 11, 23))) == "2026-W47"
    with pytest.raises(ReportError, match="YYYY-Www"):
        Week.parse("47/2026")


def test_numbers_count_the_weeks_flows_and_stocks(week_store: tuple[Store, Seeded]) -> None:
    store, _ = week_store
    report = build(Config(), store, W47, date(2026, 11, 23))
    assert report.totals == {"found": 0, "notified": 4, "acknowledged": 0, "remediated": 1, "open": 7, "overdue": 4}
    previous = build(Config(), store, W47.previous(), date(2026, 11, 23))
    assert previous.totals["found"] == 8 and previous.totals["open"] == 8
    assert list(report.trend["week"].astype(str))[-2:] == ["2026-W46", "2026-W47"]
    assert report.trend["found"].tolist()[-2:] == [8, 0]
    pattani = report.by_province.set_index("province").loc["ปัตตานี"]
    assert (pattani["notified"], pattani["remediated"], pattani["overdue"]) == (4, 1, 4)
    assert report.median_days_to_remediate == pytest.approx(9.0, abs=0.01)
    assert (report.laos_inspected, report.sites_reached, report.sites_listed) == (2, 1, 4)
    assert (report.sites_upgrade, report.sites_compromised) == (1, 1)
    summary = dict(summary_table(report).rows)
    assert summary["เว็บไซต์ที่ต้องปรับปรุงความปลอดภัย (TLS เก่า, ใบรับรองไม่ถูกต้อง)"] == 1
    assert summary["เว็บไซต์ที่ถูกเจาะ (ฝังหน้าเว็บพนัน)"] == 1
    assert report.by_lao is None  # aggregate only unless configured


class Clock:
    """A settable store clock (``conftest`` has one too, but ``from conftest import`` picks whichever
    conftest.py pytest imported last)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


def test_acknowledgements_and_the_median_days_from_notice_to_remediation(tmp_path: Path) -> None:
    week_start = datetime(2026, 11, 16, 3, 0)  # Monday 10:00 in Bangkok (naive UTC)
    clock = Clock(week_start - timedelta(days=7))
    store = Store(tmp_path / "x4watch.duckdb", clock=clock, deadline_days=15)
    seeded = seed(store)
    first, second, third, fourth = seeded.cases_by_lao["6940101"]
    clock.now = week_start
    store.bulk_transition([first, second, third, fourth], "notified", "x4watch-notify")
    clock.now = week_start + timedelta(hours=12)
    store.bulk_transition([first, second], "acknowledged", "lao:6940101")
    for case_id, days in ((first, 1), (second, 3), (third, 5)):
        clock.now = week_start + timedelta(days=days)
        store.transition(case_id, "remediated", "system")
    clock.now = week_start + timedelta(days=2)
    store.transition(seeded.cases_by_lao["6940102"][0], "remediated", "analyst")  # never notified
    report = build(Config(), store, W47, date(2026, 11, 23))
    assert report.totals["acknowledged"] == 2 and report.totals["remediated"] == 4
    assert report.remediated_after_notice == 3
    assert report.median_days_notice_to_remediation == pytest.approx(3.0, abs=0.01)
    summary = {row[0]: row[1] for row in report_tables(report)[0].rows}
    assert summary["ระยะเวลาจากแจ้งถึงแก้ไข (มัธยฐาน, วัน)"] == 3.0
    assert summary["อปท. รับทราบ (สัปดาห์นี้)"] == 2
    pattani = report.by_province.set_index("province").loc["ปัตตานี"]
    assert (pattani["acknowledged"], pattani["remediated"]) == (2, 4)


def test_lao_rows_appear_only_when_configured(week_store: tuple[Store, Seeded]) -> None:
    cfg = Config()
    cfg.report.name_laos = True
    report = build(cfg, week_store[0], W47)
    assert report.by_lao is not None and "อบต.ทดสอบ101" in set(report.by_lao["lao"])


def test_pdf_has_extractable_thai_and_renders(week_store: tuple[Store, Seeded], tmp_path: Path) -> None:
    written = write(build(Config(), week_store[0], W47, date(2026, 11, 23)), tmp_path)
    fonts = subprocess.run(["pdffonts", str(written.pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(
        r"\+x4thai\s+CID TrueType\s+Identity-H\s+yes yes yes", fonts
    )  # TLWG Loma, embedded subset
    raw = subprocess.run(
        ["pdftotext", "-raw", str(written.pdf), "-"], capture_output=True, text=True, check=True
    )
    text = normalize(raw.stdout)
    for phrase in (
        "รายงานการเฝ้าระวัง",
        "จำแนกตามจังหวัด",
        "ปัตตานี",
        "เชียงใหม่",
        "2026-W47",
        "พฤศจิกายน 2569",
        "แจ้งแล้ว",
        "เกินกำหนด",
        "ประจำสัปดาห์",
    ):
        assert phrase in text, phrase
    assert "\ufffd" not in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(written.pdf), str(tmp_path / "p")],
            check=True,
        )
        png = next(tmp_path.glob("p*.png"))
        assert png.stat().st_size > 10_000


def test_xlsx_has_the_same_tables(week_store: tuple[Store, Seeded], tmp_path: Path) -> None:
    written = write(build(Config(), week_store[0], W47, date(2026, 11, 23)), tmp_path)
    wb = load_workbook(written.xlsx)
    assert wb.sheetnames == ["summary", "trend", "by_type", "by_province"]
    rows = list(wb["by_province"].iter_rows(min_row=3, values_only=True))
    assert ("ปัตตานี", 0, 4, 0, 1, 5, 4) in rows and rows[-1][0] == "รวม"
    summary = {r[0]: r[1] for r in wb["summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["แจ้งแล้ว (สัปดาห์นี้)"] == 4
    assert wb["trend"]._charts  # the native bar chart


def test_the_lists_site_and_contact_coverage_over_time_is_a_table(tmp_path: Path) -> None:
    from store.discovery import CoverageDay

    store = Store(tmp_path / "x.duckdb")
    store.record_coverage(CoverageDay(date(2026, 11, 1), 7850, 3326, 0, 12))
    store.record_coverage(CoverageDay(date(2026, 11, 20), 7850, 4100, 350, 900))
    store.record_coverage(CoverageDay(date(2026, 11, 25), 7850, 4200, 400, 950))  # after W47: not shown
    written = write(build(Config(), store, W47, date(2026, 11, 23)), tmp_path)
    rows = list(load_workbook(written.xlsx)["list_coverage"].iter_rows(min_row=3, values_only=True))
    assert [r[2] for r in rows] == [3326, 4100]
    assert rows[-1][3] == "52.2%" and rows[-1][4] == 350
