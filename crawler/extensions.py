"""The sweep's heartbeat: progress for the waiting command every second, a progress line in the
crawl log every ``crawl.progress_seconds``, and timely store writes.

Scrapy's own LogStats counts requests; an analyst wants sites done/total, documents, findings,
errors and an ETA, and the dashboard wants the same in the store's sweep row. Every beat samples
the smoothed rate of sites done (``Tracker.sample``) and replaces the sweep folder's progress file,
which the command that started the sweep renders on its console. The heartbeat also flushes the
recorder's batch when items trickle in too slowly to fill one.
"""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet.task import LoopingCall

from crawler.context import context_of

log = logging.getLogger(__name__)

BEAT_SECONDS = 1.0
"""How often the progress file is replaced: what a progress bar on a terminal redraws from."""


class ProgressExtension:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: LoopingCall | None = None
        self.logged = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        ext = cls(crawler, crawler.settings.getfloat("X4_PROGRESS_SECONDS", 10.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        self.task = LoopingCall(self.beat)
        self.task.start(min(self.interval, BEAT_SECONDS), now=False)

    def beat(self) -> None:
        ctx = context_of(self.crawler)
        ctx.tracker.sample()
        progress = ctx.tracker.progress()
        ctx.recorder.state.write_progress(progress.as_dict())
        if time.monotonic() - self.logged >= self.interval:
            self.logged = time.monotonic()
            log.info("progress: %s", progress.line())
        ctx.recorder.maybe_flush()

    def closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
