"""Pages OCR'd a minute and the sweep's ETA, from the sweep's store record (``crawler.throughput``),
and the parse backend as ``serve --status`` and the dashboard show it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bench.cluster import free_port
from core.config import DocumentsSettings
from crawler.progress import Tracker
from crawler.throughput import Backend, Rates, backend, minutes, status_lines
from store import Store
from store.models import Sweep


def sweep(status: str = "running", done: int = 0, total: int = 100, documents: int = 0, **counts: float) -> Sweep:
    now = datetime(2026, 12, 2, 7, 0)
    return Sweep(1, "sweep", {}, now, None, status, dict(counts), total, done, 0, documents, 0, 0)


def test_ocr_pages_a_minute_and_eta_follow_this_runs_documents() -> None:
    # 10 of 100 sites done in 600 s with 400 documents (40 a site) and 1,200 pages OCR'd:
    # 90 sites left hold 3,600 documents, at 40 a minute that is 90 minutes
    rates = Rates.of(sweep(done=10, documents=400, ocr_pages=1200, elapsed=600.0))
    assert rates.ocr_pages_per_minute == 120.0
    assert rates.documents_per_minute == 40.0
    assert rates.documents_left == 3600.0
    assert rates.eta_seconds == 90 * 60.0


def test_a_resumed_sweep_counts_documents_per_site_over_this_run_only() -> None:
    # 60 sites were done before a kill; this run did 20 more with 100 documents in 300 s
    rates = Rates.of(sweep(done=80, documents=100, sites_resumed=60, ocr_pages=30, elapsed=300.0))
    assert rates.documents_left == 20 * 5.0  # 5 a site, not 100 / 80
    assert rates.eta_seconds == 100 / 20.0 * 60.0  # 20 documents a minute
    assert rates.ocr_pages_per_minute == 6.0


def test_no_eta_before_this_run_finishes_a_site_and_zero_once_every_site_is_done() -> None:
    assert Rates.of(sweep(done=5, documents=50, sites_resumed=5, elapsed=60.0)).eta_seconds is None
    assert Rates.of(sweep(done=0, documents=0, elapsed=0.0)).ocr_pages_per_minute is None
    assert Rates.of(sweep(done=100, documents=50, elapsed=60.0)).eta_seconds == 0.0
    assert Rates.of(sweep(status="interrupted", done=10, documents=50, elapsed=60.0)).eta_seconds is None


def test_the_rates_come_from_what_the_crawl_process_records(tmp_path: Path) -> None:
    """``Tracker.counts`` through the store's sweep record, as the recorder writes it each batch."""
    tracker = Tracker(50)
    tracker.resume(10)
    tracker.totals.sites_done += 5
    tracker.totals.documents, tracker.totals.ocr_pages = 40, 90
    store = Store(tmp_path / "x4watch.duckdb")
    sweep_id = store.start_sweep("sweep", {})
    counts = {**tracker.counts(), "elapsed": 120.0}
    store.update_sweep(sweep_id, counts)
    recorded = store.sweep(sweep_id)
    assert recorded is not None
    rates = Rates.of(recorded)
    assert (rates.sites_done, rates.sites_resumed, rates.documents, rates.ocr_pages) == (15, 10, 40, 90)
    assert rates.ocr_pages_per_minute == 45.0
    assert rates.documents_left == 35 * 8.0
    assert rates.eta_seconds == 35 * 8.0 / 20.0 * 60.0


def test_the_local_backend_is_its_pool_and_an_unreachable_broker_is_named() -> None:
    assert backend(DocumentsSettings(workers=3)) == Backend("local", 3)
    closed = f"redis://:pw@127.0.0.1:{free_port()}/0"  # a loopback port nothing listens on
    down = backend(DocumentsSettings(backend="celery", broker_url=closed))
    assert down.problem.startswith("broker unreachable") and not down.workers


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.0, "0 min"), (29 * 60.0, "29 min"), (59.6 * 60, "1:00 h"), (3 * 3600 + 5 * 60, "3:05 h")]
)
def test_minutes(seconds: float, text: str) -> None:
    assert minutes(seconds) == text


def test_status_lines_say_workers_queue_rate_and_eta() -> None:
    rates = Rates.of(sweep(done=10, documents=400, ocr_pages=1200, elapsed=600.0))
    cluster = Backend("celery", 4, ("x4watch@a", "x4watch@b"), 7)
    assert status_lines(cluster, rates) == [
        "parsing: celery, 2 workers online (x4watch@a, x4watch@b), 4 processes, 7 documents queued",
        "sweep #1 running: 10/100 sites, 400 documents, 120.0 OCR pages/min, ETA 1:30 h",
    ]
    assert status_lines(Backend("local", 2), None) == ["parsing: local pool of 2 processes"]
