"""Fixtures for the dashboard's tests; the data they build lives in ``dashdata``.

Shared helpers sit in an ordinary module rather than here: ``from conftest import ...`` picks
whichever conftest.py pytest imported last, which differs from one run's order to the next.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashdata import build_store

from store import Store


@pytest.fixture
def filled_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A filled store that the dashboard finds through the configuration (X4WATCH_HOME)."""
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)
    monkeypatch.delenv("X4WATCH_STORE_PATH", raising=False)
    yield build_store(tmp_path / "x4watch.duckdb")


@pytest.fixture(autouse=True)
def _restore_main_module() -> Iterator[None]:
    """Put back the ``__main__`` module that Streamlit's script runner replaces and never restores.

    AppTest installs each page script as ``sys.modules["__main__"]``. A process pool started later
    in the same test process (documents' forkserver pool) would re-run that page script as its main
    module in every worker and break; a real dashboard process never starts a pool, so this is a
    test-process concern only.
    """
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
