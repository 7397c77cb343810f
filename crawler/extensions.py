"""The sweep's heartbeat: a progress line every ``crawl.progress_seconds`` and timely store writes.

Scrapy's own LogStats counts requests; an analyst wants sites done/total, documents, findings,
errors and an ETA, and the dashboard wants the same in the store's sweep row. The heartbeat also
flushes the recorder's batch when items trickle in too slowly to fill one.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet.task import LoopingCall

log = logging.getLogger(__name__)


class ProgressExtension:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        ext = cls(crawler, crawler.settings.getfloat("X4_PROGRESS_SECONDS", 10.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        self.task = LoopingCall(self.beat)
        self.task.start(self.interval, now=False)

    def beat(self) -> None:
        ctx = self.crawler.spider.ctx  # type: ignore[union-attr]
        log.info("progress: %s", ctx.tracker.line())
        ctx.recorder.maybe_flush()

    def closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
