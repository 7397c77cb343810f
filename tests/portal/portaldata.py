"""Helpers of the portal's tests (a module name no other test folder uses): a store whose cases of
two LAOs were notified, and the portal served on a free loopback port."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from core.config import Config
from portal import tokens
from portal.recheck import Run
from portal.server import RunningPortal, start
from store import Store
from testkit.notify import Seeded, seed

LAO_A = "6940101"
LAO_B = "6940102"


class Clock:
    """The store's clock, settable (expiry is tested by moving it)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 16, 3, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


def portal_config(home: Path, **portal: object) -> Config:
    cfg = Config(home=str(home))
    cfg.store.secret = "portal-test-secret"
    cfg.portal.recheck_delay_seconds = 0.2
    for name, value in portal.items():
        setattr(cfg.portal, name, value)
    return cfg


def notified_store(path: Path, clock: Clock | None = None) -> tuple[Store, Seeded]:
    """The notify test data with LAO A's and LAO B's cases notified (C's and D's only confirmed)."""
    store = Store(path, clock=clock or Clock(), deadline_days=15)
    seeded = seed(store)
    store.bulk_transition(seeded.cases_by_lao[LAO_A] + seeded.cases_by_lao[LAO_B], "notified", "x4watch-notify")
    return store, seeded


@contextlib.contextmanager
def serving(cfg: Config, store: Store, recheck: Run | None = None) -> Iterator[RunningPortal]:
    """The portal on a free loopback port; links made with ``cfg`` point at it."""
    calls: list[object] = []
    running = start(cfg, store, recheck or calls.append, address="127.0.0.1", port=0)
    cfg.portal.base_url = running.url
    try:
        yield running
    finally:
        running.stop()


def link_for(cfg: Config, store: Store, lao_code: str) -> str:
    return tokens.link(cfg, tokens.issue(cfg, store, lao_code))


def states(store: Store, ids: list[int]) -> list[str]:
    return [store.case(i).state for i in ids]
