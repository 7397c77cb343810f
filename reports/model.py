"""The weekly report as plain data, and the ISO-week arithmetic both renderers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from core.thaidate import thai_date
from reports.errors import ReportError

if TYPE_CHECKING:
    from store.discovery import CoverageDay

MEASURES = ("found", "notified", "acknowledged", "remediated", "open", "overdue")
"""The columns of every breakdown, in order."""

MEASURE_LABELS = {
    "found": "พบใหม่",
    "notified": "แจ้งแล้ว",
    "acknowledged": "อปท. รับทราบ",
    "remediated": "แก้ไขแล้ว",
    "open": "ค้างอยู่",
    "overdue": "เกินกำหนด",
}

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True)
class Week:
    """An ISO week, Monday to Sunday."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Week:
        """``2026-W47`` → Week; anything else is a ReportError naming the expected form."""
        match = _WEEK.match(text.strip())
        if not match:
            raise ReportError(f"week {text!r} is not in the form YYYY-Www, for example 2026-W47")
        week = cls(int(match[1]), int(match[2]))
        try:
            week.start  # noqa: B018 - validates the week number (W53 exists only in some years)
        except ValueError as exc:
            raise ReportError(f"week {text!r} does not exist in {week.year}") from exc
        return week

    @classmethod
    def containing(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @classmethod
    def last_complete(cls, today: date) -> Week:
        """The week before the one ``today`` is in: what a Monday-morning report covers."""
        return cls.containing(today - timedelta(days=7))

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> date:
        """The Sunday, inclusive."""
        return self.start + timedelta(days=6)

    def previous(self, n: int = 1) -> Week:
        return Week.containing(self.start - timedelta(days=7 * n))

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def thai_range(self) -> str:
        """``17 พฤศจิกายน 2569 – 23 พฤศจิกายน 2569``."""
        return f"{thai_date(self.start)} – {thai_date(self.end)}"


@dataclass
class WeeklyReport:
    """Everything one week's report shows; the DataFrames have a label column then MEASURES."""

    week: Week
    totals: dict[str, int]
    by_province: pd.DataFrame
    by_type: pd.DataFrame
    trend: pd.DataFrame
    """One row per week (oldest first): ``week`` then MEASURES' weekly flows (found, notified, remediated)."""
    median_days_to_remediate: float | None
    """Days from a case's opening to its remediation, median over the week's remediated cases."""
    laos_inspected: int
    sites_listed: int
    sites_reached: int
    sites_upgrade: int = 0
    """Sites inspected this week whose HTTPS needs a security upgrade (old TLS, bad certificate)."""
    sites_compromised: int = 0
    """Sites inspected this week found injected with gambling spam."""
    remediated_after_notice: int = 0
    """Cases remediated this week that the LAO had been notified of (the loop closed by the LAO)."""
    median_days_notice_to_remediation: float | None = None
    """Days from the notice to the remediation, median over those cases."""
    by_lao: pd.DataFrame | None = None
    """Only when ``report.name_laos`` is on: LAO-level rows."""
    list_coverage: list[CoverageDay] = field(default_factory=list)
    """Recorded days up to the week's end (seed-list coverage: LAOs with a
    website, with a coordinator), the last few, oldest first."""
    generated: date = field(default_factory=date.today)

    @property
    def coverage(self) -> float:
        """Share of listed sites the sweeps reached this week (0 when none are listed)."""
        return self.sites_reached / self.sites_listed if self.sites_listed else 0.0
