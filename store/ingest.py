"""Bulk, idempotent ingestion of one batch of documents and their findings (one transaction).

Idempotency comes from keys, not from bookkeeping: documents are keyed by URL, findings by (URL,
fingerprint, page, start), cases by (LAO, URL, fingerprint), and every write is an upsert that only
moves ``last_seen`` forward and ``first_seen`` back. Re-ingesting a batch, or a whole sweep resumed
after a kill, therefore changes nothing but timestamps.

What a document's new record means for its findings and cases:

* unchanged (same content hash): its current findings are still there; they and their cases are
  seen again.
* replaced (new content, parsed ``ok``/``ocr``): its current findings are exactly the new ones; open
  cases whose fingerprint is gone are closed as ``remediated`` with the evidence (status, new hash).
* otherwise (fetch or parse failed): nothing can be concluded.

Findings are never deleted (they are the evidence of what was published): a finding is *current*
when its ``last_seen`` is not older than its document's ``fetched_at``.

Rows go in through Arrow tables and set-based SQL (``INSERT ... SELECT``): DuckDB's executemany is
slow, and many small statements are not its strength.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from detectors.finding import Finding
from detectors.redact import redact
from documents.model import PARSED
from store import lifecycle, rollup
from store.errors import PrivacyViolation
from store.models import GONE_STATUSES, DocumentRecord
from store.privacy import holds_full_id, storable_url

Item = tuple[DocumentRecord, Sequence[Finding]]


@dataclass
class BatchResult:
    """What one batch changed; summed by the caller over a call."""

    documents: int = 0
    findings: int = 0
    new_cases: int = 0
    reopened: int = 0
    remediated: int = 0

    def add(self, other: BatchResult) -> None:
        self.documents += other.documents
        self.findings += other.findings
        self.new_cases += other.new_cases
        self.reopened += other.reopened
        self.remediated += other.remediated


def _documents_table(items: Sequence[Item], now: datetime) -> pa.Table:
    docs = {storable_url(doc.url): doc for doc, _ in items}  # the last record of a URL wins
    rows = list(docs.values())
    return pa.table(
        {
            "url": pa.array(list(docs), pa.string()),
            "final_url": pa.array([d.final_url and storable_url(d.final_url) for d in rows], pa.string()),
            "lao_code": pa.array([d.lao_code for d in rows], pa.string()),
            "content_hash": pa.array([d.content_hash for d in rows], pa.string()),
            "media_type": pa.array([d.media_type for d in rows], pa.string()),
            "size": pa.array([d.size for d in rows], pa.int64()),
            "etag": pa.array([d.etag for d in rows], pa.string()),
            "last_modified": pa.array([d.last_modified for d in rows], pa.string()),
            "http_status": pa.array([d.http_status for d in rows], pa.int32()),
            "status": pa.array([d.status for d in rows], pa.string()),
            "reason": pa.array([d.reason and redact(d.reason) for d in rows], pa.string()),
            "seen": pa.array([d.fetched_at or now for d in rows], pa.timestamp("us")),
            "links": pa.array([_links(d) for d in rows], LINKS_TYPE),
            "found_by": pa.array([d.found_by for d in rows], pa.string()),
            "linked_from": pa.array([d.linked_from and storable_url(d.linked_from) for d in rows], pa.string()),
        }
    )


LINKS_TYPE = pa.list_(pa.struct([("url", pa.string()), ("priority", pa.int32())]))


def _links(doc: DocumentRecord) -> list[dict[str, Any]] | None:
    """The page's links for the ``links`` column; none at all when one of them holds a full ID
    (``profile.php?cid=...``): the page is then fetched whole every sweep instead."""
    if doc.links is None or holds_full_id("\n".join(link.url for link in doc.links)):  # one scan, not one a link
        return None
    return [{"url": link.url, "priority": link.priority} for link in doc.links]


def _check_privacy(finding: Finding, url: str) -> None:
    if holds_full_id(finding.masked):
        raise PrivacyViolation("masked form", url)
    if holds_full_id(finding.snippet):
        raise PrivacyViolation("snippet", url)


def _findings_table(items: Sequence[Item], now: datetime) -> pa.Table:
    rows: dict[tuple[str, str, int, int], tuple[DocumentRecord, Finding]] = {}
    for doc, findings in items:
        url = storable_url(doc.url)
        for f in findings:
            _check_privacy(f, url)
            rows[(url, f.fingerprint, f.page or 0, f.start)] = (doc, f)
    values = list(rows.values())
    columns: dict[str, Any] = {
        "url": pa.array([url for url, _, _, _ in rows], pa.string()),
        "lao_code": pa.array([d.lao_code for d, _ in values], pa.string()),
        "kind": pa.array([f.kind for _, f in values], pa.string()),
        "masked": pa.array([f.masked for _, f in values], pa.string()),
        "fingerprint": pa.array([f.fingerprint for _, f in values], pa.string()),
        "page": pa.array([f.page or 0 for _, f in values], pa.int32()),
        "start": pa.array([f.start for _, f in values], pa.int32()),
        "end": pa.array([f.end for _, f in values], pa.int32()),
        "snippet": pa.array([f.snippet for _, f in values], pa.string()),
        "confidence": pa.array([f.confidence for _, f in values], pa.float64()),
        "reasons": pa.array([list(f.reasons) for _, f in values], pa.list_(pa.string())),
        "numbers": pa.array([f.numbers for _, f in values], pa.int32()),
        "seen": pa.array([d.fetched_at or now for d, _ in values], pa.timestamp("us")),
    }
    return pa.table(columns)


_CLASSIFY = f"""
CREATE TEMP TABLE batch_docs AS
SELECT d.url, x.fetched_at AS prev_fetched,
       CASE WHEN x.url IS NOT NULL AND d.content_hash IS NOT NULL
                 AND x.content_hash IS NOT DISTINCT FROM d.content_hash THEN 'unchanged'
            WHEN list_contains({sorted(PARSED)}, d.status) THEN 'replaced'
            ELSE 'unknown' END AS fate
