"""SQL of the coordinators' portal: its links (tokens) and what one LAO may see and do.

Every read and write here takes the LAO code as a bound parameter and filters on it in SQL, so a
coordinator's link reaches that LAO's cases and no other, whatever ids or URLs a form sends. The
links table keeps a token's id and hash, never the token (``store/migrations/m0010_portal.py``).

``PortalData(store)`` wraps each function in one unit of work of the given Store, as
``store.outbox.Outbox`` does for notify.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from store import lifecycle

if TYPE_CHECKING:
    from store.store import Store


@dataclass(frozen=True, slots=True)
class TokenRow:
    """What the store knows of one link."""

    id: str
    token_hash: str
    lao_code: str
    expires_at: datetime
    revoked: bool
    outbox_key: str | None = None


@dataclass(frozen=True, slots=True)
class LaoCase:
    """One case as the LAO's page shows it: masked evidence only."""

    id: int
    url: str
    page: int | None
    kind: str
    masked: str
    snippet: str
    state: str
    deadline: datetime | None
    notified_at: datetime | None
    last_note: str = ""
    """The note of the case's latest event (a re-check's verdict, the LAO's own report...)."""


@dataclass(frozen=True, slots=True)
class LaoInfo:
    code: str
    type: str
    name: str
    province: str


_LINK_COLUMNS = "id, token_hash, lao_code, expires_at, revoked, outbox_key"


def record_token(con: duckdb.DuckDBPyConnection, row: TokenRow, now: datetime) -> bool:
    """Keep a new link's id and hash; a link already kept (same id) is left as it is."""
    found = con.execute(
        "INSERT INTO portal_tokens (id, token_hash, lao_code, outbox_key, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
        [row.id, row.token_hash, row.lao_code, row.outbox_key, now, row.expires_at],
    ).fetchone()
    return found is not None


def _token(row: tuple[Any, ...] | None) -> TokenRow | None:
    if row is None:
        return None
    id_, token_hash, lao, expires, revoked, key = row
    return TokenRow(str(id_), str(token_hash), str(lao), expires, bool(revoked), None if key is None else str(key))


def token(con: duckdb.DuckDBPyConnection, token_id: str) -> TokenRow | None:
    return _token(con.execute(f"SELECT {_LINK_COLUMNS} FROM portal_tokens WHERE id = ?", [token_id]).fetchone())  # noqa: S608


def token_for_outbox(con: duckdb.DuckDBPyConnection, outbox_key: str) -> TokenRow | None:
    """The link issued for the alert mail ``outbox_key`` (None when it carried none)."""
    return _token(
        con.execute(
            f"SELECT {_LINK_COLUMNS} FROM portal_tokens WHERE outbox_key = ? ORDER BY created_at DESC LIMIT 1",  # noqa: S608
            [outbox_key],
        ).fetchone()
    )


def touch(con: duckdb.DuckDBPyConnection, token_id: str, now: datetime) -> None:
    con.execute("UPDATE portal_tokens SET last_used_at = ? WHERE id = ?", [now, token_id])


def revoke(
    con: duckdb.DuckDBPyConnection, *, lao_code: str | None, token_id: str | None, who: str, now: datetime
) -> int:
    """Revoke one link (by id) or every link of an LAO; returns how many were still valid."""
    rows = con.execute(
        "UPDATE portal_tokens SET revoked = true, revoked_at = ?, revoked_by = ? "
        "WHERE NOT revoked AND (? IS NULL OR lao_code = ?) AND (? IS NULL OR id = ?) RETURNING id",
        [now, who, lao_code, lao_code, token_id, token_id],
    ).fetchall()
    return len(rows)


def tokens(con: duckdb.DuckDBPyConnection, lao_code: str | None) -> pd.DataFrame:
    """Links (never the tokens): id, LAO, created, expires, revoked, last used; newest first."""
    return con.execute(
        "SELECT id, lao_code, created_at, expires_at, revoked, revoked_at, revoked_by, last_used_at, outbox_key "
        "FROM portal_tokens WHERE ? IS NULL OR lao_code = ? ORDER BY created_at DESC",
        [lao_code, lao_code],
    ).df()


def lao_info(con: duckdb.DuckDBPyConnection, lao_code: str) -> LaoInfo | None:
    row = con.execute("SELECT code, type, name, province FROM laos WHERE code = ?", [lao_code]).fetchone()
    return None if row is None else LaoInfo(*(str(v) for v in row))


_LAO_CASES = """
SELECT c.id, c.url,
       (SELECT min(f.page) FROM findings f WHERE f.url = c.url AND f.fingerprint = c.fingerprint AND f.page > 0),
       c.kind, c.masked,
       (SELECT arg_min(f.snippet, f.page * 1000000 + f.start) FROM findings f
         WHERE f.url = c.url AND f.fingerprint = c.fingerprint),
       c.state, c.deadline, c.notified_at,
       (SELECT arg_max(e.note, e.id) FROM case_events e WHERE e.case_id = c.id)
FROM cases c
WHERE c.lao_code = ? AND c.is_open AND c.notified_at IS NOT NULL
ORDER BY c.url, c.id
"""


