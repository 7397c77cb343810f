"""Read queries: what the dashboard, notify and reports ask, as DataFrames or dataclasses.

Callers never write SQL (design.md: the dashboard runs no SQL of its own). Every query is one unit
of work on a fresh connection, so it waits politely (with retries) while a sweep writes. Filters are
bound parameters; ``None`` means "all". Timestamps are naive UTC.

Vocabulary: an LAO is *inspected* once a sweep recorded its site or any of its documents; it is
*leaking* while it has an open case; *overdue* is an open case past its deadline; a finding is
*current* when it was seen in the latest fetch of its document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import duckdb
import pandas as pd

from store.errors import UnknownCase
from store.models import Case, Overview, Sweep

T = TypeVar("T")

_OPEN = "c.is_open"
_OVERDUE = "(c.is_open AND c.deadline < $now)"
_CASE_IN_PROVINCE = "($province IS NULL OR c.province_code = $province)"

_LAO_STATS = """
WITH cas AS (SELECT lao_code, sum(cases) AS cases,
                    sum(cases) FILTER (is_open) AS open_cases,
                    sum(cases) FILTER (is_open AND kind = 'thai_id') AS open_thai_id,
                    sum(cases) FILTER (is_open AND kind = 'phone') AS open_phone
             FROM lao_case_counts GROUP BY lao_code),
     late AS (SELECT lao_code, count(*) AS overdue FROM cases c
              WHERE c.is_open AND c.deadline < $now GROUP BY lao_code),
     lao_stats AS (
        SELECT l.code AS lao_code, l.type, l.name, l.province_code, l.province, l.district, l.website,
               l.lat, l.lon,
               coalesce(l.website, '') <> '' AS has_website,
               (s.lao_code IS NOT NULL OR coalesce(doc.documents, 0) > 0) AS inspected,
               coalesce(doc.documents, 0) AS documents, coalesce(doc.findings, 0) AS findings,
               coalesce(cas.cases, 0) AS cases, coalesce(cas.open_cases, 0) AS open_cases,
               coalesce(late.overdue, 0) AS overdue, coalesce(cas.open_thai_id, 0) AS open_thai_id,
               coalesce(cas.open_phone, 0) AS open_phone, s.status AS site_status, s.checked_at
        FROM laos l
        LEFT JOIN sites s ON s.lao_code = l.code
        LEFT JOIN lao_document_counts doc ON doc.lao_code = l.code
        LEFT JOIN cas ON cas.lao_code = l.code
        LEFT JOIN late ON late.lao_code = l.code
        WHERE ($province IS NULL OR l.province_code = $province))
"""

_GROUP_COUNTS = """
count(*) AS laos, count(*) FILTER (has_website) AS laos_with_website,
count(*) FILTER (inspected) AS laos_inspected, count(*) FILTER (open_cases > 0) AS laos_leaking,
sum(documents)::BIGINT AS documents, sum(findings)::BIGINT AS findings,
sum(open_cases)::BIGINT AS open_cases, sum(overdue)::BIGINT AS overdue,
sum(open_thai_id)::BIGINT AS open_thai_id, sum(open_phone)::BIGINT AS open_phone,
coalesce(count(*) FILTER (open_cases > 0) / nullif(count(*) FILTER (inspected), 0), 0.0) AS leak_rate
"""

_CASE_COLUMNS = f"""
c.id, c.lao_code, l.type AS lao_type, l.name AS lao_name, l.province_code, l.province, c.url, c.kind,
c.masked, c.fingerprint, c.state, c.assignee, c.deadline, c.opened_at, c.updated_at, c.notified_at,
c.remediated_at, c.first_seen, c.last_seen, coalesce({_OVERDUE}, false) AS overdue
"""

_IN_PROVINCE = "($province IS NULL OR l.province_code = $province)"
_SITE_POSTURE = """
SELECT s.lao_code, l.type AS lao_type, l.name AS lao_name, l.province, s.home_url, s.tls_protocol,
       s.tls_legacy, s.tls_issues, s.spam_pages, s.spam_examples, s.checked_at
