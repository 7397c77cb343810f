"""The revisit rule: RFC 9111 heuristic freshness, capped, never for open cases or unread records."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from crawler.revisit import fresh_for, is_fresh, last_modified, retry_after
from store.models import DocumentRecord

FETCHED = datetime(2026, 11, 16, 2, 0)
CAP = timedelta(days=28)


def record(modified: str | None, status: str = "ok") -> DocumentRecord:
    return DocumentRecord(
        "http://www.t.go.th/a.pdf", "http://www.t.go.th/a.pdf", "1001", "h", "application/pdf", 1,
        None, modified, 200, status, "", fetched_at=FETCHED,
    )  # fmt: skip


def test_a_tenth_of_the_age_at_fetch_time() -> None:
    thirty_days_before = "Fri, 17 Oct 2026 02:00:00 GMT"
    assert fresh_for(record(thirty_days_before), CAP) == timedelta(days=3)


def test_capped_by_revisit_days() -> None:
    years_before = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert fresh_for(record(years_before), CAP) == CAP
    assert fresh_for(record(years_before), timedelta(0)) == timedelta(0)


@pytest.mark.parametrize(
    "modified, status",
    [
        (None, "ok"),  # no Last-Modified: no heuristic
        ("not a date", "ok"),
        ("Tue, 01 Dec 2026 00:00:00 GMT", "ok"),  # modified after it was fetched: a lying clock
        ("Mon, 01 Jan 2024 00:00:00 GMT", "corrupt"),  # not read completely: always asked again
        ("Mon, 01 Jan 2024 00:00:00 GMT", "timeout"),
    ],
)
def test_never_fresh(modified: str | None, status: str) -> None:
    assert fresh_for(record(modified, status), CAP) == timedelta(0)


def test_without_last_modified_the_age_of_the_unchanged_bytes_stands_in_except_for_listings() -> None:
    unchanged = replace(record(None), unchanged_since=FETCHED - timedelta(days=30))
    assert fresh_for(unchanged, CAP) == timedelta(days=3)
    assert fresh_for(unchanged, CAP, listing=True) == timedelta(0), "new documents appear on listings"
    assert is_fresh(unchanged, FETCHED + timedelta(days=2), cap=CAP, has_open_case=False)
    assert not is_fresh(unchanged, FETCHED + timedelta(days=2), cap=CAP, has_open_case=False, listing=True)


def test_bytes_that_stood_under_a_day_say_nothing_and_last_modified_wins() -> None:
    assert fresh_for(replace(record(None), unchanged_since=FETCHED - timedelta(hours=20)), CAP) == timedelta(0)
    dated = replace(record("Fri, 17 Oct 2026 02:00:00 GMT"), unchanged_since=FETCHED - timedelta(days=300))
    assert fresh_for(dated, CAP) == timedelta(days=3)


def test_fresh_until_its_lifetime_runs_out_and_never_with_an_open_case() -> None:
    old = record("Mon, 01 Jan 2024 00:00:00 GMT")
    assert is_fresh(old, FETCHED + timedelta(days=7), cap=CAP, has_open_case=False)
    assert not is_fresh(old, FETCHED + timedelta(days=28), cap=CAP, has_open_case=False)
    assert not is_fresh(old, FETCHED + timedelta(days=7), cap=CAP, has_open_case=True)
    assert not is_fresh(replace(old, fetched_at=None), FETCHED, cap=CAP, has_open_case=False)


def test_last_modified_is_naive_utc() -> None:
    assert last_modified("Sun, 16 Nov 2026 09:00:00 +0700") == datetime(2026, 11, 16, 2, 0)
    assert last_modified("") is None


def test_a_url_that_timed_out_waits_a_day_then_twice_as_long_each_time_up_to_the_cap() -> None:
    waits = [retry_after(times, FETCHED, CAP) - FETCHED for times in (1, 2, 3, 4, 5, 6, 1000)]
    assert waits == [timedelta(days=d) for d in (1, 2, 4, 8, 16, 28, 28)]
    assert retry_after(3, FETCHED, timedelta(0)) == FETCHED, "revisit_days 0 asks for everything"
