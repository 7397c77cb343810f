"""Applies the versioned migrations of ``store.migrations``, once, in order, idempotently.

``schema_version`` records each applied version; a migration and its version row commit together,
so a process killed mid-migration leaves the previous version intact and the next open resumes.
"""

from __future__ import annotations

import duckdb

from store.errors import SchemaTooNew
from store.migrations import MIGRATIONS
from store.models import utcnow

LATEST = MIGRATIONS[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied version, 0 for an empty file."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
    )
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Bring the schema to LATEST inside the caller's transaction; returns the version reached."""
    found = current_version(con)
    if found > LATEST:
        raise SchemaTooNew(path, found, LATEST)
    now = utcnow()
    for version, description, statements in MIGRATIONS:
        if version <= found:
            continue
        for statement in statements:
            con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, description, now])
    return LATEST
