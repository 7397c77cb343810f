"""One simulated web and one first sweep of it, shared by the crawler's integration tests.

Sixteen sites show every fault simweb has (its faults sit on fixed site positions up to 15). The
sweep runs once per module over real HTTP on loopback, through simweb's proxy, into a DuckDB file.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.crawl import sweep_config
from crawler.score import found_leaks, simweb_laos
from crawler.sweep import SweepSummary, run_sweep
from simweb import SimWeb
from simweb.laos import synthetic_laos
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


@pytest.fixture(scope="session")
def crawl_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimWeb]:
    cache = tmp_path_factory.mktemp("crawl-simweb")
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=SEED, cache_dir=cache) as web:
        yield web


@pytest.fixture(scope="session")
def first_sweep(crawl_web: SimWeb, tmp_path_factory: pytest.TempPathFactory) -> Swept:
    cfg = sweep_config(tmp_path_factory.mktemp("first-sweep"), crawl_web.proxy_url)
    cfg.store.secret = "crawler-tests"
    laos = simweb_laos(crawl_web)
    store = new_store(cfg, laos)
    summary = run_sweep(cfg, laos, store=store)
    return Swept(crawl_web, cfg, store, laos, summary, found_leaks(store))


def kill_tree(pid: int) -> None:
    """SIGKILL a process and every process under it (the crawl, its parsers, its browser)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    todo, tree = [pid], []
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    for member in tree:
        try:
            os.kill(member, signal.SIGKILL)
        except ProcessLookupError:
            continue
