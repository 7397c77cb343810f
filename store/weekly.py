"""SQL behind the ministry's weekly report (reports/ turns the frames into tables).

Kept apart from ``store.queries`` because it is the report's alone: case timestamps per LAO type and
province (the report buckets them into weeks) and the sweep coverage of a period.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

if TYPE_CHECKING:
    from store.store import Store

_CASE_TIMES = """
SELECT c.id, c.lao_code, coalesce(l.type, '') AS lao_type, coalesce(l.name, c.lao_code) AS lao_name,
       coalesce(l.province, '') AS province, c.state, c.opened_at, c.notified_at, c.remediated_at, c.deadline,
       a.acknowledged_at
FROM cases c LEFT JOIN laos l ON l.code = c.lao_code
LEFT JOIN (SELECT case_id, max("at") AS acknowledged_at FROM case_events WHERE to_state = 'acknowledged'
           GROUP BY case_id) a ON a.case_id = c.id
WHERE c.opened_at < ?
"""

_COVERAGE = """
SELECT (SELECT count(*) FROM laos WHERE coalesce(website, '') <> '') AS listed,
       (SELECT count(*) FROM sites WHERE checked_at >= ? AND checked_at < ?) AS inspected,
       (SELECT count(*) FROM sites WHERE checked_at >= ? AND checked_at < ? AND status = 'ok') AS reached,
       (SELECT count(*) FROM sites WHERE checked_at >= ? AND checked_at < ? AND len(tls_issues) > 0) AS upgrade,
       (SELECT count(*) FROM sites WHERE checked_at >= ? AND checked_at < ? AND spam_pages > 0) AS compromised
"""


def case_times(con: duckdb.DuckDBPyConnection, before: datetime) -> pd.DataFrame:
    """Every case opened before ``before`` with its LAO type, province and lifecycle timestamps (the
    LAO's latest acknowledgement from the case history: the cases table keeps no column for it)."""
    return con.execute(_CASE_TIMES, [before]).df()


def coverage(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> dict[str, int]:
    """LAOs with a listed website, and sites inspected / reached by sweeps in [start, end), and of
    those, how many need a security upgrade (TLS posture) and how many are compromised (spam)."""
    row = con.execute(_COVERAGE, [start, end] * 4).fetchone()
    assert row is not None
    keys = ("listed", "inspected", "reached", "upgrade", "compromised")
    return {key: int(value) for key, value in zip(keys, row, strict=True)}


class WeeklySource:
    """The report's reads, each one unit of work on the given Store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def case_times(self, before: datetime) -> pd.DataFrame:
        return self.store._read(lambda con: case_times(con, before))

    def coverage(self, start: datetime, end: datetime) -> dict[str, int]:
        return self.store._read(lambda con: coverage(con, start, end))
