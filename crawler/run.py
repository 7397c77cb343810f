"""The crawl process itself: build the sweep's parts, run Scrapy once, write the summary.

Scrapy installs no log handler of its own here (``LOG_INSTALL_ROOT_HANDLER`` off): the process logs
through ``core.logs`` to ``$X4WATCH_HOME/logs/crawl.log`` (see ``crawler.sweep._child``), and to
the console only under ``--verbose``.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess

from core.config import Config, DocumentsSettings
from core.errors import ConfigError
from crawler import settings
from crawler.context import SweepContext
from crawler.known import KnownDocuments
from crawler.progress import Tracker
from crawler.recorder import Recorder
from crawler.spiders.lao import LaoSpider
from crawler.state import SweepState
from documents import DocumentPool
from documents.bounded import Bounded
from store import Store

log = logging.getLogger(__name__)


def crawl(cfg: Config, state: SweepState, started: float) -> None:
    """Sweep what the state folder's job lists and is not done yet; finish the sweep record."""
    job = json.loads((state.folder / "sites.json").read_text())
    store = Store(
        job["store"],
        lock_retry_seconds=cfg.store.lock_retry_seconds,
        deadline_days=cfg.cases.deadline_days,
        batch_size=cfg.store.batch_size,
    )
    done = state.done()
    recheck = [(lao, url) for lao, url in job["urls"]]
    sites = [(lao, url) for lao, url in job["sites"] if lao not in done]
    homes = dict(job["sites"])
    total = len(job["sites"]) if job["mode"] == "sweep" else len({lao for lao, _ in recheck})
    tracker = Tracker(total)
    tracker.resume(len(done))
    recorder = Recorder(store, state.sweep_id, state, tracker, cfg.store.batch_size)
    known = KnownDocuments(store, [lao for lao, _ in sites], revisit=timedelta(days=cfg.crawl.revisit_days))
    tracker.on_site_done += [lambda lao: recorder.site_done(lao, homes.get(lao, "")), known.forget]
    stats: dict[str, Any] = {}
    if sites or recheck:
        with open_pool(cfg.documents) as pool:
            ctx = SweepContext(
                cfg, sites, tracker, recorder, store, state.sweep_id, cfg.secret_key(), pool, known, recheck
            )
            stats = _run_scrapy(cfg, ctx)
    if (sites or recheck) and stats.get("finish_reason") != "finished":  # SIGTERM, SIGINT: resumable
        store.finish_sweep(state.sweep_id, "interrupted", tracker.counts())
        log.warning("sweep %s stopped: run the same command again to resume it", state.sweep_id)
        return
    summary = {
        "sweep_id": state.sweep_id,
        "kind": job["mode"],
        "status": "done",
        **tracker.totals.as_dict(),
        "seconds": round(time.monotonic() - started, 1),
        "folder": str(state.folder),
    }
    store.finish_sweep(state.sweep_id, "done", {**tracker.counts(), "scrapy": _plain(stats)})
    state.write_progress(tracker.progress().as_dict())
    state.finish(summary)
    log.info("sweep %s finished: %s", state.sweep_id, tracker.line())


def _run_scrapy(cfg: Config, ctx: SweepContext) -> dict[str, Any]:
    process = AsyncCrawlerProcess(settings.build(cfg))  # logs through core.logs' handlers (see _child)
    crawler = process.create_crawler(LaoSpider)
    process.crawl(crawler, ctx=ctx)
    process.start(install_signal_handlers=True)
    return crawler.stats.get_stats() if crawler.stats else {}


def _plain(stats: dict[str, Any]) -> dict[str, Any]:
    """Scrapy's stats with only JSON-friendly values (numbers and strings)."""
    return {k: v for k, v in stats.items() if isinstance(v, int | float | str)}


def open_pool(settings: DocumentsSettings) -> Bounded:
    """The parse backend ``documents.backend`` names, bounded by ``documents.max_in_flight``; Celery
    is imported only when it is the backend, so a local sweep's crawl process never loads it."""
    if settings.backend == "local":
        return Bounded(DocumentPool(settings), settings.max_in_flight)
    if settings.backend == "celery":
        from crawler.cluster import ClusterPool

        return Bounded(ClusterPool(settings), settings.max_in_flight)
    raise ConfigError(f"documents.backend={settings.backend!r}: use local or celery")