FROM d_in d LEFT JOIN documents x USING (url)
"""  # noqa: S608 - a constant list

_UPSERT_DOCUMENTS = """
INSERT INTO documents (url, final_url, lao_code, content_hash, media_type, size, etag, last_modified,
                       http_status, status, reason, fetched_at, first_seen, last_seen, last_sweep, links,
                       unchanged_since, found_by, linked_from)
SELECT url, final_url, lao_code, content_hash, media_type, size, etag, last_modified,
       http_status, status, reason, seen, seen, seen, $sweep, links, seen, found_by, linked_from FROM d_in
ON CONFLICT (url) DO UPDATE SET
    unchanged_since = CASE WHEN documents.content_hash IS NOT DISTINCT FROM excluded.content_hash
                           THEN least(documents.unchanged_since, excluded.unchanged_since)
                           ELSE excluded.unchanged_since END,
    final_url = excluded.final_url, lao_code = excluded.lao_code, content_hash = excluded.content_hash,
    media_type = excluded.media_type, size = excluded.size, etag = excluded.etag,
    last_modified = excluded.last_modified, http_status = excluded.http_status,
    status = excluded.status, reason = excluded.reason, fetched_at = excluded.fetched_at,
    first_seen = least(documents.first_seen, excluded.first_seen),
    last_seen = greatest(documents.last_seen, excluded.last_seen), last_sweep = excluded.last_sweep,
    links = excluded.links, found_by = excluded.found_by,
    linked_from = coalesce(excluded.linked_from, documents.linked_from)
"""

_SAME_FINDING = "f.url = n.url AND f.fingerprint = n.fingerprint AND f.page = n.page AND f.start = n.start"

_UPDATE_FINDINGS = f"""
UPDATE findings f SET
    lao_code = n.lao_code, kind = n.kind, masked = n.masked, "end" = n."end", snippet = n.snippet,
    confidence = n.confidence, reasons = n.reasons, numbers = n.numbers, first_seen = least(f.first_seen, n.seen),
    last_seen = greatest(f.last_seen, n.seen), last_sweep = $sweep
FROM f_in n WHERE {_SAME_FINDING}
"""  # noqa: S608 - constant fragments

_INSERT_FINDINGS = f"""
INSERT INTO findings (url, lao_code, kind, masked, fingerprint, page, start, "end", snippet,
                      confidence, reasons, numbers, first_seen, last_seen, last_sweep)
