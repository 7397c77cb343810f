"""Run a sweep (or a recheck) from code: ``run_sweep(cfg, laos, store=...)``.

The crawl runs in a child process: Twisted's reactor cannot be restarted, so a scheduler or a test
that sweeps twice in one process needs each sweep in a fresh one, and a child can be killed (even
with SIGKILL) without harming its caller. The child writes documents, findings, errors and progress
to the store and the sweep's folder; the parent reads the summary when it ends.

A sweep killed midway resumes: the next ``run_sweep`` with the same parameters finds the unfinished
sweep folder, keeps its store sweep id and sweeps only the sites not yet marked done (see
``crawler.state``). Nothing is lost (unfinished sites are swept again) and nothing doubles (the
store's writes are keyed and idempotent; unchanged documents are not parsed again).

While it waits, the parent hands the child's progress (``crawler.progress.Progress``, from the
sweep folder) to a ``watch`` callback every ``WATCH_SECONDS``: the command's progress bar. The
child logs to ``$X4WATCH_HOME/logs/crawl.log`` only, or to the console too with ``verbose``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core import lifeline, logs
from core.config import Config
from core.locks import job_lock
from crawler.errors import SweepError
from crawler.progress import Progress
from crawler.state import SweepState, unfinished
from seeds.model import Lao

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 10.0
"""How long a stopped crawl child may take to write what it fetched before it is killed."""
_children: set[multiprocessing.process.BaseProcess] = set()
"""Crawl children of this process still to stop when it stops (``stop_sweeps``)."""
WATCH_SECONDS = 0.5
"""How often a waiting parent looks at the child's progress."""
Watch = Callable[[Progress], None]


@dataclass(frozen=True)
class SweepSummary:
    sweep_id: int
    kind: str
    status: str
    sites_total: int
    sites_done: int
    pages: int
    documents: int
    unchanged: int
    not_modified: int
    parsed: int
    findings: int
    errors: int
    bytes: int
    seconds: float
    folder: str
    resumed: bool = False
    fresh: int = 0
    peak_in_flight: int = 0
    ocr_pages: int = 0
    sites_resumed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sites_of(laos: Sequence[Lao]) -> list[tuple[str, str]]:
    """(code, home URL) of every LAO with a usable website; LAOs sharing one host are swept once."""
    seen: set[str] = set()
    sites = []
    for lao in laos:
        if lao.website and lao.website not in seen:
            seen.add(lao.website)
            sites.append((lao.code, lao.website))
    return sites


def sweep_params(mode: str, sites: Sequence[tuple[str, str]], urls: Sequence[str] = ()) -> dict[str, Any]:
    """What identifies a sweep for resumption: its kind and a digest of what it covers."""
    digest = hashlib.sha256(json.dumps([list(sites), list(urls)]).encode()).hexdigest()[:16]
    return {"kind": mode, "sites": len(sites), "urls": len(urls), "digest": digest}


def run_sweep(
    cfg: Config,
    laos: Sequence[Lao],
    *,
    store: Any,
    mode: str = "sweep",
    urls: Sequence[tuple[str, str]] = (),
    resume: bool = True,
    watch: Watch | None = None,
    verbose: bool = False,
) -> SweepSummary:
    """Sweep the LAOs' sites (``mode="sweep"``) or re-fetch ``urls`` (``mode="recheck"``).

    ``urls`` are (LAO code, URL) pairs of open cases for a recheck. ``watch`` gets the progress
    while the sweep runs; ``verbose`` copies the crawl log to the console. Raises SweepError when
    the crawl process dies; run the same call again to resume.
    """
    process, state, resumed = start_sweep_process(
        cfg, laos, store=store, mode=mode, urls=urls, resume=resume, verbose=verbose
    )
    try:
        while process.is_alive():
            process.join(WATCH_SECONDS)
            current = state.progress()
            if watch is not None and current is not None:
                watch(Progress.of(current))
    finally:  # on Ctrl-C or a service stopping, the crawl stops with its caller
        stop_child(process)
    summary = state.summary()
    if summary is None:
        raise SweepError(
            f"sweep {state.sweep_id} stopped (exit code {process.exitcode}); its state is in {state.folder}: "
            "run the same command again to resume it"
        )
    return SweepSummary(**{**summary, "resumed": resumed})


def start_sweep_process(
    cfg: Config,
    laos: Sequence[Lao],
    *,
    store: Any,
    mode: str = "sweep",
    urls: Sequence[tuple[str, str]] = (),
    resume: bool = True,
    verbose: bool = False,
) -> tuple[multiprocessing.process.BaseProcess, SweepState, bool]:
    """Start the crawl child and return it with its state folder (tests kill it midway)."""
    sites = sites_of(laos) if mode == "sweep" else []
    params = sweep_params(mode, sites, [u for _, u in urls])
    state = unfinished(cfg.home_path, params) if resume else None
    resumed = state is not None
    if state is None:
        sweep_id = store.start_sweep(mode, params)
        state = SweepState.create(cfg.home_path, sweep_id, params)
    else:
        log.info("resuming sweep %s from %s", state.sweep_id, state.folder)
    with job_lock(state.folder, "crawl") as free:
        if not free:
            raise SweepError(
                f"sweep {state.sweep_id} is still being run by another process (its state: {state.folder}); "
                "stop that one first, or wait for it"
            )
    job = {"mode": mode, "sites": sites, "urls": list(urls), "store": str(store.path)}
    (state.folder / "sites.json").write_text(json.dumps(job))
    process = multiprocessing.get_context("spawn").Process(
        target=_child, args=(cfg, str(state.folder), os.getpid(), verbose), name=f"x4watch-sweep-{state.sweep_id}"
    )
    process.start()
    _children.add(process)
    return process, state, resumed


def stop_child(process: multiprocessing.process.BaseProcess, grace: float = STOP_GRACE_SECONDS) -> None:
    """Stop a crawl child the way SIGTERM does (what is fetched is written, unfinished sites stay
    unfinished for the next run to resume), then kill it if it has not ended within ``grace``."""
    if process.is_alive():
        process.terminate()
        process.join(grace)
    if process.is_alive():
        process.kill()
        process.join()
    _children.discard(process)


def stop_sweeps() -> None:
    """Stop every crawl child this process started (a service shutting down)."""
    for process in list(_children):
        stop_child(process)


def _child(cfg: Config, folder: str, parent_pid: int, verbose: bool) -> None:
    """Entry point of the crawl process: it ends with its parent, one runs a sweep at a time, and
    it logs to its own file (the parent owns the console)."""
    from crawler.errors import QuietSiteFaults
    from crawler.run import crawl
    from detectors import redact

    redact.install()  # first: every record of this process (Scrapy's, Twisted's, ours) is redacted when made
    lifeline.watch_parent(parent_pid)
    started = time.monotonic()
    state = SweepState(Path(folder))
    with job_lock(state.folder, "crawl") as held:
        if not held:
            raise SystemExit(f"sweep {state.sweep_id} is already being run by another process")
        logs.setup(cfg.home_path, "crawl", verbose=verbose, console=False, filters=[QuietSiteFaults()])
        crawl(cfg, state, started)
