"""Per-LAO roll-ups of cases (by state and kind) and of documents and findings.

The dashboard's national and provincial counts would otherwise aggregate millions of rows on every
page view. Every write that changes a count refreshes the roll-up rows of the LAOs it touched, in
the same transaction, by recounting those LAOs from the base tables: recounting (rather than adding
deltas) cannot drift, and it costs one filtered scan per write unit. ``store.lifecycle.apply`` and
``store.ingest.record_batch`` call it; any new write path that adds cases, documents or findings, or
changes a case's state, must call it too (the test suite compares roll-ups with fresh counts).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

_TOUCHED = "SELECT lao_code FROM rollup_laos"

_CASE_COUNTS = f"""
INSERT INTO lao_case_counts
SELECT lao_code, state, kind, is_open, count(*) FROM cases WHERE lao_code IN ({_TOUCHED}) GROUP BY ALL
"""  # noqa: S608 - constant fragments

_DOCUMENT_COUNTS = f"""
INSERT INTO lao_document_counts
SELECT r.lao_code, coalesce(d.n, 0), coalesce(f.n, 0)
FROM rollup_laos r
LEFT JOIN (SELECT lao_code, count(*) AS n FROM documents WHERE lao_code IN ({_TOUCHED}) GROUP BY 1) d
       USING (lao_code)
LEFT JOIN (SELECT lao_code, count(*) AS n FROM findings WHERE lao_code IN ({_TOUCHED}) GROUP BY 1) f
       USING (lao_code)
"""  # noqa: S608 - constant fragments


def refresh(con: duckdb.DuckDBPyConnection, lao_codes: Iterable[str], *, documents: bool) -> None:
    """Recount the cases (and, with ``documents``, documents and findings) of ``lao_codes``."""
    codes = sorted(set(lao_codes))
    if not codes:
        return
    con.register("rollup_laos", pa.table({"lao_code": pa.array(codes, pa.string())}))
    try:
        con.execute(f"DELETE FROM lao_case_counts WHERE lao_code IN ({_TOUCHED})")  # noqa: S608
        con.execute(_CASE_COUNTS)
        if documents:
            con.execute(f"DELETE FROM lao_document_counts WHERE lao_code IN ({_TOUCHED})")  # noqa: S608
            con.execute(_DOCUMENT_COUNTS)
    finally:
        con.unregister("rollup_laos")


def touched_by_cases(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """LAO codes of the cases whose ids are in the registered ``table`` (column ``case_id``)."""
    rows = con.execute(
        f"SELECT DISTINCT c.lao_code FROM cases c JOIN {table} t ON c.id = t.case_id"  # noqa: S608 - our names
    ).fetchall()
    return [str(r[0]) for r in rows]