SELECT url, lao_code, kind, masked, fingerprint, page, start, "end", snippet, confidence, reasons,
       numbers, seen, seen, $sweep FROM f_in n
WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE {_SAME_FINDING})
"""  # noqa: S608 - constant fragments

_TOUCH_UNCHANGED_FINDINGS = """
UPDATE findings SET last_seen = greatest(findings.last_seen, d.seen), last_sweep = $sweep
FROM d_in d, batch_docs b
WHERE findings.url = d.url AND b.url = d.url AND b.fate = 'unchanged'
  AND findings.last_seen >= b.prev_fetched
"""

_CANDIDATES = """
CREATE TEMP TABLE batch_cases AS
SELECT lao_code, url, fingerprint, any_value(kind) AS kind, any_value(masked) AS masked,
       min(seen) AS first_seen, max(seen) AS last_seen
FROM (
    SELECT lao_code, url, fingerprint, kind, masked, seen FROM f_in
    UNION ALL
    SELECT f.lao_code, f.url, f.fingerprint, f.kind, f.masked, d.seen
    FROM findings f JOIN d_in d USING (url) JOIN batch_docs b USING (url)
    WHERE b.fate = 'unchanged' AND f.last_seen >= d.seen
)
GROUP BY lao_code, url, fingerprint
"""

_SEEN_AGAIN = """
SELECT c.id, c.state FROM cases c
JOIN batch_cases n USING (lao_code, url, fingerprint)
WHERE c.state = 'remediated'
"""

_TOUCH_CASES = """
UPDATE cases SET last_seen = greatest(cases.last_seen, n.last_seen),
                 first_seen = least(cases.first_seen, n.first_seen)
FROM batch_cases n
WHERE cases.lao_code = n.lao_code AND cases.url = n.url AND cases.fingerprint = n.fingerprint
"""

_OPEN_NEW_CASES = """
INSERT INTO cases (lao_code, province_code, url, fingerprint, kind, masked, state, is_open, opened_at,
                   updated_at, first_seen, last_seen)
SELECT n.lao_code, l.province_code, n.url, n.fingerprint, n.kind, n.masked, 'new', true, $now, $now,
       n.first_seen, n.last_seen
FROM batch_cases n LEFT JOIN laos l ON l.code = n.lao_code
WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.lao_code = n.lao_code AND c.url = n.url
                  AND c.fingerprint = n.fingerprint)
RETURNING id
"""

_GONE = """
SELECT c.id, c.state, d.http_status, d.content_hash
FROM cases c JOIN d_in d USING (url) JOIN batch_docs b USING (url)
WHERE b.fate = 'replaced' AND c.is_open
  AND NOT EXISTS (SELECT 1 FROM f_in n WHERE n.url = c.url AND n.fingerprint = c.fingerprint)
"""


def record_batch(
    con: duckdb.DuckDBPyConnection,
    sweep_id: int | None,
    items: Sequence[Item],
    now: datetime,
    deadline_days: int,
) -> BatchResult:
    """Write one batch in the caller's transaction (see the module docstring for the rules)."""
    d_in = _documents_table(items, now)
    f_in = _findings_table(items, now)
    con.register("d_in", d_in)
    con.register("f_in", f_in)
    try:
        con.execute(_CLASSIFY)
        con.execute(_UPSERT_DOCUMENTS, {"sweep": sweep_id})
        con.execute(_UPDATE_FINDINGS, {"sweep": sweep_id})
        con.execute(_INSERT_FINDINGS, {"sweep": sweep_id})
        con.execute(_TOUCH_UNCHANGED_FINDINGS, {"sweep": sweep_id})
        result = BatchResult(documents=d_in.num_rows, findings=f_in.num_rows)
        _update_cases(con, sweep_id, now, deadline_days, result)
        touched = d_in.column("lao_code").to_pylist() + f_in.column("lao_code").to_pylist()
        rollup.refresh(con, touched, documents=True)
    finally:
        con.unregister("d_in")
        con.unregister("f_in")
        con.execute("DROP TABLE IF EXISTS batch_docs")
        con.execute("DROP TABLE IF EXISTS batch_cases")
    return result


