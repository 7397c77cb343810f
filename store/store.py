"""The Store: the only way into the DuckDB file (writes, case lifecycle, queries, exports).

Each public method is one unit of work (``store.connection.Database.run``): it opens the file, runs
one short transaction and closes it, retrying while another process holds the file. Batched writes
split their input into transactions of about ``batch_size`` findings, so a sweep never holds the
file for long and the dashboard gets its turn between batches.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import pyarrow as pa

from detectors.finding import Finding
from detectors.redact import redact
from seeds.model import Contact, Lao
from store import discovery, export, ingest, lifecycle
from store.connection import Database
from store.errors import UnknownCase, UnknownSweep
from store.models import DocumentRecord, KnownSite, Link, RobotsCopy, SiteRecord, utcnow
from store.privacy import holds_full_id, storable_url
from store.queries import Queries
from store.schema import migrate

if TYPE_CHECKING:
    import pandas as pd

    from core.config import Config

T = TypeVar("T")
Recheck = tuple[str, int | None, str | None, set[str] | None]
"""(url, http_status, content_hash, fingerprints_present) of one re-fetched document."""

SWEEP_PROGRESS = ("sites_total", "sites_done", "pages", "documents", "findings", "errors")
"""Counters of a sweep that have their own columns (the dashboard's progress bar); others go to JSON."""


def _chunks(items: Sequence[ingest.Item], batch_size: int) -> Iterable[Sequence[ingest.Item]]:
    """Consecutive slices holding about ``batch_size`` findings each; a document is never split."""
    start, weight = 0, 0
    for index, (_, findings) in enumerate(items):
        weight += max(1, len(findings))
        if weight >= batch_size:
            yield items[start : index + 1]
            start, weight = index + 1, 0
    if start < len(items):
        yield items[start:]


class Store(Queries):
    """x4watch's findings store on one DuckDB file; cheap to create, safe to share between threads."""

    def __init__(
        self,
        path: str | Path,
        *,
        lock_retry_seconds: float = 30.0,
        deadline_days: int = 15,
        batch_size: int = 500,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = Database(path, lock_retry_seconds=lock_retry_seconds)
        self.path = self.db.path
        self.deadline_days = deadline_days
        self.batch_size = batch_size
        self.clock = clock
        self._migrated = False

    @classmethod
    def from_config(cls, cfg: Config) -> Store:
        """The store as configured: path, lock budget, batch size and the cases' deadline."""
        return cls(
            cfg.store_path,
            lock_retry_seconds=cfg.store.lock_retry_seconds,
            deadline_days=cfg.cases.deadline_days,
            batch_size=cfg.store.batch_size,
        )

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- plumbing -------------------------------------------------------------------------------

    def _run(self, work: Callable[[duckdb.DuckDBPyConnection], T], *, write: bool = True) -> T:
        """One unit of work; the first one also applies pending migrations."""
        if not self._migrated:
            self.db.run(lambda con: migrate(con, str(self.path)))
            self._migrated = True
        return self.db.run(work, write=write)

    def _read(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        return self._run(work, write=False)

    def migrate(self) -> None:
        """Create or upgrade the schema now (otherwise done on first use)."""
        self._run(lambda con: None)

    # -- reference data -------------------------------------------------------------------------

    def upsert_laos(self, laos: Iterable[Lao]) -> int:
        """Insert or update LAO rows from the seed list; returns how many were given.

        Cases and their events repeat their LAO's province code (for fast provincial counts): an LAO
        that arrives after its cases, or moves province, has that copy corrected here.
        """
        rows = list(laos)
        if not rows:
            return 0
        now = self.clock()
        table = pa.Table.from_pylist(
            [{**{f.name: _plain(getattr(lao, f.name)) for f in fields(Lao)}, "updated_at": now} for lao in rows]
        )
        columns = [f.name for f in fields(Lao)] + ["updated_at"]

        def work(con: duckdb.DuckDBPyConnection) -> None:
            _upsert(con, "laos", table, columns, ("code",))
            for statement in _COPY_PROVINCE:
                con.execute(statement)

        self._run(work)
        return len(rows)

    def upsert_contacts(self, rows: Iterable[Contact | Mapping[str, Any]]) -> int:
        """Insert or update coordinator contacts (Contact records or mappings with the same keys)."""
        now = self.clock()
        names = [f.name for f in fields(Contact)]
        records = [
            {**(asdict(r) if isinstance(r, Contact) else {n: r.get(n, "") for n in names}), "updated_at": now}
            for r in rows
        ]
        if not records:
            return 0
        table = pa.Table.from_pylist(records)
        self._run(lambda con: _upsert(con, "contacts", table, [*names, "updated_at"], ("lao_code",)))
        return len(records)

    # -- discovery: contact candidates, site decisions, probes, coverage (store.discovery) -----------

    def record_contact_candidates(self, rows: Iterable[tuple[str, str, str, str]]) -> int:
        """(LAO code, kind, value, page URL) an LAO publishes; never mailed until confirmed."""
        found = list(rows)
        return self._run(lambda con: discovery.record_contact_candidates(con, found, self.clock()))

    def contact_candidates(
        self, *, lao_code: str | None = None, status: str | None = None
    ) -> list[discovery.ContactCandidate]:
        return self._read(lambda con: discovery.contact_candidates(con, lao_code=lao_code, status=status))

    def decide_contact(self, lao_code: str, kind: str, value: str, status: str, who: str) -> bool:
        """An analyst confirms or rejects a candidate; a confirmed e-mail becomes a coordinator address."""
        key = (lao_code, kind, value)
        return self._run(lambda con: discovery.decide_contact(con, key, status, who, self.clock()))

    def record_site_decision(self, lao_code: str, website: str, action: str, who: str, note: str = "") -> None:
        """An analyst's website for an LAO (confirmed, entered or imported), with who and when."""
        decision = discovery.SiteDecision(lao_code, website, action, who, self.clock(), note)
        self._run(lambda con: discovery.record_site_decision(con, decision))

    def site_decisions(self) -> dict[str, discovery.SiteDecision]:
        return self._read(discovery.site_decisions)

    def record_probes(self, probes: Sequence[discovery.Probe]) -> int:
        return self._run(lambda con: discovery.record_probes(con, probes))

    def probes(self, lao_codes: Sequence[str] | None = None) -> list[discovery.Probe]:
        return self._read(lambda con: discovery.probes(con, lao_codes))

    def refused_since(self, since: datetime) -> set[tuple[str, str]]:
        """(LAO code, host) probes refused since ``since`` (a resumed discovery skips them)."""
        return self._read(lambda con: discovery.refused_since(con, since))

    def contact_codes(self) -> set[str]:
        """LAOs with a coordinator e-mail address."""
        return self._read(discovery.contact_codes)

    def record_coverage(self, row: discovery.CoverageDay) -> None:
        self._run(lambda con: discovery.record_coverage(con, row))

    def coverage_history(self) -> list[discovery.CoverageDay]:
        return self._read(discovery.coverage_history)

    def laos_without_site(self, province_code: str | None = None) -> pd.DataFrame:
        """LAOs with neither a website nor a decided one (the analysts' work list)."""
        return self._read(lambda con: discovery.laos_without_site(con, province_code))

    def record_sites(self, sweep_id: int | None, sites: Sequence[SiteRecord]) -> int:
        """What a sweep learned about each LAO's website (one row per LAO, latest wins)."""
        if not sites:
            return 0
        now = self.clock()
        rows = [
            {
                **asdict(s),
                "reason": redact(s.reason),
                "tls_issues": list(s.tls_issues),
                "spam_examples": [storable_url(url) for url in s.spam_examples],
                "last_sweep": sweep_id,
                "checked_at": now,
            }
            for s in sites
        ]
        types = {"http_status": pa.int32(), "pages": pa.int32(), "documents": pa.int32(), "spam_pages": pa.int32()}
        types |= {"tls_legacy": pa.bool_(), "tls_issues": pa.list_(pa.string()), "spam_examples": pa.list_(pa.string())}
        schema = [(f.name, types.get(f.name, pa.string())) for f in fields(SiteRecord)]
        table = pa.Table.from_pylist(
            rows, schema=pa.schema([*schema, ("last_sweep", pa.int64()), ("checked_at", pa.timestamp("us"))])
        )
        columns = [f.name for f in fields(SiteRecord)] + ["last_sweep", "checked_at"]
        self._run(lambda con: _upsert(con, "sites", table, columns, ("lao_code",)))
        return len(sites)

    # -- sweeps ---------------------------------------------------------------------------------

    def start_sweep(self, kind: str, params: Mapping[str, Any]) -> int:
        """Open a sweep record (kind ``sweep`` or ``recheck``); returns its id."""
        now = self.clock()

        def work(con: duckdb.DuckDBPyConnection) -> int:
            row = con.execute(
                "INSERT INTO sweeps (kind, params, started_at, status, counts, updated_at) "
                "VALUES (?, ?, ?, 'running', '{}', ?) RETURNING id",
                [kind, json.dumps(dict(params), sort_keys=True, default=str), now, now],
            ).fetchone()
            assert row is not None
            return int(row[0])

        return self._run(work)

    def update_sweep(self, sweep_id: int, counts: Mapping[str, Any]) -> None:
        """Progress of a running sweep: progress counters to columns, the rest merged into ``counts``."""
        self._run(lambda con: _set_sweep(con, sweep_id, counts, None, self.clock()))

    def finish_sweep(self, sweep_id: int, status: str, counts: Mapping[str, Any]) -> None:
        """Close a sweep with its final status (``done``, ``failed``, ``interrupted``...) and counts."""
        self._run(lambda con: _set_sweep(con, sweep_id, counts, status, self.clock()))

    def record_errors(self, sweep_id: int, errors: Sequence[tuple[str, str, str, str]]) -> int:
        """(lao_code, url, error_type, reason) rows; the same error twice in a sweep is kept once."""
        if not errors:
            return 0
        now = self.clock()
        table = pa.table(
            {
                "sweep_id": pa.array([sweep_id] * len(errors), pa.int64()),
                "lao_code": pa.array([e[0] for e in errors], pa.string()),
                "url": pa.array([storable_url(e[1] or "") for e in errors], pa.string()),
                "error_type": pa.array([e[2] for e in errors], pa.string()),
                "reason": pa.array([redact(e[3]) for e in errors], pa.string()),  # timeouts name the URL
                "at": pa.array([now] * len(errors), pa.timestamp("us")),
            }
        )
        keys = ("sweep_id", "lao_code", "url", "error_type")
        self._run(lambda con: _upsert(con, "sweep_errors", table, list(table.column_names), keys))
        return len(errors)

    # -- documents and findings -----------------------------------------------------------------

    def record_documents(
        self, sweep_id: int | None, items: Sequence[tuple[DocumentRecord, Sequence[Finding]]]
    ) -> ingest.BatchResult:
        """Documents with their findings, in transactions of about ``batch_size`` findings each.

        Idempotent (see ``store.ingest``): re-sending a batch after a crash doubles nothing. Each
        transaction commits on its own, so a kill loses at most the batch in flight, which the
        resumed sweep sends again.
        """
        total = ingest.BatchResult()
        for chunk in _chunks(items, self.batch_size):
            total.add(self._record_chunk(sweep_id, chunk))
        return total

    def _record_chunk(self, sweep_id: int | None, chunk: Sequence[ingest.Item]) -> ingest.BatchResult:
        now = self.clock()
        return self._run(lambda con: ingest.record_batch(con, sweep_id, chunk, now, self.deadline_days))

    def record_robots(self, rows: Sequence[tuple[str, str, bytes]]) -> int:
        """(lao_code, netloc, body) of robots.txt files just fetched, replacing the stored ones.

        A body that holds a full ID is not kept (the next sweep asks for it again): robots.txt is no
        evidence, so the store has no reason to hold one. Returns how many were kept.
        """
        kept = [r for r in rows if not holds_full_id(r[2].decode("utf-8", "replace"))]
        if not kept:
            return 0
        now = self.clock()
        table = pa.table(
            {
                "lao_code": pa.array([r[0] for r in kept], pa.string()),
                "netloc": pa.array([r[1] for r in kept], pa.string()),
                "body": pa.array([r[2] for r in kept], pa.binary()),
                "fetched_at": pa.array([now] * len(kept), pa.timestamp("us")),
            }
        )
        self._run(lambda con: _upsert(con, "robots", table, list(table.column_names), ("lao_code", "netloc")))
        return len(kept)

    def known_document(self, url: str) -> DocumentRecord | None:
        """The stored record of ``url`` (for conditional requests and skipping unchanged bytes)."""
        found = self._read(lambda con: _document_records(con, "url", storable_url(url)))
        return found[0] if found else None

    def known_sites(self, lao_codes: Sequence[str]) -> dict[str, KnownSite]:
        """What a sweep needs to know of these LAOs before visiting them, in one unit of work: every
        document record by URL (validators and page links included), the URLs with open cases, the
        URLs that timed out since they were last read (``crawler.revisit.retry_after``), and the
        robots.txt of each host (``crawler.robots``).

        One call for a block of sites, because opening the file costs more than the query (about
        20 ms against 2 ms per site here): per site, it was a third of a re-sweep's time.
        """

        def work(con: duckdb.DuckDBPyConnection) -> dict[str, KnownSite]:
            documents: dict[str, dict[str, DocumentRecord]] = {code: {} for code in lao_codes}
            for record in _document_records(con, "lao_code", list(lao_codes)):
                documents[record.lao_code][record.url] = record
            open_urls: dict[str, set[str]] = {code: set() for code in lao_codes}
            rows = con.execute(
                "SELECT DISTINCT lao_code, url FROM cases WHERE is_open AND list_contains(?, lao_code)",
                [list(lao_codes)],
            ).fetchall()
            for code, url in rows:
                open_urls[code].add(url)
            timeouts: dict[str, dict[str, tuple[int, datetime]]] = {code: {} for code in lao_codes}
            for code, url, times, last in con.execute(_TIMEOUTS, [list(lao_codes)]).fetchall():
                timeouts[code][url] = (times, last)
            robots: dict[str, dict[str, RobotsCopy]] = {code: {} for code in lao_codes}
            for code, netloc, body, fetched_at in con.execute(_ROBOTS, [list(lao_codes)]).fetchall():
                robots[code][netloc] = RobotsCopy(bytes(body), fetched_at)
            return {
                code: KnownSite(documents[code], frozenset(open_urls[code]), timeouts[code], robots[code])
                for code in lao_codes
            }

        return self._read(work)

    def record_recheck(
        self,
        sweep_id: int | None,
        url: str,
        http_status: int | None,
        content_hash: str | None,
        fingerprints_present: set[str] | None,
    ) -> ingest.BatchResult:
        """A re-check of one document: closes gone leaks as remediated, reopens returning ones.

        ``fingerprints_present`` is what the re-fetched document still holds (None: it could not be
        read); a 404 or 410 counts as holding nothing. See ``store.ingest.record_recheck``.
        """
        return self.record_rechecks(sweep_id, [(url, http_status, content_hash, fingerprints_present)])

    def record_rechecks(self, sweep_id: int | None, rows: Sequence[Recheck]) -> ingest.BatchResult:
        """Several re-checks, (url, http_status, content_hash, fingerprints_present), in one unit of work."""
        now = self.clock()

        def work(con: duckdb.DuckDBPyConnection) -> ingest.BatchResult:
            total = ingest.BatchResult()
            for url, status, content_hash, present in rows:
                total.add(
                    ingest.record_recheck(con, sweep_id, url, status, content_hash, present, now, self.deadline_days)
                )
            return total

        return self._run(work) if rows else ingest.BatchResult()

    def note_unreachable(self, sweep_id: int | None, rows: Sequence[tuple[str, str]]) -> int:
        """Note on each open case of these (lao_code, stored URL) documents that the sweep could not
        see it: no link led to it, and its stored address is masked, so it cannot be asked for.

        Nothing concludes from that (the file may still be online for whoever has its address), so
        the case stays open and the analyst is told to check it by hand. Once per case until it is
        seen again: a remark newer than the case's ``last_seen`` is not repeated. Returns how many
        cases got one.
        """
        if not rows:
            return 0
        now = self.clock()
        note = (
            f"{UNREACHABLE_NOTE} in sweep {sweep_id}, and its address holds an ID, so it cannot be asked for: "
            "check by hand whether it is still online"
        )

        def work(con: duckdb.DuckDBPyConnection) -> int:
            found = con.execute(
                _UNREACHABLE_CASES, [[r[0] for r in rows], [r[1] for r in rows], f"{UNREACHABLE_NOTE}%"]
            ).fetchall()
            for case_id, state in found:
                lifecycle.record_remark(con, case_id, state, who=lifecycle.SYSTEM, note=note, now=now)
            return len(found)

        return self._run(work)

    # -- case lifecycle -------------------------------------------------------------------------

    def transition(self, case_id: int, to_state: str, who: str, note: str = "") -> None:
        """Move one case; raises IllegalTransition (nothing written) if the lifecycle forbids it."""
        self.bulk_transition([case_id], to_state, who, note)

    def bulk_transition(self, case_ids: Iterable[int], to_state: str, who: str, note: str = "") -> int:
        """Move several cases at once, all or none: one illegal change refuses the whole set."""
        ids = sorted(set(case_ids))
        lifecycle.check_state(to_state)
        now = self.clock()

        def work(con: duckdb.DuckDBPyConnection) -> int:
            changes = [lifecycle.Change(cid, state) for cid, state in _states(con, ids).items()]
            return lifecycle.apply(
                con, changes, to_state, who=who, note=note, now=now, deadline_days=self.deadline_days
            )

        return self._run(work) if ids else 0

    def assign(self, case_ids: Iterable[int], assignee: str, who: str) -> int:
        """Give cases to an analyst (empty string: unassign); noted in each case's history."""
        ids = sorted(set(case_ids))
        now = self.clock()

        def work(con: duckdb.DuckDBPyConnection) -> int:
            for cid, state in _states(con, ids).items():
                con.execute("UPDATE cases SET assignee = ?, updated_at = ? WHERE id = ?", [assignee or None, now, cid])
                lifecycle.record_remark(con, cid, state, who=who, note=f"assigned to {assignee or 'nobody'}", now=now)
            return len(ids)

        return self._run(work) if ids else 0

    # -- exports --------------------------------------------------------------------------------

    def export_findings(
        self, path: str | Path, *, province_code: str | None = None, lao_code: str | None = None
    ) -> Path:
        """Findings of a province or an LAO (or all) to .csv, .xlsx or .parquet."""
        return export.write(self.findings(province_code=province_code, lao_code=lao_code), path)

    def export_cases(self, path: str | Path, *, province_code: str | None = None, lao_code: str | None = None) -> Path:
        """Cases of a province or an LAO (or all) to .csv, .xlsx or .parquet."""
        return export.write(self.cases(province_code=province_code, lao_code=lao_code), path)

    def add_note(self, case_id: int, who: str, note: str) -> None:
        """A comment in a case's history that changes nothing else."""
        now = self.clock()

        def work(con: duckdb.DuckDBPyConnection) -> None:
            state = _states(con, [case_id])[case_id]
            lifecycle.record_remark(con, case_id, state, who=who, note=note, now=now)

        self._run(work)


_COPY_PROVINCE = (
    "UPDATE cases SET province_code = l.province_code FROM laos l "
    "WHERE cases.lao_code = l.code AND cases.province_code IS DISTINCT FROM l.province_code",
    "UPDATE case_events SET province_code = c.province_code FROM cases c "
    "WHERE case_events.case_id = c.id AND case_events.province_code IS DISTINCT FROM c.province_code",
)
"""Re-copy LAO province codes into cases, then from cases into their events."""

_RECORD_FIELDS = tuple(f.name for f in fields(DocumentRecord) if f.name != "links")
_RECORD_COLUMNS = ", ".join(
    [*_RECORD_FIELDS, "list_transform(links, lambda k: k.url)", "list_transform(links, lambda k: k.priority)"]
)
"""A record's columns in field order, its links as two lists (read back far faster than structs)."""

UNREACHABLE_NOTE = "no link of its site led to it"
_UNREACHABLE_CASES = """
SELECT c.id, c.state
FROM cases c JOIN (SELECT unnest($1) AS lao_code, unnest($2) AS url) r
  ON c.lao_code = r.lao_code AND split_part(c.url, '!', 1) = r.url  -- an archive's members with it
WHERE c.is_open AND NOT EXISTS (
    SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.note LIKE $3 AND e."at" > c.last_seen
)
ORDER BY c.id
"""
_ROBOTS = "SELECT lao_code, netloc, body, fetched_at FROM robots WHERE list_contains(?, lao_code)"
_TIMEOUTS = """
SELECT e.lao_code, e.url, count(DISTINCT e.sweep_id) AS times, max(e."at") AS last
FROM sweep_errors e LEFT JOIN documents d ON d.url = e.url
WHERE e.error_type = 'timeout' AND list_contains(?, e.lao_code) AND (d.fetched_at IS NULL OR e."at" > d.fetched_at)
GROUP BY e.lao_code, e.url
"""
"""Per URL of these LAOs, the sweeps in which its fetch timed out since it was last read, and the last time."""


def _document_records(con: duckdb.DuckDBPyConnection, column: str, value: str | list[str]) -> list[DocumentRecord]:
    """Stored documents whose ``column`` (url or lao_code: ours, never user input) equals ``value``
    (or one of the values of a list)."""
    condition = f"list_contains(?, {column})" if isinstance(value, list) else f"{column} = ?"
    rows = con.execute(
        f"SELECT {_RECORD_COLUMNS} FROM documents WHERE {condition}",  # noqa: S608
        [value],
    ).fetchall()
    records = []
    for *values, urls, priorities in rows:
        links = None if urls is None else tuple(map(Link, urls, priorities))
        records.append(DocumentRecord(**dict(zip(_RECORD_FIELDS, values, strict=True)), links=links))
    return records


def _plain(value: Any) -> Any:
    """Enum members as their values, for Arrow."""
    return getattr(value, "value", value)


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, columns: Sequence[str], keys: Sequence[str]
) -> None:
    """INSERT ... SELECT from an Arrow table, updating non-key columns on conflict."""
    con.register("upsert_rows", rows)
    try:
        cols = ", ".join(f'"{c}"' for c in columns)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
        con.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM upsert_rows "  # noqa: S608 - names are ours
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
        )
    finally:
        con.unregister("upsert_rows")


def _set_sweep(
    con: duckdb.DuckDBPyConnection,
    sweep_id: int,
    counts: Mapping[str, Any],
    status: str | None,
    now: datetime,
) -> None:
    progress = {k: int(v) for k, v in counts.items() if k in SWEEP_PROGRESS}
    other = {k: v for k, v in counts.items() if k not in SWEEP_PROGRESS}
    row = con.execute("SELECT counts FROM sweeps WHERE id = ?", [sweep_id]).fetchone()
    if row is None:
        raise UnknownSweep(sweep_id)
    merged = {**json.loads(row[0] or "{}"), **other}
    sets = "".join(f", {k} = ?" for k in progress)
    params: list[Any] = [json.dumps(merged, sort_keys=True, default=str), now, *progress.values()]
    if status is not None:
        sets += ", status = ?, finished_at = ?"
        params += [status, now]
    con.execute(f"UPDATE sweeps SET counts = ?, updated_at = ?{sets} WHERE id = ?", [*params, sweep_id])  # noqa: S608


def _states(con: duckdb.DuckDBPyConnection, ids: Sequence[int]) -> dict[int, str]:
    """Current state of each case id; UnknownCase if any is missing."""
    con.register("wanted_cases", pa.table({"id": pa.array(list(ids), pa.int64())}))
    try:
        rows = con.execute("SELECT c.id, c.state FROM cases c JOIN wanted_cases w USING (id)").fetchall()
    finally:
        con.unregister("wanted_cases")
    states = {int(cid): str(state) for cid, state in rows}
    missing = [cid for cid in ids if cid not in states]
    if missing:
        raise UnknownCase(missing)
    return states
