"""Helpers of the crawler's integration tests (a module name no other test folder uses)."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from typing import Any

from bench.crawl import descendants
from crawler.sweep import SweepSummary
from simweb import SimWeb
from store import Store

SITES = 16
SEED = 1


@dataclass
class Swept:
    web: SimWeb
    cfg: Any
    store: Store
    laos: list[Any]
    summary: SweepSummary
    found: dict[str, set[tuple[str, str]]]


def new_store(cfg: Any, laos: list[Any]) -> Store:
    store = Store(cfg.store_path, batch_size=cfg.store.batch_size)
    store.upsert_laos(laos)
    return store


def kill_tree(pid: int) -> None:
    """SIGKILL a process and every process under it (the crawl, its parsers, its browser)."""
    for member in [pid, *descendants(pid)]:
        try:
            os.kill(member, signal.SIGKILL)
        except ProcessLookupError:
            continue
