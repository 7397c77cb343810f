"""``x4watch crawl [--list CSV] [--province P] [--lao CODE] [--limit N] [--recheck]``: one sweep.

A thin shell over ``crawler.sweep.run_sweep``: it picks the LAOs from the seed list (the committed
``seeds/laos.csv``, or ``--list``: any file in its columns, such as a pilot province, a partner's
list or a test site; the committed list is not touched), makes sure the store knows them, shows the
progress and prints the summary. An interrupted sweep is resumed by running the same
command again (``--fresh`` starts over instead). ``--recheck`` re-fetches only the documents of
open cases and closes the leaks that are gone. SIGTERM and Ctrl-C stop the crawl process with this
one (``crawler.sweep.stop_child``), and the crawl process ends by itself if this one is killed.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core import logs
from core.config import Config
from core.errors import X4WatchError
from seeds.model import Lao


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "crawl",
        help="sweep LAO websites into the store (or recheck open cases)",
        description="Sweep LAO websites for unmasked identifiers; run again to resume an interrupted sweep.",
    )
    parser.add_argument(
        "--list", type=Path, default=None, metavar="CSV", help="seed list in seeds/laos.csv's columns (default: it)"
    )
    parser.add_argument("--province", action="append", default=[], help="province name or code (repeatable)")
    parser.add_argument("--lao", action="append", default=[], metavar="CODE", help="LAO code (repeatable)")
    parser.add_argument("--limit", type=int, default=None, help="sweep at most N LAOs")
    parser.add_argument("--recheck", action="store_true", help="re-fetch only documents with open cases")
    parser.add_argument("--fresh", action="store_true", help="do not resume an interrupted sweep; start over")
    parser.set_defaults(run=run)


def select(laos: Sequence[Lao], provinces: Sequence[str], codes: Sequence[str], limit: int | None) -> list[Lao]:
    """The LAOs a crawl covers: by province (name or code) and code, then the first ``limit``."""
    chosen = [
        lao
        for lao in laos
        if (not provinces or lao.province in provinces or lao.province_code in provinces)
        and (not codes or lao.code in codes)
    ]
    return chosen[:limit] if limit is not None else chosen


def open_store(cfg: Config) -> Any:
    from store import Store

    return Store(
        cfg.store_path,
        lock_retry_seconds=cfg.store.lock_retry_seconds,
        deadline_days=cfg.cases.deadline_days,
        batch_size=cfg.store.batch_size,
    )


def print_summary(summary: Any) -> None:
    s = summary
    print(
        f"sweep {s.sweep_id} ({s.kind}) {s.status}{' (resumed)' if s.resumed else ''}: "
        f"sites {s.sites_done}/{s.sites_total}, pages {s.pages}, documents {s.documents}, "
        f"unchanged {s.unchanged}, findings {s.findings}, errors {s.errors}, {s.seconds:.0f} s"
    )
    print(f"sweep state: {s.folder}")


def _interrupted(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def sweep(cfg: Config, laos: Sequence[Lao], store: Any, verbose: bool, **options: Any) -> Any:
    """``run_sweep`` with its progress on the console (a bar on a terminal, lines elsewhere)."""
    from crawler.sweep import run_sweep
    from service.console import SweepConsole

    console = SweepConsole(cfg.crawl.progress_seconds, verbose=verbose)
    try:
        return run_sweep(cfg, laos, store=store, watch=console, verbose=verbose, **options)
    finally:
        console.close()


def run(args: argparse.Namespace, cfg: Config) -> int:
    from service.commands.seeds import load_list
    from service.discovery import with_decisions

    if threading.current_thread() is threading.main_thread():  # SIGTERM (timeout, kill) stops the crawl too
        signal.signal(signal.SIGTERM, _interrupted)

    store = open_store(cfg)
    laos = select(with_decisions(load_list(args.list), store.site_decisions()), args.province, args.lao, args.limit)
    if not laos:
        raise X4WatchError("no LAO matches --list/--province/--lao: check the names with `x4watch seeds stats`")
    store.upsert_laos(laos)
    verbose = args.verbose
    if args.recheck:
        targets = store.recheck_targets([lao.code for lao in laos])
        urls = list(zip(targets["lao_code"], targets["url"], strict=True))
        summary = sweep(cfg, laos, store, verbose, mode="recheck", urls=urls, resume=not args.fresh)
    else:
        summary = sweep(cfg, laos, store, verbose, resume=not args.fresh)
    print_summary(summary)
    print(f"store: {cfg.store_path}")
    print(f"crawl log: {logs.folder(cfg.home_path) / 'crawl.log'}")
    return 0
