"""Gather one ISO week's numbers from the store and write the PDF and XLSX.

Weeks are Asia/Bangkok weeks (Monday 00:00 to Monday 00:00 local), converted to the store's naive
UTC. Flows (found, notified, remediated) count lifecycle timestamps inside the week; stocks (open,
overdue) are taken at the week's end from the same timestamps, so an old week's report reads the
same whenever it is rebuilt (except for cases re-notified or reopened since: the store keeps the
latest timestamps on the case).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from core.config import Config
from reports.errors import ReportError
from reports.model import MEASURES, Week, WeeklyReport
from reports.render import write_pdf, write_xlsx
from store import Store
from store.weekly import WeeklySource

TREND_WEEKS = 8
"""Weeks in the week-against-previous-weeks chart, the report's own included."""
SPECIAL_TYPES = ("เมืองพัทยา", "กรุงเทพมหานคร")


@dataclass(frozen=True, slots=True)
class Written:
    pdf: Path
    xlsx: Path


def _utc_bounds(week: Week, tz: ZoneInfo) -> tuple[datetime, datetime]:
    def utc(day: date) -> datetime:
        local = datetime.combine(day, time.min, tzinfo=tz)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    return utc(week.start), utc(week.end + timedelta(days=1))


def _between(column: pd.Series, start: datetime, end: datetime) -> pd.Series:
    return (column >= start) & (column < end)


def measures(frame: pd.DataFrame, start: datetime, end: datetime) -> pd.DataFrame:
    """Per case: 0/1 for each of MEASURES in [start, end)."""
    still_open = (frame["remediated_at"].isna() | (frame["remediated_at"] >= end)) & (
        frame["state"] != "false_positive"
    )
    flags = pd.DataFrame(
        {
            "found": _between(frame["opened_at"], start, end),
            "notified": _between(frame["notified_at"], start, end),
            "acknowledged": _between(frame["acknowledged_at"], start, end),
            "remediated": _between(frame["remediated_at"], start, end),
            "open": still_open,
            "overdue": still_open & (frame["deadline"] < end),
        },
        index=frame.index,
    )
    return flags.astype(int)


def breakdown(frame: pd.DataFrame, flags: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sum of each measure per value of ``by``, rows without any count dropped, largest first."""
    if frame.empty:
        return pd.DataFrame(columns=[by, *MEASURES])
    grouped = flags.groupby(frame[by]).sum().reset_index()
    grouped = grouped[grouped[list(MEASURES)].sum(axis=1) > 0]
    return grouped.sort_values(["open", by], ascending=[False, True]).reset_index(drop=True)


def _median_days(frame: pd.DataFrame, flags: pd.DataFrame, since: str = "opened_at") -> float | None:
    """Median days from ``since`` to remediation over the week's remediated cases that have ``since``."""
    done = frame[(flags["remediated"] == 1) & frame[since].notna()]
    if done.empty:
        return None
    return float(((done["remediated_at"] - done[since]).dt.total_seconds() / 86400).median())


def _trend(frame: pd.DataFrame, week: Week, tz: ZoneInfo) -> pd.DataFrame:
    rows = []
    for back in range(TREND_WEEKS - 1, -1, -1):
        w = week.previous(back)
        start, end = _utc_bounds(w, tz)
        sums = measures(frame, start, end).sum() if not frame.empty else pd.Series(0, index=MEASURES)
        rows.append({"week": w, **{m: int(sums[m]) for m in ("found", "notified", "remediated")}})
    return pd.DataFrame(rows)


COVERAGE_DAYS = 8
"""Recorded days of seed-list coverage the report shows at most."""


def build(cfg: Config, store: Store, week: Week, today: date | None = None) -> WeeklyReport:
    """The report's numbers for ``week`` (aggregates; LAO rows only with report.name_laos)."""
    tz = ZoneInfo(cfg.schedule.timezone)
    start, end = _utc_bounds(week, tz)
    source = WeeklySource(store)
    frame = source.case_times(end)
    frame["lao"] = [
        t if t in SPECIAL_TYPES else f"{t}{n}"
        for t, n in zip(frame["lao_type"], frame["lao_name"], strict=True)
    ]
    flags = measures(frame, start, end) if not frame.empty else pd.DataFrame(columns=list(MEASURES))
    cover = source.coverage(start, end)
    return WeeklyReport(
        week=week,
        totals={m: int(flags[m].sum()) for m in MEASURES},
        by_province=breakdown(frame, flags, "province"),
        by_type=breakdown(frame, flags, "lao_type"),
        trend=_trend(frame, week, tz),
        median_days_to_remediate=_median_days(frame, flags) if not frame.empty else None,
        remediated_after_notice=int(((flags["remediated"] == 1) & frame["notified_at"].notna()).sum())
        if not frame.empty
        else 0,
        median_days_notice_to_remediation=_median_days(frame, flags, "notified_at") if not frame.empty else None,
        laos_inspected=cover["inspected"],
        sites_listed=cover["listed"],
        sites_reached=cover["reached"],
        sites_upgrade=cover["upgrade"],
        sites_compromised=cover["compromised"],
        by_lao=breakdown(frame, flags, "lao") if cfg.report.name_laos else None,
        list_coverage=[d for d in store.coverage_history() if d.day <= week.end][-COVERAGE_DAYS:],
        generated=today or datetime.now(tz).date(),
    )


def write(report: WeeklyReport, out_dir: Path) -> Written:
    """``x4watch-weekly-2026-W47.pdf`` and ``.xlsx`` in ``out_dir``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(
            f"cannot create the report folder {out_dir}: {exc.strerror}; choose another with --out"
        ) from exc
    stem = out_dir / f"x4watch-weekly-{report.week}"
    return Written(write_pdf(report, stem.with_suffix(".pdf")), write_xlsx(report, stem.with_suffix(".xlsx")))


def weekly_report(
    cfg: Config, store: Store, week: Week | None = None, out_dir: Path | None = None
) -> Written:
    """Build and write; the default week is the last complete one (what Monday morning covers)."""
    today = datetime.now(ZoneInfo(cfg.schedule.timezone)).date()
    chosen = week or Week.last_complete(today)
    return write(build(cfg, store, chosen, today), out_dir or cfg.home_path / "reports")
