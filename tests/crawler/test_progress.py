"""The sweep's ETA is smoothed: sites finishing in bursts do not swing it from hours to minutes."""

from __future__ import annotations

import logging

from scrapy.exceptions import DownloadFailedError

from crawler.errors import QuietSiteFaults
from crawler.progress import Progress, Tracker


def test_eta_follows_the_smoothed_rate_not_the_last_burst() -> None:
    # 100 sites, one finishing every 10 s, sampled every second: between two finishes the rate
    # of the last second is 0, and at a finish it is 1 site/s (ten times the truth)
    tracker = Tracker(100)
    tracker.started = 0.0
    tracker._sampled_at = 0.0
    etas = []
    for second in range(1, 301):
        if second % 10 == 0:
            tracker.totals.sites_done += 1
        tracker.sample(now=float(second))
        eta = tracker.eta_seconds()
        if eta is not None and second >= 30:
            etas.append((eta, (100 - tracker.totals.sites_done) * 10.0))
    assert etas
    assert all(0.7 * truth <= eta <= 1.3 * truth for eta, truth in etas), etas[:5]


def test_no_eta_before_a_site_is_done_and_zero_when_all_are() -> None:
    tracker = Tracker(2)
    tracker.sample()
    assert tracker.eta_seconds() is None
    assert "ETA ?" in tracker.line()
    tracker.totals.sites_done = 2
    assert tracker.eta_seconds() == 0.0


def test_resumed_sites_do_not_count_as_speed() -> None:
    tracker = Tracker(100)
    tracker.resume(90)
    tracker.started = 0.0
    tracker.totals.sites_done += 1
    tracker.sample(now=100.0)  # one site in 100 s: 9 left take 900 s, not 9 * 100 / 91
    assert tracker.eta_seconds() == 900.0


def test_progress_travels_as_plain_data() -> None:
    progress = Progress(sites_done=3, sites_total=9, pages=5, eta=3725.0)
    again = Progress.of({**progress.as_dict(), "unknown": 1})
    assert again == progress
    assert again.eta_text() == "ETA 1:02:05"
    assert "sites 3/9" in again.line()


def _record(exc: BaseException) -> logging.LogRecord:
    try:
        raise exc
    except type(exc):
        import sys

        info = sys.exc_info()
    return logging.LogRecord("scrapy.x", logging.ERROR, __file__, 1, "Error downloading %s", ("u",), info)


def test_an_expected_site_fault_is_one_info_line_without_traceback() -> None:
    record = _record(DownloadFailedError("Connection was closed cleanly."))
    assert QuietSiteFaults().filter(record)
    assert record.exc_info is None and record.levelno == logging.INFO and record.levelname == "INFO"


def test_a_bug_keeps_its_traceback() -> None:
    record = _record(KeyError("x"))
    assert QuietSiteFaults().filter(record)
    assert record.exc_info is not None and record.levelno == logging.ERROR
