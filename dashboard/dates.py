"""Dates as Thai officials write them: Buddhist era, abbreviated Thai months (23 พ.ย. 2569).

The month names and the era offset come from ``core.thaidate``, so the dashboard, the alert mails
and the weekly report write a date the same way.

The store keeps UTC timestamps; analysts read Bangkok time. English keeps the Gregorian year,
which is what an English reader expects.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from core.thaidate import BE_OFFSET, MONTHS_SHORT

BANGKOK = ZoneInfo("Asia/Bangkok")
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """A datetime in Bangkok time (naive ones are UTC, as the store writes them); dates as they are."""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(BANGKOK)
    return value


def format_date(value: dt.date | dt.datetime | None, lang: str = "th") -> str:
    """``23 พ.ย. 2569`` in Thai, ``23 Nov 2026`` in English; empty for a missing value."""
    if value is None or pd.isna(value):
        return ""
    day = _local(value)
    if lang == "th":
        return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year + BE_OFFSET}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def format_day_month(value: dt.date, lang: str = "th") -> str:
    """``23 พ.ย.`` / ``23 Nov``: the short form for chart axes."""
    months = MONTHS_SHORT if lang == "th" else ENGLISH_MONTHS
    return f"{value.day} {months[value.month - 1]}"


def format_datetime(value: dt.datetime | None, lang: str = "th") -> str:
    """The date as :func:`format_date` writes it, then the Bangkok time (23 พ.ย. 2569 14:05)."""
    if value is None or pd.isna(value):
        return ""
    local = _local(value)
    return f"{format_date(local, lang)} {local:%H:%M}"


def _is_date_column(column: pd.Series) -> bool:
    """Whether a column holds calendar dates (DuckDB DATE arrives as midnight timestamps or dates)."""
    values = column.dropna()
    if values.empty:
        return False
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.tz is None and bool((values.dt.normalize() == values).all())
    return isinstance(values.iloc[0], dt.date) and not isinstance(values.iloc[0], dt.datetime)


def _is_timestamp_column(column: pd.Series) -> bool:
    values = column.dropna()
    if pd.api.types.is_datetime64_any_dtype(column):
        return True
    return not values.empty and isinstance(values.iloc[0], dt.datetime)


def format_columns(frame: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """A copy of ``frame`` whose date and timestamp columns read as Thai dates, for display."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if _is_date_column(column):
            out[name] = [format_date(pd.Timestamp(v).date(), lang) if pd.notna(v) else "" for v in column]
        elif _is_timestamp_column(column):
            out[name] = [format_datetime(pd.Timestamp(v).to_pydatetime(), lang) if pd.notna(v) else "" for v in column]
    return out
