"""The case lifecycle, in one place: which state may follow which, and what a change writes.

``new → confirmed | false_positive``, ``confirmed → notified → acknowledged → remediated``; any open
state ``→ remediated`` when a re-check shows the leak gone; ``remediated → reopened`` when a later
sweep sees it again; a reopened case is judged again like a new one, unless an analyst confirmed it
before: then it may be notified again at once (``reopened → notified``), since the same number in
the same document was already judged a leak. ``false_positive`` is kept
through re-sweeps (a sweep only updates last-seen); an analyst may correct it to ``confirmed`` and
may withdraw a confirmation (``confirmed → false_positive``).

Every change, whoever makes it (an analyst, notify, or ``system`` for sweeps and re-checks), writes
one ``case_events`` row (who, when, from, to, note, evidence), so the history is never rewritten.
Going to ``notified`` sets the deadline (notified + ``cases.deadline_days``); a case is *overdue*
when it is open and past its deadline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from store import rollup
from store.errors import IllegalTransition, UnknownState

STATES: tuple[str, ...] = (
    "new",
    "confirmed",
    "false_positive",
    "notified",
    "acknowledged",
    "remediated",
    "reopened",
)
OPEN_STATES: frozenset[str] = frozenset({"new", "confirmed", "notified", "acknowledged", "reopened"})
"""States in which the leak is (as far as we know) still published."""

TRANSITIONS: Mapping[str, frozenset[str]] = {
    "new": frozenset({"confirmed", "false_positive", "remediated"}),
    "confirmed": frozenset({"notified", "false_positive", "remediated"}),
    "false_positive": frozenset({"confirmed"}),
    "notified": frozenset({"acknowledged", "remediated"}),
    "acknowledged": frozenset({"remediated"}),
    "remediated": frozenset({"reopened"}),
    "reopened": frozenset({"confirmed", "false_positive", "notified", "remediated"}),
}
"""from-state → the states it may go to. The only place that decides."""

SYSTEM = "system"
"""``who`` of changes made by sweeps and re-checks."""


@dataclass(frozen=True, slots=True)
class Change:
    """One case about to change state; ``evidence`` is kept as JSON on its event."""

    case_id: int
    from_state: str
    evidence: Mapping[str, Any] | None = None


def check_state(state: str) -> None:
    """Refuse a state name the lifecycle does not know."""
    if state not in TRANSITIONS:
        raise UnknownState(state, STATES)


def allowed(from_state: str, to_state: str) -> bool:
    """Whether the table allows ``from_state → to_state``."""
    return to_state in TRANSITIONS.get(from_state, frozenset())


def check(case_id: int, from_state: str, to_state: str) -> None:
    """Raise IllegalTransition unless the table allows the change."""
    check_state(to_state)
    if not allowed(from_state, to_state):
        raise IllegalTransition(case_id, from_state, to_state, TRANSITIONS.get(from_state, frozenset()))


NEEDS_EARLIER_CONFIRMATION: frozenset[tuple[str, str]] = frozenset({("reopened", "notified")})
"""Changes the table allows only for a case an analyst confirmed at some point in its history."""


def confirmed_before(con: duckdb.DuckDBPyConnection, case_ids: Iterable[int]) -> set[int]:
    """The cases among ``case_ids`` that an analyst (or the demo's stand-in) ever confirmed."""
    ids = sorted(set(case_ids))
    if not ids:
        return set()
    rows = con.execute(
        "SELECT DISTINCT case_id FROM case_events WHERE to_state = 'confirmed' AND list_contains(?, case_id)",
        [ids],
    ).fetchall()
    return {int(r[0]) for r in rows}


def _check_history(con: duckdb.DuckDBPyConnection, changes: Sequence[Change], to_state: str) -> None:
    """Refuse a change that needs an earlier confirmation the case's history does not hold."""
    gated = [c for c in changes if (c.from_state, to_state) in NEEDS_EARLIER_CONFIRMATION]
    if not gated:
        return
    confirmed = confirmed_before(con, (c.case_id for c in gated))
    for change in gated:
        if change.case_id not in confirmed:
            raise IllegalTransition(
                change.case_id, change.from_state, to_state, TRANSITIONS[change.from_state] - {to_state}
            )


def _assignments(
    to_state: str, now: datetime, deadline_days: int, deadline: datetime | None
) -> tuple[str, list[Any]]:
    """The extra columns a state sets, as an SQL fragment and its parameters."""
    if to_state == "notified":
        return ", notified_at = ?, deadline = ?", [now, deadline or now + timedelta(days=deadline_days)]
    if to_state == "remediated":
        return ", remediated_at = ?", [now]
    if to_state == "reopened":
        return ", remediated_at = NULL, deadline = NULL", []
    return "", []


def apply(
    con: duckdb.DuckDBPyConnection,
    changes: Sequence[Change],
    to_state: str,
    *,
    who: str,
    note: str,
    now: datetime,
    deadline_days: int,
    deadline: datetime | None = None,
) -> int:
    """Move every case in ``changes`` to ``to_state`` and write their events; checks each first.

    Going to ``notified`` sets ``deadline`` when given (the one an alert mail printed), else
    ``now`` + ``deadline_days``."""
    for change in changes:
        check(change.case_id, change.from_state, to_state)
    if not changes:
        return 0
    _check_history(con, changes, to_state)
    table = pa.table(
        {
            "case_id": pa.array([c.case_id for c in changes], pa.int64()),
            "from_state": pa.array([c.from_state for c in changes], pa.string()),
            "evidence": pa.array(
                [json.dumps(c.evidence, sort_keys=True) if c.evidence else None for c in changes],
                pa.string(),
            ),
        }
    )
    con.register("lifecycle_changes", table)
    try:
        con.execute(
            "INSERT INTO case_events "
            '(case_id, province_code, "at", who, from_state, to_state, note, evidence) '
            "SELECT ch.case_id, c.province_code, ?, ?, ch.from_state, ?, ?, ch.evidence "
            "FROM lifecycle_changes ch JOIN cases c ON c.id = ch.case_id",
            [now, who, to_state, note],
        )
        extra, params = _assignments(to_state, now, deadline_days, deadline)
        con.execute(
            f"UPDATE cases SET state = ?, is_open = ?, updated_at = ?{extra} "  # noqa: S608 - constant fragments
            "FROM lifecycle_changes ch WHERE cases.id = ch.case_id",
            [to_state, to_state in OPEN_STATES, now, *params],
        )
        rollup.refresh(con, rollup.touched_by_cases(con, "lifecycle_changes"), documents=False)
    finally:
        con.unregister("lifecycle_changes")
    return len(changes)


def record_opened(con: duckdb.DuckDBPyConnection, case_ids: Iterable[int], *, note: str, now: datetime) -> None:
    """The first event of new cases: (none) → new, by the system."""
    table = pa.table({"case_id": pa.array(list(case_ids), pa.int64())})
    con.register("opened_cases", table)
    try:
        con.execute(
            'INSERT INTO case_events (case_id, province_code, "at", who, from_state, to_state, note) '
            "SELECT o.case_id, c.province_code, ?, ?, NULL, 'new', ? "
            "FROM opened_cases o JOIN cases c ON c.id = o.case_id",
            [now, SYSTEM, note],
        )
    finally:
        con.unregister("opened_cases")


def record_remark(
    con: duckdb.DuckDBPyConnection, case_id: int, state: str, *, who: str, note: str, now: datetime
) -> None:
    """An event that changes no state (assignment, comment): from = to = the current state."""
    con.execute(
        'INSERT INTO case_events (case_id, province_code, "at", who, from_state, to_state, note) '
        "SELECT id, province_code, ?, ?, ?, ?, ? FROM cases WHERE id = ?",
        [now, who, state, state, note, case_id],
    )