def _sweep_note(sweep_id: int | None) -> str:
    return f"sweep {sweep_id}" if sweep_id is not None else "ingest"


def _update_cases(
    con: duckdb.DuckDBPyConnection,
    sweep_id: int | None,
    now: datetime,
    deadline_days: int,
    result: BatchResult,
) -> None:
    con.execute(_CANDIDATES)
    note = _sweep_note(sweep_id)
    again = [lifecycle.Change(int(cid), str(state)) for cid, state in con.execute(_SEEN_AGAIN).fetchall()]
    result.reopened = lifecycle.apply(
        con,
        again,
        "reopened",
        who=lifecycle.SYSTEM,
        note=f"seen again in {note}",
        now=now,
        deadline_days=deadline_days,
    )
    con.execute(_TOUCH_CASES)
    opened = con.execute(_OPEN_NEW_CASES, {"now": now}).fetchnumpy()["id"]
    lifecycle.record_opened(con, (int(i) for i in opened), note=f"found in {note}", now=now)
    result.new_cases = len(opened)
    gone = [
        lifecycle.Change(int(cid), str(state), {"via": note, "http_status": status, "content_hash": content_hash})
        for cid, state, status, content_hash in con.execute(_GONE).fetchall()
    ]
    result.remediated = lifecycle.apply(
        con,
        gone,
        "remediated",
        who=lifecycle.SYSTEM,
        note=f"no longer in the document ({note})",
        now=now,
        deadline_days=deadline_days,
    )


def record_recheck(
    con: duckdb.DuckDBPyConnection,
    sweep_id: int | None,
    url: str,
    http_status: int | None,
    content_hash: str | None,
    present: set[str] | None,
    now: datetime,
    deadline_days: int,
) -> BatchResult:
    """Close open cases of ``url`` whose leak is gone, reopen remediated ones seen again.

    ``present`` is the set of fingerprints the re-fetched document still holds, or None when it
    could not be read; a 404/410 means an empty set. With neither, nothing can be concluded and only
    the document's HTTP status is noted.
    """
    url = storable_url(url)
    if http_status in GONE_STATUSES:
        present = set()
    con.execute(
        "UPDATE documents SET http_status = ?, content_hash = coalesce(?, content_hash), fetched_at = ?, "
        "last_sweep = ?, unchanged_since = CASE WHEN content_hash IS NOT DISTINCT FROM coalesce(?, content_hash) "
        "THEN unchanged_since ELSE ? END WHERE url = ?",
        [http_status, content_hash, now, sweep_id, content_hash, now, url],
    )
    result = BatchResult(documents=1)
    if present is None:
        return result
    rows = con.execute("SELECT id, state, fingerprint FROM cases WHERE url = ?", [url]).fetchall()
    evidence = {
        "via": f"recheck {_sweep_note(sweep_id)}",
        "http_status": http_status,
        "content_hash": content_hash,
    }
    gone = [
        lifecycle.Change(int(cid), str(state), evidence)
        for cid, state, fp in rows
        if state in lifecycle.OPEN_STATES and fp not in present
    ]
    again = [
        lifecycle.Change(int(cid), str(state)) for cid, state, fp in rows if state == "remediated" and fp in present
    ]
    note = _sweep_note(sweep_id)
    result.remediated = lifecycle.apply(
        con,
        gone,
        "remediated",
        who=lifecycle.SYSTEM,
        note=f"gone on recheck ({note})",
        now=now,
        deadline_days=deadline_days,
    )
    result.reopened = lifecycle.apply(
        con,
        again,
        "reopened",
        who=lifecycle.SYSTEM,
        note=f"seen again on recheck ({note})",
        now=now,
        deadline_days=deadline_days,
    )
    if present:
        fps = sorted(present)
        con.execute(
            "UPDATE findings SET last_seen = ?, last_sweep = ? WHERE url = ? AND list_contains(?, fingerprint)",
            [now, sweep_id, url, fps],
        )
        con.execute("UPDATE cases SET last_seen = ? WHERE url = ? AND list_contains(?, fingerprint)", [now, url, fps])
    return result
