"""A store with cases spread over weeks: found, notified, remediated, overdue."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from store import SiteRecord, Store
from testkit.notify import Seeded, seed

WEEK_START = datetime(2026, 11, 16, 3, 0)  # Monday 10:00 in Bangkok (naive UTC)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture
def week_store(tmp_path: Path) -> tuple[Store, Seeded]:
    """Cases opened in 2026-W46 and W47; some notified and one remediated during W47."""
    clock = Clock(WEEK_START - timedelta(days=7))
    store = Store(tmp_path / "x4watch.duckdb", clock=clock, deadline_days=3)
    seeded = seed(store)  # 8 cases opened in W46, confirmed
    clock.now = WEEK_START + timedelta(days=1)
    store.bulk_transition(seeded.cases_by_lao["6940101"], "notified", "analyst")
    store.record_sites(
        None,
        [
            SiteRecord("6940101", "https://a/", tls_protocol="TLSv1.0", tls_issues=("legacy_protocol",)),
            SiteRecord("5010101", "http://b/", status="dead", spam_pages=3, spam_examples=("http://b/slot-1.html",)),
        ],
    )
    clock.now = WEEK_START + timedelta(days=2)
    store.transition(seeded.cases_by_lao["6940102"][0], "remediated", "analyst")
    return store, seeded
