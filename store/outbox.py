"""SQL of notify's outbox and the scheduler's job runs (owned by notify/service, kept in store/).

The outbox makes alert mails at-most-once: a message row is written (state ``queued``) before any
SMTP traffic; ``claim`` flips it to ``sending`` in a committed transaction before the send;
``mark_sent`` flips it to ``sent`` *and* moves its still-confirmed cases to ``notified`` in one
transaction, so a mail is never recorded as sent without its cases, nor the reverse (``step``
commits one mail's outcome together with the next mail's claim: one transaction per mail). A row found in
``sending`` at the start of a later run means the process died mid-send: the server may or may not
have the mail, so it becomes ``uncertain`` for an analyst instead of being sent again. Other states:
``no_recipient`` (no valid address: listed for analysts), ``failed`` (refused for good).

The module functions take a connection inside a unit of work; ``Outbox(store)`` and
``JobRuns(store)`` wrap each in one unit of work of the given Store, which is how notify and the
scheduler call them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from store.errors import StoreError
from store.lifecycle import Change, apply, confirmed_before
from store.models import AlertCase, OutboxMessage

if TYPE_CHECKING:
    from store.store import Store

IN_FLIGHT = ("queued", "sending", "uncertain")
"""Messages whose cases must not be put into another message."""
ATTENTION = ("no_recipient", "uncertain", "failed")
"""States an analyst has to look at."""

_COLUMNS = (
    "id, key, kind, lao_code, province_code, recipient, cc, subject, body_text, body_html, "
    "case_ids, state, attempts, last_error, created_at, sent_at, deadline"
)


ADDRESS_SEPARATOR = ", "
"""How the ``recipient`` and ``cc`` columns hold several addresses (also how a mail header lists them)."""


def _joined(addresses: Sequence[str]) -> str:
    return ADDRESS_SEPARATOR.join(addresses)


def _split(column: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (column or "").split(",") if a.strip())


def _message(row: tuple[Any, ...]) -> OutboxMessage:
    (
        id_,
        key,
        kind,
        lao,
        province,
        to,
        cc,
        subject,
        text,
        html,
        ids,
        state,
        attempts,
        error,
        created,
        sent,
        deadline,
    ) = row
    return OutboxMessage(
        key=key,
        kind=kind,
        to=_split(to),
        subject=subject,
        body_text=text,
        body_html=html or "",
        case_ids=tuple(ids or ()),
        lao_code=lao or "",
        province_code=province or "",
        cc=_split(cc),
        id=id_,
        state=state,
        attempts=attempts,
        last_error=error or "",
        created_at=created,
        sent_at=sent,
        deadline=deadline,
    )


def enqueue(con: duckdb.DuckDBPyConnection, messages: Sequence[OutboxMessage], now: datetime) -> int:
    """Insert messages whose key is new; a known key is left as it is. Returns how many were new."""
    added = 0
    for m in messages:
        row = con.execute(
            "INSERT INTO outbox (key, kind, lao_code, province_code, recipient, cc, subject, body_text, "
            "body_html, case_ids, state, last_error, created_at, deadline) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO NOTHING RETURNING id",
            [
                m.key,
                m.kind,
                m.lao_code,
                m.province_code,
                _joined(m.to),
                _joined(m.cc),
                m.subject,
                m.body_text,
                m.body_html,
                list(m.case_ids),
                m.state,
                m.last_error,
                now,
                m.deadline,
            ],
        ).fetchone()
        added += row is not None
    return added


def messages(con: duckdb.DuckDBPyConnection, states: Sequence[str]) -> list[OutboxMessage]:
    """Messages in the given states, oldest first."""
    marks = ", ".join("?" for _ in states)
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE state IN ({marks}) ORDER BY id",  # noqa: S608 - placeholders only
        list(states),
    ).fetchall()
    return [_message(r) for r in rows]


def in_flight_case_ids(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Cases already in a digest that is queued, being sent or of unknown fate."""
    rows = con.execute(
        "SELECT DISTINCT unnest(case_ids) FROM outbox WHERE kind = 'digest' AND state IN (?, ?, ?)",
        list(IN_FLIGHT),
    ).fetchall()
    return {int(r[0]) for r in rows}


def claim(con: duckdb.DuckDBPyConnection, key: str) -> bool:
    """queued → sending (attempts + 1); False when someone else already moved it."""
    row = con.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE key = ? AND state = 'queued' RETURNING id",
        [key],
    ).fetchone()
    return row is not None


