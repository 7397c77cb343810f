"""Download handlers: Scrapy's own, with a connection pool that fits a forward proxy.

Twisted's pool keeps persistent connections per destination, and Scrapy caps them at
``CONCURRENT_REQUESTS_PER_DOMAIN``. Behind a forward proxy every request goes to one destination,
the proxy, so that cap applies to all sites together: with 128 requests in flight and 4 kept
connections, nearly every request opened a new TCP connection, an eighth of the crawl process's
CPU in a re-sweep through simweb. Here the pool keeps as many proxy connections as requests may
run at once. Without a proxy nothing changes.
"""

from __future__ import annotations

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler


def _fit_pool_to_proxy(handler: HTTP11DownloadHandler, crawler: Crawler) -> None:
    if crawler.settings.get("X4_PROXY"):
        handler._pool.maxPersistentPerHost = crawler.settings.getint("CONCURRENT_REQUESTS")


class HTTPDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        _fit_pool_to_proxy(self, crawler)


class PlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]  # untyped library
    """scrapy-playwright's handler: requests without ``meta["playwright"]`` use its HTTP/1.1 pool."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        _fit_pool_to_proxy(self, crawler)