FROM sites s JOIN laos l ON l.code = s.lao_code
WHERE (len(s.tls_issues) > 0 OR s.spam_pages > 0) AND ($province IS NULL OR l.province_code = $province)
ORDER BY s.spam_pages > 0 DESC, len(s.tls_issues) DESC, s.lao_code
"""
_LAO_AND_CONTACTS = "LEFT JOIN laos l ON l.code = c.lao_code LEFT JOIN contacts k ON k.lao_code = c.lao_code"
_CONTACT_COLUMNS = "k.coordinator_name, k.coordinator_email, k.province_office_email"


class Queries:
    """Read side of the Store (mixed into ``store.Store``)."""

    clock: Callable[[], datetime]

    def _read(self, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        raise NotImplementedError  # provided by Store

    def _frame(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run one bound query in its own unit of work and return its rows as a DataFrame."""
        now = self.clock()
        return self._read(lambda con: _sql(con, sql, params, now))

    # -- overview and breakdowns ----------------------------------------------------------------

    def overview(self, province_code: str | None = None) -> Overview:
        """Headline numbers, nationwide or for one province (one unit of work)."""
        now = self.clock()
        return self._read(lambda con: _overview(con, province_code, now))

    def counts_by_province(self) -> pd.DataFrame:
        """One row per province: LAOs, inspected, leaking, leak rate, documents, findings, open, overdue."""
        return self._frame(
            f"{_LAO_STATS} SELECT province_code, any_value(province) AS province, {_GROUP_COUNTS} "  # noqa: S608
            "FROM lao_stats GROUP BY province_code ORDER BY province_code",
            {"province": None},
        )

    def counts_by_lao(self, province_code: str | None = None) -> pd.DataFrame:
        """One row per LAO (of a province): documents, findings, cases, open, overdue, site status."""
        return self._frame(
            f"{_LAO_STATS} SELECT * FROM lao_stats ORDER BY open_cases DESC, lao_code",  # noqa: S608
            {"province": province_code},
        )

    def site_posture(self, province_code: str | None = None) -> pd.DataFrame:
        """Sites (of a province) whose last sweep found their HTTPS in need of a security upgrade
        (``tls_issues``) or injected gambling spam (``spam_pages``), compromised ones first."""
        return self._frame(_SITE_POSTURE, {"province": province_code})

    def counts_by_type(self, province_code: str | None = None) -> pd.DataFrame:
        """One row per LAO type (อบจ., เทศบาล..., อบต.)."""
        return self._frame(
            f"{_LAO_STATS} SELECT type, {_GROUP_COUNTS} FROM lao_stats GROUP BY type ORDER BY type",  # noqa: S608
            {"province": province_code},
        )

    def counts_by_state(self, province_code: str | None = None, lao_code: str | None = None) -> pd.DataFrame:
        """Cases per lifecycle state."""
        return self._frame(
            "SELECT c.state, count(*) AS cases FROM cases c "  # noqa: S608 - constant fragments, values bound
            f"WHERE {_CASE_IN_PROVINCE} AND ($lao IS NULL OR c.lao_code = $lao) "
            "GROUP BY c.state ORDER BY c.state",
            {"province": province_code, "lao": lao_code},
        )

    def counts_by_week(self, weeks: int = 12, province_code: str | None = None) -> pd.DataFrame:
        """Per ISO week (Monday, UTC): cases opened, notified, remediated, reopened (from the events)."""
        since = self.clock() - timedelta(weeks=weeks)
        return self._frame(
            "SELECT date_trunc('week', e.\"at\")::DATE AS week, "
            "count(*) FILTER (e.from_state IS NULL) AS opened, "
            "count(*) FILTER (e.to_state = 'notified' AND e.from_state <> 'notified') AS notified, "
            "count(*) FILTER (e.to_state = 'remediated' AND e.from_state <> 'remediated') AS remediated, "
            "count(*) FILTER (e.to_state = 'reopened' AND e.from_state <> 'reopened') AS reopened "
            "FROM case_events e "
            'WHERE e."at" >= $since AND ($province IS NULL OR e.province_code = $province) '
            "GROUP BY week ORDER BY week",
            {"since": since, "province": province_code},
        )

    def documents_by_status(self, province_code: str | None = None, lao_code: str | None = None) -> pd.DataFrame:
        """Documents per parse status (ok, ocr, encrypted, too_large, timeout, corrupt, unsupported...)."""
        return self._frame(
            "SELECT d.status, count(*) AS documents FROM documents d JOIN laos l ON l.code = d.lao_code "  # noqa: S608 - constant fragments, values bound
            f"WHERE {_IN_PROVINCE} AND ($lao IS NULL OR d.lao_code = $lao) "
            "GROUP BY d.status ORDER BY documents DESC",
            {"province": province_code, "lao": lao_code},
        )

    # -- drill-down -----------------------------------------------------------------------------

    def lao_documents(self, lao_code: str) -> pd.DataFrame:
        """Documents of one LAO with their current findings and open cases."""
        return self._frame(
            "WITH f AS (SELECT f.url, count(*) AS findings FROM findings f JOIN documents d USING (url) "  # noqa: S608 - constant fragments, values bound
            "           WHERE f.lao_code = $lao AND f.last_seen >= d.fetched_at GROUP BY f.url), "
            f"c AS (SELECT url, count(*) AS open_cases FROM cases c WHERE c.lao_code = $lao AND {_OPEN} "
            "       GROUP BY url) "
            "SELECT d.url, d.final_url, d.media_type, d.status, d.reason, d.size, d.http_status, "
            "d.content_hash, d.etag, d.last_modified, d.first_seen, d.last_seen, d.fetched_at, "
            "d.found_by, d.linked_from, coalesce(f.findings, 0) AS findings, "
            "coalesce(c.open_cases, 0) AS open_cases "
            "FROM documents d LEFT JOIN f USING (url) LEFT JOIN c USING (url) WHERE d.lao_code = $lao "
            "ORDER BY open_cases DESC, findings DESC, d.url",
            {"lao": lao_code},
        )

    def findings(
        self, *, province_code: str | None = None, lao_code: str | None = None, url: str | None = None
    ) -> pd.DataFrame:
        """Findings with their case, filtered; ``current`` = seen in the latest fetch of the document."""
        return self._frame(
            "SELECT f.url, f.lao_code, l.name AS lao_name, l.province_code, f.kind, f.masked, f.fingerprint, "  # noqa: S608 - constant fragments, values bound
            'nullif(f.page, 0) AS page, f.start, f."end", f.snippet, f.confidence, f.reasons, f.first_seen, '
            "f.last_seen, f.last_seen >= d.fetched_at AS current, c.id AS case_id, c.state, d.found_by, "
            "d.linked_from "
            "FROM findings f JOIN documents d USING (url) JOIN laos l ON l.code = f.lao_code "
            "LEFT JOIN cases c ON c.lao_code = f.lao_code AND c.url = f.url "
            "  AND c.fingerprint = f.fingerprint "
            f"WHERE {_IN_PROVINCE} AND ($lao IS NULL OR f.lao_code = $lao) "
            "  AND ($url IS NULL OR f.url = $url) "
            "ORDER BY f.url, f.page, f.start",
            {"province": province_code, "lao": lao_code, "url": url},
        )

    def findings_for_document(self, url: str) -> pd.DataFrame:
        """Findings in one document (see ``findings``)."""
        return self.findings(url=url)

    def findings_for_lao(self, lao_code: str) -> pd.DataFrame:
        """Findings of every document of one LAO (see ``findings``)."""
        return self.findings(lao_code=lao_code)

    # -- cases ----------------------------------------------------------------------------------

    def cases(
        self,
        *,
        province_code: str | None = None,
        lao_code: str | None = None,
        states: Sequence[str] | None = None,
        kind: str | None = None,
        url: str | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Cases with their LAO, filtered; newest activity first.

        The filter and the limit pick ids first and only then fetch those rows' columns: sorting whole
        rows of a million cases to keep 500 cost three times as much.
        """
        return self._frame(
            f"WITH top AS (SELECT id FROM cases c WHERE {_CASE_IN_PROVINCE} "  # noqa: S608
            "AND ($lao IS NULL OR c.lao_code = $lao) "
            "AND ($states IS NULL OR list_contains($states, c.state)) AND ($kind IS NULL OR c.kind = $kind) "
            "AND ($url IS NULL OR c.url = $url) ORDER BY c.updated_at DESC, c.id LIMIT $limit) "
            f"SELECT {_CASE_COLUMNS} FROM cases c JOIN top USING (id) "
            "LEFT JOIN laos l ON l.code = c.lao_code "
            "ORDER BY c.updated_at DESC, c.id",
            {
                "province": province_code,
                "lao": lao_code,
                "states": list(states) if states is not None else None,
                "kind": kind,
                "url": url,
                "limit": limit,
            },
        )

    def case(self, case_id: int) -> Case:
        """One case; UnknownCase if there is none with that id."""
        names = list(Case.__dataclass_fields__)

        def work(con: duckdb.DuckDBPyConnection) -> Case:
            row = con.execute(f"SELECT {', '.join(names)} FROM cases WHERE id = ?", [case_id]).fetchone()  # noqa: S608
            if row is None:
                raise UnknownCase([case_id])
            return Case(**dict(zip(names, row, strict=True)))

        return self._read(work)

    def case_history(self, case_id: int) -> pd.DataFrame:
        """Every event of a case, oldest first: at, who, from_state, to_state, note, evidence (dict)."""
        frame = self._frame(
            'SELECT "at", who, from_state, to_state, note, evidence FROM case_events '
            'WHERE case_id = $case ORDER BY "at", id',
            {"case": case_id},
        )
        frame["evidence"] = [json.loads(e) if isinstance(e, str) else None for e in frame["evidence"]]
        return frame

    def overdue(self, province_code: str | None = None) -> pd.DataFrame:
        """Open cases past their deadline, most overdue first, with the LAO's contacts (escalation)."""
        return self._frame(
            f"SELECT {_CASE_COLUMNS}, date_diff('day', c.deadline, $now) AS days_overdue, {_CONTACT_COLUMNS} "  # noqa: S608
            f"FROM cases c {_LAO_AND_CONTACTS} "
            f"WHERE {_OVERDUE} AND {_CASE_IN_PROVINCE} "
            "ORDER BY c.deadline, c.id",
            {"province": province_code},
        )

    def open_cases_per_lao(self, states: Sequence[str] | None = None) -> pd.DataFrame:
        """Per LAO with open cases (or cases in ``states``): counts, case ids and contacts (notify)."""
        return self._frame(
            "SELECT c.lao_code, any_value(l.type) AS lao_type, any_value(l.name) AS lao_name, "  # noqa: S608 - constant fragments, values bound
            "any_value(l.province_code) AS province_code, any_value(l.province) AS province, "
            "any_value(k.coordinator_name) AS coordinator_name, "
            "any_value(k.coordinator_email) AS coordinator_email, "
            "any_value(k.province_office_email) AS province_office_email, count(*) AS cases, "
            "count(*) FILTER (c.kind = 'thai_id') AS thai_id, count(*) FILTER (c.kind = 'phone') AS phone, "
            f"count(*) FILTER {_OVERDUE} AS overdue, list(c.id ORDER BY c.id) AS case_ids, "
            "min(c.opened_at) AS oldest "
            f"FROM cases c {_LAO_AND_CONTACTS} "
            f"WHERE CASE WHEN $states IS NULL THEN {_OPEN} ELSE list_contains($states, c.state) END "
            "GROUP BY c.lao_code ORDER BY c.lao_code",
            {"states": list(states) if states is not None else None},
        )

    def cases_to_notify(self, states: Sequence[str] = ("confirmed",)) -> pd.DataFrame:
        """Cases awaiting an alert (confirmed by default) with their LAO and contacts, one row each."""
        return self._frame(
            f"SELECT {_CASE_COLUMNS}, {_CONTACT_COLUMNS} "  # noqa: S608
            f"FROM cases c {_LAO_AND_CONTACTS} "
            "WHERE list_contains($states, c.state) ORDER BY c.lao_code, c.url, c.id",
            {"states": list(states)},
        )

    def recheck_targets(self, lao_codes: Sequence[str] | None = None) -> pd.DataFrame:
        """Documents with open cases (what a recheck fetches again), with their open fingerprints."""
        return self._frame(
            "SELECT c.url, c.lao_code, count(*) AS open_cases, list(c.fingerprint ORDER BY c.fingerprint) AS "  # noqa: S608 - constant fragments, values bound
            "fingerprints, any_value(d.etag) AS etag, any_value(d.last_modified) AS last_modified, "
            "any_value(d.content_hash) AS content_hash "
            f"FROM cases c LEFT JOIN documents d USING (url) WHERE {_OPEN} "
            "AND ($laos IS NULL OR list_contains($laos, c.lao_code)) "
            "GROUP BY c.url, c.lao_code ORDER BY c.lao_code, c.url",
            {"laos": list(lao_codes) if lao_codes is not None else None},
        )

    def time_to_remediate(self, province_code: str | None = None) -> pd.DataFrame:
        """Per province: remediated cases and median/mean days from opened and from notified."""
        return self._frame(
            "SELECT l.province_code, any_value(l.province) AS province, count(*) AS remediated, "  # noqa: S608 - constant fragments, values bound
            "median(date_diff('hour', c.opened_at, c.remediated_at)) / 24.0 AS median_days_from_opened, "
            "median(date_diff('hour', c.notified_at, c.remediated_at)) / 24.0 AS median_days_from_notified, "
            "avg(date_diff('hour', c.opened_at, c.remediated_at)) / 24.0 AS mean_days_from_opened "
            "FROM cases c LEFT JOIN laos l ON l.code = c.lao_code "
            f"WHERE c.state = 'remediated' AND {_CASE_IN_PROVINCE} "
            "GROUP BY l.province_code ORDER BY l.province_code",
            {"province": province_code},
        )

    # -- sweeps ---------------------------------------------------------------------------------

    def sweeps(self, limit: int = 20) -> pd.DataFrame:
        """Latest sweeps first, with progress counters."""
        return self._frame(
            "SELECT id, kind, status, started_at, finished_at, sites_total, sites_done, pages, documents, "
            "findings, errors, updated_at, params, counts FROM sweeps ORDER BY id DESC LIMIT $limit",
            {"limit": limit},
        )

    def sweep(self, sweep_id: int) -> Sweep | None:
        """One sweep with its parameters and counts decoded."""
        names = list(Sweep.__dataclass_fields__)

        def work(con: duckdb.DuckDBPyConnection) -> Sweep | None:
            row = con.execute(f"SELECT {', '.join(names)} FROM sweeps WHERE id = ?", [sweep_id]).fetchone()  # noqa: S608
            if row is None:
                return None
            values = dict(zip(names, row, strict=True))
            values["params"] = json.loads(values["params"] or "{}")
            values["counts"] = json.loads(values["counts"] or "{}")
            return Sweep(**values)

        return self._read(work)

    def sweep_errors(self, sweep_id: int) -> pd.DataFrame:
        """Errors recorded by a sweep: LAO, URL, type, reason, when."""
        return self._frame(
            'SELECT lao_code, url, error_type, reason, "at" FROM sweep_errors WHERE sweep_id = $sweep '
            "ORDER BY lao_code, url",
            {"sweep": sweep_id},
        )

    # -- weekly numbers -------------------------------------------------------------------------

    def weekly_numbers(self, week_start: date) -> dict[str, Any]:
        """The ministry's numbers for the week starting ``week_start`` (a Monday), nationwide.

        Keys: week_start, week_end, laos, laos_inspected, laos_leaking, leak_rate, documents_checked,
        opened, notified, remediated, reopened (events in the week), open_cases, overdue (now).
        """
        start = datetime.combine(week_start, datetime.min.time())
        now = self.clock()
        return self._read(lambda con: _weekly(con, start, now))


_WEEK_FLOW = """
SELECT count(*) FILTER (from_state IS NULL) AS opened,
       count(*) FILTER (to_state = 'notified' AND from_state <> 'notified') AS notified,
       count(*) FILTER (to_state = 'remediated' AND from_state <> 'remediated') AS remediated,
       count(*) FILTER (to_state = 'reopened' AND from_state <> 'reopened') AS reopened,
       (SELECT count(*) FROM documents WHERE fetched_at >= $start AND fetched_at < $end) AS documents_checked
FROM case_events WHERE "at" >= $start AND "at" < $end
"""


def _weekly(con: duckdb.DuckDBPyConnection, start: datetime, now: datetime) -> dict[str, Any]:
    end = start + timedelta(days=7)
    flow = _sql(con, _WEEK_FLOW, {"start": start, "end": end}, now).iloc[0]
    current = _sql(con, _TOTALS, {"province": None}, now).iloc[0]
    inspected, leaking = int(current["laos_inspected"]), int(current["laos_leaking"])
    return {
        "week_start": start.date(),
        "week_end": (end - timedelta(days=1)).date(),
        "laos": int(current["laos"]),
        "laos_inspected": inspected,
        "laos_leaking": leaking,
        "leak_rate": leaking / inspected if inspected else 0.0,
        **{k: int(flow[k]) for k in ("documents_checked", "opened", "notified", "remediated", "reopened")},
        "open_cases": _int(current["open_cases"]),
        "overdue": _int(current["overdue"]),
    }


def _sql(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None, now: datetime) -> pd.DataFrame:
    """One query with the named parameters it uses bound (``$now`` is always available)."""
    bound = {"now": now, **(params or {})}
    return con.execute(sql, {k: v for k, v in bound.items() if f"${k}" in sql}).df()


_TOTALS = f"{_LAO_STATS} SELECT {_GROUP_COUNTS}, sum(cases)::BIGINT AS cases FROM lao_stats"  # noqa: S608


_STATE_KIND = (
    "SELECT r.state, r.kind, r.is_open AS open, sum(r.cases) AS n FROM lao_case_counts r "
    "LEFT JOIN laos l ON l.code = r.lao_code "
    "WHERE ($province IS NULL OR l.province_code = $province) GROUP BY ALL"
)


def _overview(con: duckdb.DuckDBPyConnection, province_code: str | None, now: datetime) -> Overview:
    params = {"province": province_code}
    totals = _sql(con, _TOTALS, params, now)
    by = _sql(
        con,
        _STATE_KIND,
        params,
        now,
    )
    row = totals.iloc[0]
    states = by.groupby("state")["n"].sum()
    kinds = by[by["open"]].groupby("kind")["n"].sum()
    return Overview(
        laos=int(row["laos"]),
        laos_with_website=int(row["laos_with_website"]),
        laos_inspected=int(row["laos_inspected"]),
        laos_leaking=int(row["laos_leaking"]),
        documents=_int(row["documents"]),
        findings=_int(row["findings"]),
        cases=_int(row["cases"]),
        open_cases=_int(row["open_cases"]),
        overdue=_int(row["overdue"]),
        by_state={str(k): int(v) for k, v in states.items()},
        by_kind={str(k): int(v) for k, v in kinds.items()},
    )


def _int(value: Any) -> int:
    """A SUM over no rows is NULL (NaN in pandas): count it as 0."""
    return 0 if pd.isna(value) else int(value)