def set_state(con: duckdb.DuckDBPyConnection, key: str, state: str, error: str = "") -> None:
    """Record a non-delivery outcome: back to queued (retry), failed or uncertain."""
    con.execute("UPDATE outbox SET state = ?, last_error = ? WHERE key = ?", [state, error[:500], key])


def mark_sent(con: duckdb.DuckDBPyConnection, key: str, *, who: str, now: datetime, deadline_days: int) -> int:
    """sending → sent, and its digest's still-confirmed cases → notified, in one transaction; their
    deadline is the one the mail printed (sent + ``deadline_days`` for a mail stored without one).
    A reopened case an analyst confirmed before counts as confirmed (``store.lifecycle``)."""
    row = con.execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = NULL WHERE key = ? "
        "RETURNING kind, case_ids, deadline",
        [now, key],
    ).fetchone()
    if row is None or row[0] != "digest":
        return 0
    ids = list(row[1] or ())
    found = con.execute(
        "SELECT id, state FROM cases WHERE id IN (SELECT unnest(?::BIGINT[])) AND state IN ('confirmed', 'reopened')",
        [ids],
    ).fetchall()
    again = confirmed_before(con, (int(r[0]) for r in found if r[1] == "reopened"))
    changes = [Change(int(r[0]), str(r[1])) for r in found if r[1] == "confirmed" or int(r[0]) in again]
    note = f"alert mail {key}"
    return apply(con, changes, "notified", who=who, note=note, now=now, deadline_days=deadline_days, deadline=row[2])


def settle(
    con: duckdb.DuckDBPyConnection,
    key: str,
    state: str,
    error: str,
    *,
    who: str,
    now: datetime,
    deadline_days: int,
) -> int:
    """Record a send's outcome: ``sent`` (with its cases, see mark_sent) or another state."""
    if state == "sent":
        return mark_sent(con, key, who=who, now=now, deadline_days=deadline_days)
    set_state(con, key, state, error)
    return 0


def abandon_sending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rows left in ``sending`` by a dead process become ``uncertain``; returns their keys."""
    rows = con.execute(
        "UPDATE outbox SET state = 'uncertain', last_error = 'process stopped during SMTP send: check the "
        "mail server log for the Message-ID before resending' WHERE state = 'sending' RETURNING key"
    ).fetchall()
    return [str(r[0]) for r in rows]


RESOLVABLE = ("uncertain", "failed")
"""States an analyst settles with ``resolve``: delivered after all, or to be sent again."""


def resolve(
    con: duckdb.DuckDBPyConnection,
    outbox_id: int,
    *,
    delivered: bool,
    who: str,
    now: datetime,
    deadline_days: int,
) -> str:
    """An analyst's verdict on an uncertain or failed message; returns the new state."""
    row = con.execute("SELECT key, state FROM outbox WHERE id = ?", [outbox_id]).fetchone()
    if row is None or row[1] not in RESOLVABLE:
        found = "no such message" if row is None else f"it is {row[1]}"
        raise StoreError(f"outbox message {outbox_id} cannot be resolved ({found}): only {' or '.join(RESOLVABLE)}")
    if delivered:
        mark_sent(con, str(row[0]), who=who, now=now, deadline_days=deadline_days)
        return "sent"
    set_state(con, str(row[0]), "queued", f"requeued by {who}")
    return "queued"


