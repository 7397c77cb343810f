"""A seeded store, a real SMTP server on loopback and a configuration pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.config import Config
from notify.mailbox import LocalMailServer
from store import Store
from testkit.notify import Seeded, seed


class Clock:
    """The store's clock, settable: deadlines and escalation are tested by moving it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime.now(UTC).replace(tzinfo=None) - timedelta(days=20))


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "x4watch.duckdb", clock=clock, deadline_days=15)


@pytest.fixture
def seeded(store: Store) -> Seeded:
    return seed(store)


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[LocalMailServer]:
    with LocalMailServer(tmp_path / "mail") as server:
        yield server


@pytest.fixture
def cfg(tmp_path: Path, mail_server: LocalMailServer) -> Config:
    config = Config(home=str(tmp_path / "home"))
    config.smtp.host = "127.0.0.1"
    config.smtp.port = mail_server.port
    config.smtp.timeout_seconds = 5.0
    config.smtp.retry_attempts = 2
    config.smtp.retry_base_seconds = 0.01
    return config
