"""Store work for discovery: contact candidates, analysts' site decisions, probes, coverage history.

Each function takes an open connection (``Store`` wraps them in its lock-retrying units of work).
A contact candidate reaches ``contacts``, the table notify mails, only through ``decide_contact``
with ``confirmed``: what a crawler read on a page is never mailed on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

CANDIDATE, CONFIRMED, REJECTED = "candidate", "confirmed", "rejected"
DECISIONS = (CONFIRMED, REJECTED)
SITE_ACTIONS = ("confirmed", "entered", "imported", "discovered")


@dataclass(frozen=True, slots=True)
class ContactCandidate:
    lao_code: str
    kind: str
    """``email`` or ``phone`` (an office landline, digits only)."""
    value: str
    source_url: str
    first_seen: datetime
    last_seen: datetime
    status: str
    decided_by: str | None
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class SiteDecision:
    lao_code: str
    website: str
    action: str
    decided_by: str
    decided_at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class Probe:
    lao_code: str
    host: str
    source: str
    outcome: str
    """``accepted`` or ``refused``."""
    reason: str
    probed_at: datetime


@dataclass(frozen=True, slots=True)
class CoverageDay:
    day: date
    laos: int
    with_site: int
    with_contact: int
    contact_candidates: int


def record_contact_candidates(
    con: duckdb.DuckDBPyConnection, rows: Iterable[tuple[str, str, str, str]], now: datetime
) -> int:
    """(LAO code, kind, value, page URL) seen now; a known one keeps its status and first sighting."""
    found = list(dict.fromkeys(rows))
    if not found:
        return 0
    con.executemany(
        "INSERT INTO contact_candidates (lao_code, kind, value, source_url, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lao_code, kind, value) DO UPDATE SET "
        "last_seen = excluded.last_seen, source_url = excluded.source_url",
        [[lao, kind, value, url, now, now] for lao, kind, value, url in found],
    )
    return len(found)


def contact_candidates(
    con: duckdb.DuckDBPyConnection, *, lao_code: str | None = None, status: str | None = None
) -> list[ContactCandidate]:
    rows = con.execute(
        "SELECT * FROM contact_candidates WHERE (? IS NULL OR lao_code = ?) AND (? IS NULL OR status = ?) "
        "ORDER BY lao_code, kind, value",
        [lao_code, lao_code, status, status],
    ).fetchall()
    return [ContactCandidate(*row) for row in rows]


def decide_contact(
    con: duckdb.DuckDBPyConnection, key: tuple[str, str, str], status: str, who: str, now: datetime
) -> bool:
    """Confirm or reject a candidate; a confirmed e-mail joins the LAO's coordinator addresses.
    False when there is no such candidate."""
    if status not in DECISIONS:
        raise ValueError(f"a contact is confirmed or rejected, not {status!r}")
    lao, kind, value = key
    found = con.execute(
        "UPDATE contact_candidates SET status = ?, decided_by = ?, decided_at = ? "
        "WHERE lao_code = ? AND kind = ? AND value = ? RETURNING lao_code",
        [status, who, now, lao, kind, value],
    ).fetchall()
    if not found:
        return False
    if status == CONFIRMED and kind == "email":
        row = con.execute("SELECT coordinator_email FROM contacts WHERE lao_code = ?", [lao]).fetchone()
        current = [a.strip() for a in (row[0] or "").split(",") if a.strip()] if row else []
        addresses = ", ".join(dict.fromkeys([*current, value]))
        con.execute(
            "INSERT INTO contacts (lao_code, coordinator_name, coordinator_email, province_office_email, updated_at) "
            "VALUES (?, '', ?, '', ?) ON CONFLICT (lao_code) DO UPDATE SET "
            "coordinator_email = excluded.coordinator_email, updated_at = excluded.updated_at",
            [lao, addresses, now],
        )
    return True


def record_site_decision(con: duckdb.DuckDBPyConnection, decision: SiteDecision) -> None:
    if decision.action not in SITE_ACTIONS:
        raise ValueError(f"unknown site decision {decision.action!r}")
    con.execute(
        "INSERT INTO site_decisions VALUES (?, ?, ?, ?, ?, ?)",
        [
            decision.lao_code,
            decision.website,
            decision.action,
            decision.decided_by,
            decision.decided_at,
            decision.note,
        ],
    )


def site_decisions(con: duckdb.DuckDBPyConnection) -> dict[str, SiteDecision]:
    """The latest decision per LAO."""
    rows = con.execute(
        "SELECT * FROM site_decisions QUALIFY row_number() OVER (PARTITION BY lao_code ORDER BY decided_at DESC) = 1"
    ).fetchall()
    return {row[0]: SiteDecision(*row) for row in rows}


def record_probes(con: duckdb.DuckDBPyConnection, probes: Sequence[Probe]) -> int:
    if not probes:
        return 0
    con.executemany(
        "INSERT INTO discovery_probes VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lao_code, host) DO UPDATE SET "
        "source = excluded.source, outcome = excluded.outcome, reason = excluded.reason, "
        "probed_at = excluded.probed_at",
        [[p.lao_code, p.host, p.source, p.outcome, p.reason, p.probed_at] for p in probes],
    )
    return len(probes)


def probes(con: duckdb.DuckDBPyConnection, lao_codes: Sequence[str] | None = None) -> list[Probe]:
    if lao_codes is None:
        rows = con.execute("SELECT * FROM discovery_probes ORDER BY lao_code, probed_at").fetchall()
    else:
        rows = con.execute(
            "SELECT * FROM discovery_probes WHERE list_contains(?, lao_code) ORDER BY lao_code, probed_at",
            [list(lao_codes)],
        ).fetchall()
    return [Probe(*row) for row in rows]


def refused_since(con: duckdb.DuckDBPyConnection, since: datetime) -> set[tuple[str, str]]:
    """(LAO code, host) pairs refused at or after ``since``: a resumed run skips them."""
    rows = con.execute(
        "SELECT lao_code, host FROM discovery_probes WHERE outcome = 'refused' AND probed_at >= ?", [since]
    ).fetchall()
    return {(lao, host) for lao, host in rows}


def contact_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """LAOs with a coordinator e-mail address (what notify can mail)."""
    rows = con.execute("SELECT lao_code FROM contacts WHERE coalesce(coordinator_email, '') <> ''").fetchall()
    return {row[0] for row in rows}


def record_coverage(con: duckdb.DuckDBPyConnection, row: CoverageDay) -> None:
    con.execute(
        "INSERT INTO coverage_history VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET "
        "laos = excluded.laos, with_site = excluded.with_site, with_contact = excluded.with_contact, "
        "contact_candidates = excluded.contact_candidates",
        [row.day, row.laos, row.with_site, row.with_contact, row.contact_candidates],
    )


def coverage_history(con: duckdb.DuckDBPyConnection) -> list[CoverageDay]:
    rows = con.execute("SELECT * FROM coverage_history ORDER BY day").fetchall()
    return [CoverageDay(*row) for row in rows]


def laos_without_site(con: duckdb.DuckDBPyConnection, province_code: str | None) -> pd.DataFrame:
    """LAOs of the store's list that have no website and no decided one, by province then code,
    with how many hosts were probed for each and how many contact candidates await review."""
    return con.execute(
        """
        SELECT l.code AS lao_code, l.type AS lao_type, l.name AS lao_name, l.province_code, l.province,
               l.district,
               (SELECT count(*) FROM discovery_probes p WHERE p.lao_code = l.code) AS probes,
               (SELECT count(*) FROM contact_candidates c
                 WHERE c.lao_code = l.code AND c.status = 'candidate') AS contact_candidates
        FROM laos l
        WHERE coalesce(l.website, '') = ''
          AND NOT EXISTS (SELECT 1 FROM site_decisions d WHERE d.lao_code = l.code)
          AND (? IS NULL OR l.province_code = ?)
        ORDER BY l.province_code, l.code
        """,
        [province_code, province_code],
    ).df()
