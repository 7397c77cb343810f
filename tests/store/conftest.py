"""Fixture stores filled through the store's own write functions (never INSERTs in tests)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from store_fixtures import Clock, make_lao

from store import Store
from testkit import synthetic


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_store(tmp_path: Path, clock: Clock) -> Callable[..., Store]:
    def make(name: str = "x.duckdb", **kwargs: object) -> Store:
        return Store(tmp_path / name, clock=clock, lock_retry_seconds=10.0, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    s = make_store()
    s.upsert_laos([make_lao("1001"), make_lao("1002"), make_lao("5001", "50", "เชียงใหม่")])
    return s


@pytest.fixture
def rng() -> random.Random:
    return random.Random(4)


@pytest.fixture
def ids(rng: random.Random) -> list[str]:
    return [synthetic.thai_id(rng) for _ in range(20)]
