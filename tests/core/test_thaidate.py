"""core.thaidate.local_date: a stored time (naive UTC) as the local day a deadline is printed on."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.thaidate import local_date, thai_date

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_a_late_utc_evening_is_the_next_day_in_bangkok() -> None:
    assert local_date(datetime(2026, 11, 23, 18, 30), BANGKOK) == date(2026, 11, 24)
    assert local_date(datetime(2026, 11, 23, 16, 59), BANGKOK) == date(2026, 11, 23)
    assert thai_date(local_date(datetime(2026, 11, 23, 18, 30), BANGKOK)) == "24 พฤศจิกายน 2569"


def test_no_time_is_no_day() -> None:
    assert local_date(None, BANGKOK) is None