def lao_cases(con: duckdb.DuckDBPyConnection, lao_code: str) -> list[LaoCase]:
    """The LAO's open cases it was told about (notified at some point), by document."""
    rows = con.execute(_LAO_CASES, [lao_code]).fetchall()
    return [
        LaoCase(int(i), str(u), None if p is None else int(p), str(k), str(m), str(s or ""), str(st), d, n, e or "")
        for i, u, p, k, m, s, st, d, n, e in rows
    ]


def acknowledge(
    con: duckdb.DuckDBPyConnection, lao_code: str, case_ids: Sequence[int], *, who: str, now: datetime, days: int
) -> int:
    """``notified → acknowledged`` for those of ``case_ids`` that are this LAO's and notified."""
    rows = con.execute(
        "SELECT id FROM cases WHERE lao_code = ? AND state = 'notified' AND list_contains(?, id)",
        [lao_code, sorted(set(case_ids))],
    ).fetchall()
    changes = [lifecycle.Change(int(r[0]), "notified") for r in rows]
    note = "the LAO acknowledged the notice (coordinators' portal)"
    return lifecycle.apply(con, changes, "acknowledged", who=who, note=note, now=now, deadline_days=days)


def report_fixed(
    con: duckdb.DuckDBPyConnection, lao_code: str, urls: Sequence[str], *, who: str, now: datetime
) -> list[str]:
    """Note on this LAO's open cases of ``urls`` that the LAO says the document was removed or
    replaced; returns the URLs that had such cases (what to re-check). States do not change here:
    only the re-check may close a case."""
    rows = _open_cases(con, lao_code, urls)
    note = "the LAO reports the document removed or replaced (coordinators' portal); re-check requested"
    for case_id, state, _ in rows:
        lifecycle.record_remark(con, case_id, state, who=who, note=note, now=now)
    return sorted({url for _, _, url in rows})


def _open_cases(con: duckdb.DuckDBPyConnection, lao_code: str, urls: Sequence[str]) -> list[tuple[int, str, str]]:
    """(case id, state, URL) of this LAO's open cases of ``urls``, by id."""
    rows = con.execute(
        "SELECT id, state, url FROM cases WHERE lao_code = ? AND is_open AND list_contains(?, url) ORDER BY id",
        [lao_code, sorted(set(urls))],
    ).fetchall()
    return [(int(i), str(s), str(u)) for i, s, u in rows]


def still_open(con: duckdb.DuckDBPyConnection, lao_code: str, urls: Sequence[str]) -> list[tuple[int, str]]:
    """(case id, state) of this LAO's cases of ``urls`` still open."""
    return [(case_id, state) for case_id, state, _ in _open_cases(con, lao_code, urls)]


class PortalData:
    """The portal's view of the store: each method is one unit of work."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record_token(self, row: TokenRow) -> bool:
        now = self.store.clock()
        return self.store._run(lambda con: record_token(con, row, now))

    def token(self, token_id: str) -> TokenRow | None:
        return self.store._read(lambda con: token(con, token_id))

    def token_for_outbox(self, outbox_key: str) -> TokenRow | None:
        return self.store._read(lambda con: token_for_outbox(con, outbox_key))

    def touch(self, token_id: str) -> None:
        now = self.store.clock()
        self.store._run(lambda con: touch(con, token_id, now))

    def revoke(self, *, who: str, lao_code: str | None = None, token_id: str | None = None) -> int:
        if lao_code is None and token_id is None:
            raise ValueError("revoke needs an LAO code or a link id")
        now = self.store.clock()
        return self.store._run(lambda con: revoke(con, lao_code=lao_code, token_id=token_id, who=who, now=now))

    def tokens(self, lao_code: str | None = None) -> pd.DataFrame:
        return self.store._read(lambda con: tokens(con, lao_code))

    def lao_info(self, lao_code: str) -> LaoInfo | None:
        return self.store._read(lambda con: lao_info(con, lao_code))

    def lao_cases(self, lao_code: str) -> list[LaoCase]:
        return self.store._read(lambda con: lao_cases(con, lao_code))

    def acknowledge(self, lao_code: str, case_ids: Sequence[int], who: str) -> int:
        now, days = self.store.clock(), self.store.deadline_days
        return self.store._run(lambda con: acknowledge(con, lao_code, case_ids, who=who, now=now, days=days))

    def report_fixed(self, lao_code: str, urls: Sequence[str], who: str) -> list[str]:
        now = self.store.clock()
        return self.store._run(lambda con: report_fixed(con, lao_code, urls, who=who, now=now))

    def still_open(self, lao_code: str, urls: Sequence[str]) -> list[tuple[int, str]]:
        return self.store._read(lambda con: still_open(con, lao_code, urls))

    def remark(self, case_ids: Sequence[tuple[int, str]], who: str, note: str) -> None:
        now = self.store.clock()

        def work(con: duckdb.DuckDBPyConnection) -> None:
            for case_id, state in case_ids:
                lifecycle.record_remark(con, case_id, state, who=who, note=note, now=now)

        self.store._run(work)
