"""Buddhist-era dates in Bangkok time, as Thai officials write them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import dates


def test_thai_date_uses_buddhist_era_and_abbreviated_month() -> None:
    assert dates.format_date(dt.date(2026, 11, 23)) == "23 พ.ย. 2569"
    assert dates.format_date(dt.date(2026, 1, 2), "en") == "2 Jan 2026"


def test_utc_timestamp_is_shown_in_bangkok_time_even_across_midnight() -> None:
    assert dates.format_datetime(dt.datetime(2026, 12, 31, 18, 30)) == "1 ม.ค. 2570 01:30"


def test_missing_values_show_empty() -> None:
    assert dates.format_date(None) == ""
    assert dates.format_datetime(pd.NaT) == ""


def test_frame_columns_are_formatted_by_their_kind() -> None:
    frame = pd.DataFrame(
        {
            "deadline": pd.to_datetime(["2026-11-23", None]),
            "at": pd.to_datetime(["2026-11-23 03:00", "2026-04-13 17:00"]),
            "count": [1, 2],
        }
    )
    shown = dates.format_columns(frame)
    assert list(shown["deadline"]) == ["23 พ.ย. 2569", ""]
    assert list(shown["at"]) == ["23 พ.ย. 2569 10:00", "14 เม.ย. 2569 00:00"]
    assert list(shown["count"]) == [1, 2]


def test_chart_labels_use_day_and_month_only() -> None:
    assert dates.format_day_month(dt.date(2026, 11, 23)) == "23 พ.ย."
    assert dates.format_day_month(dt.date(2026, 11, 23), "en") == "23 Nov"
