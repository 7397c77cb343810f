"""Dates as Thai officials write them: day, Thai month name, Buddhist-era year (CE + 543).

Shared by the alert mails and the weekly report, so a deadline reads the same everywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

BE_OFFSET = 543
"""Buddhist-era years run 543 ahead of the Common Era: 2026 CE is 2569 BE."""

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


def thai_date(day: date | datetime | None, *, short: bool = False) -> str:
    """``23 พฤศจิกายน 2569`` (or ``23 พ.ย. 2569`` when short); an empty string for None."""
    if day is None:
        return ""
    months = MONTHS_SHORT if short else MONTHS
    return f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"


def local_date(value: datetime | None, tz: tzinfo) -> date | None:
    """The day a stored time (naive UTC, as the store keeps times) falls on in ``tz``; None for None.

    Why here: a deadline is printed on the local day, and the mails and the portal must agree on it."""
    return None if value is None else value.replace(tzinfo=UTC).astimezone(tz).date()
