"""Migrations: applied once, in order, on first use; a file from a newer x4watch is refused clearly."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from store import Store
from store.errors import SchemaTooNew
from store.migrations import MIGRATIONS


def versions(path: Path) -> list[int]:
    con = duckdb.connect(str(path))
    try:
        return [int(v) for (v,) in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    finally:
        con.close()


def test_migrations_apply_once_and_a_second_store_on_the_file_reuses_them(tmp_path: Path) -> None:
    Store(tmp_path / "m.duckdb").migrate()
    Store(tmp_path / "m.duckdb").migrate()
    assert versions(tmp_path / "m.duckdb") == [v for v, _, _ in MIGRATIONS]
    assert Store(tmp_path / "m.duckdb").overview().laos == 0


def test_a_store_written_by_a_newer_version_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "m.duckdb").migrate()
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    con.execute("INSERT INTO schema_version VALUES (999, 'from the future', now())")
    con.close()
    with pytest.raises(SchemaTooNew, match="schema version 999 but this x4watch knows up to"):
        Store(tmp_path / "m.duckdb").overview()