def attention(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Messages analysts must act on: missing/invalid address, unknown fate, refused."""
    return con.execute(
        "SELECT id, kind, lao_code, province_code, recipient, state, attempts, last_error, created_at, "
        "len(case_ids) AS cases FROM outbox WHERE state IN (?, ?, ?) ORDER BY created_at DESC",
        list(ATTENTION),
    ).df()


def start_job(con: duckdb.DuckDBPyConnection, job: str, now: datetime) -> int:
    """A job_runs row for a run that starts now; returns its id."""
    row = con.execute(
        "INSERT INTO job_runs (job, started_at, outcome) VALUES (?, ?, 'running') RETURNING id", [job, now]
    ).fetchone()
    assert row is not None
    return int(row[0])


def finish_job(con: duckdb.DuckDBPyConnection, run_id: int, outcome: str, detail: str, now: datetime) -> None:
    con.execute(
        "UPDATE job_runs SET finished_at = ?, outcome = ?, detail = ? WHERE id = ?",
        [now, outcome, detail[:2000], run_id],
    )


def last_job_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The latest run of every job: job, started_at, finished_at, outcome, detail."""
    return con.execute(
        "SELECT job, started_at, finished_at, outcome, detail FROM job_runs "
        "QUALIFY row_number() OVER (PARTITION BY job ORDER BY started_at DESC, id DESC) = 1 ORDER BY job"
    ).df()


def last_started(con: duckdb.DuckDBPyConnection, job: str, *, first: bool = False) -> datetime | None:
    """When the job last (or, with ``first``, first) started, any outcome; None if it never ran."""
    agg = "min" if first else "max"
    row = con.execute(f"SELECT {agg}(started_at) FROM job_runs WHERE job = ?", [job]).fetchone()  # noqa: S608
    return row[0] if row else None


_ALERT_CASES = """
SELECT c.id AS case_id, c.lao_code, coalesce(l.type, '') AS lao_type,
       coalesce(l.name, c.lao_code) AS lao_name, coalesce(l.province, '') AS province,
       coalesce(l.province_code, '') AS province_code, c.url,
       (SELECT min(f.page) FROM findings f
         WHERE f.url = c.url AND f.fingerprint = c.fingerprint AND f.page > 0) AS page,
       c.kind, c.masked, c.state, c.deadline, coalesce(ct.coordinator_email, '') AS email,
       coalesce(ct.province_office_email, '') AS province_email,
       EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.to_state = 'confirmed') AS confirmed_before
FROM cases c
LEFT JOIN laos l ON l.code = c.lao_code
LEFT JOIN contacts ct ON ct.lao_code = c.lao_code
WHERE list_contains(?::VARCHAR[], c.state)
ORDER BY c.lao_code, c.url, c.id
"""


def alert_cases(con: duckdb.DuckDBPyConnection, states: Sequence[str]) -> list[AlertCase]:
    """Cases in ``states`` with what a mail needs: LAO name and province, first page, contacts."""
    cursor = con.execute(_ALERT_CASES, [list(states)])
    names = [column[0] for column in cursor.description or ()]
    return [AlertCase(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def compromised_sites(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """LAO code -> example spam URLs, for every site whose last sweep cut injected gambling spam."""
    rows = con.execute("SELECT lao_code, spam_examples FROM sites WHERE spam_pages > 0").fetchall()
    return {str(code): tuple(examples or ()) for code, examples in rows}


class Outbox:
    """notify's view of the store: each method is one unit of work (one short transaction)."""

    WHO = "x4watch-notify"
    """``who`` of the case events notify writes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def alert_cases(self, states: Sequence[str]) -> list[AlertCase]:
        return self.store._read(lambda con: alert_cases(con, states))

    def compromised_sites(self) -> dict[str, tuple[str, ...]]:
        return self.store._read(compromised_sites)

    def enqueue(self, batch: Sequence[OutboxMessage]) -> int:
        now = self.store.clock()
        return self.store._run(lambda con: enqueue(con, batch, now))

    def messages(self, states: Sequence[str]) -> list[OutboxMessage]:
        return self.store._read(lambda con: messages(con, states))

    def in_flight_case_ids(self) -> set[int]:
        return self.store._read(in_flight_case_ids)

    def step(self, outcome: tuple[str, str, str] | None, next_key: str | None) -> tuple[int, bool]:
        """Settle the previous send (key, state, error) and claim the next, in one transaction.

        One unit of work per mail instead of two: the store's cost per transaction (open, commit,
        checkpoint, close) dominates a mail. Returns (cases notified, whether next_key was claimed).
        """
        now, days = self.store.clock(), self.store.deadline_days

        def work(con: duckdb.DuckDBPyConnection) -> tuple[int, bool]:
            notified = settle(con, *outcome, who=self.WHO, now=now, deadline_days=days) if outcome else 0
            return notified, claim(con, next_key) if next_key else False

        return self.store._run(work)

    def abandon_sending(self) -> list[str]:
        return self.store._run(abandon_sending)

    def resolve(self, outbox_id: int, *, delivered: bool, who: str) -> str:
        now, days = self.store.clock(), self.store.deadline_days
        return self.store._run(
            lambda con: resolve(con, outbox_id, delivered=delivered, who=who, now=now, deadline_days=days)
        )

    def attention(self) -> pd.DataFrame:
        """For the dashboard and the CLI: messages an analyst must look at."""
        return self.store._read(attention)


class JobRuns:
    """The scheduler's record of runs (the dashboard shows ``last()``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def start(self, job: str) -> int:
        now = self.store.clock()
        return self.store._run(lambda con: start_job(con, job, now))

    def finish(self, run_id: int, outcome: str, detail: str = "") -> None:
        now = self.store.clock()
        self.store._run(lambda con: finish_job(con, run_id, outcome, detail, now))

    def last(self) -> pd.DataFrame:
        return self.store._read(last_job_runs)

    def last_started(self, job: str, *, first: bool = False) -> datetime | None:
        return self.store._read(lambda con: last_started(con, job, first=first))
