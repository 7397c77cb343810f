"""The report's tables, built once from a WeeklyReport and rendered by both the PDF and the XLSX."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.thaidate import thai_date
from reports.model import MEASURE_LABELS, MEASURES, WeeklyReport


@dataclass(frozen=True, slots=True)
class Table:
    """A titled grid: the PDF prints it as an HTML table, the XLSX as a sheet."""

    key: str
    """Sheet name (ASCII, short)."""
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]


def _breakdown(key: str, title: str, label: str, frame: pd.DataFrame) -> Table:
    headers = (label, *(MEASURE_LABELS[m] for m in MEASURES))
    rows = [
        tuple([row[0], *(int(v) for v in row[1:])])
        for row in frame[[frame.columns[0], *MEASURES]].itertuples(index=False)
    ]
    total = tuple(["รวม", *(int(frame[m].sum()) for m in MEASURES)])
    return Table(key, title, headers, [*rows, total])


def summary_table(report: WeeklyReport) -> Table:
    """Headline figures of the week."""
    t = report.totals
    median = report.median_days_to_remediate
    after_notice = report.median_days_notice_to_remediation
    rows: list[tuple[object, ...]] = [
        (f"{MEASURE_LABELS['found']} (สัปดาห์นี้)", t["found"]),
        (f"{MEASURE_LABELS['notified']} (สัปดาห์นี้)", t["notified"]),
        (f"{MEASURE_LABELS['acknowledged']} (สัปดาห์นี้)", t["acknowledged"]),
        (f"{MEASURE_LABELS['remediated']} (สัปดาห์นี้)", t["remediated"]),
        ("แก้ไขแล้วหลังได้รับแจ้ง (สัปดาห์นี้)", report.remediated_after_notice),
        (f"{MEASURE_LABELS['open']} (ณ สิ้นสัปดาห์)", t["open"]),
        (f"{MEASURE_LABELS['overdue']} (ณ สิ้นสัปดาห์)", t["overdue"]),
        ("ระยะเวลาแก้ไข (มัธยฐาน, วัน)", "-" if median is None else round(median, 1)),
        ("ระยะเวลาจากแจ้งถึงแก้ไข (มัธยฐาน, วัน)", "-" if after_notice is None else round(after_notice, 1)),
        ("อปท. ที่ตรวจในสัปดาห์", report.laos_inspected),
        ("เว็บไซต์ที่เข้าถึงได้ / ในรายชื่อ", f"{report.sites_reached:,} / {report.sites_listed:,}"),
        ("ความครอบคลุมของการตรวจ", f"{report.coverage:.1%}"),
        ("เว็บไซต์ที่ต้องปรับปรุงความปลอดภัย (TLS เก่า, ใบรับรองไม่ถูกต้อง)", report.sites_upgrade),
        ("เว็บไซต์ที่ถูกเจาะ (ฝังหน้าเว็บพนัน)", report.sites_compromised),
    ]
    return Table("summary", "สรุป", ("รายการ", "จำนวน"), rows)


def trend_table(report: WeeklyReport) -> Table:
    flows = ("found", "notified", "remediated")
    headers = ("สัปดาห์", *(MEASURE_LABELS[m] for m in flows))
    rows = [tuple([str(r.week), *(int(getattr(r, m)) for m in flows)]) for r in report.trend.itertuples()]
    return Table("trend", "สัปดาห์นี้เทียบกับสัปดาห์ก่อนหน้า", headers, rows)


def list_coverage_table(report: WeeklyReport) -> Table:
    """How many LAOs have a website and a coordinator, on the days it was recorded."""
    headers = ("วันที่", "อปท.", "มีเว็บไซต์", "%", "มีผู้ประสานงาน", "%", "ผู้ติดต่อรอยืนยัน")
    rows: list[tuple[object, ...]] = [
        (
            thai_date(d.day, short=True),
            d.laos,
            d.with_site,
            f"{d.with_site / d.laos:.1%}" if d.laos else "-",
            d.with_contact,
            f"{d.with_contact / d.laos:.1%}" if d.laos else "-",
            d.contact_candidates,
        )
        for d in report.list_coverage
    ]
    return Table("list_coverage", "ความครอบคลุมของรายชื่อ อปท. (เว็บไซต์และผู้ประสานงาน)", headers, rows)


def report_tables(report: WeeklyReport) -> list[Table]:
    """Summary, trend, by LAO type, by province, the list's coverage over time (when recorded) and
    (only when configured) by LAO, in print order."""
    tables = [
        summary_table(report),
        trend_table(report),
        _breakdown("by_type", "จำแนกตามประเภท อปท.", "ประเภท อปท.", report.by_type),
        _breakdown("by_province", "จำแนกตามจังหวัด", "จังหวัด", report.by_province),
    ]
    if report.list_coverage:
        tables.append(list_coverage_table(report))
    if report.by_lao is not None:
        tables.append(_breakdown("by_lao", "จำแนกตาม อปท.", "อปท.", report.by_lao))
    return tables
