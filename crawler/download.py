"""Download handlers: Scrapy's own, with a connection pool that fits a forward proxy, and
scrapy-playwright's with every browser request routed through the crawl's guards.

Twisted's pool keeps persistent connections per destination, and Scrapy caps them at
``CONCURRENT_REQUESTS_PER_DOMAIN``. Behind a forward proxy every request goes to one destination,
the proxy, so that cap applies to all sites together: with 128 requests in flight and 4 kept
connections, nearly every request opened a new TCP connection, an eighth of the crawl process's
CPU in a re-sweep through simweb. Here the pool keeps as many proxy connections as requests may
run at once. Without a proxy nothing changes.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.browser import RouteGuard, refuse_socket
from crawler.tls import TlsRouter


def _fit_pool_to_proxy(handler: HTTP11DownloadHandler, crawler: Crawler) -> None:
    if crawler.settings.get("X4_PROXY"):
        handler._pool.maxPersistentPerHost = crawler.settings.getint("CONCURRENT_REQUESTS")


class HTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, its pool fitted to the proxy; HTTPS goes through
    ``crawler.tls.TlsRouter`` (the legacy fallback per host, and each host's TLS posture)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        _fit_pool_to_proxy(self, crawler)
        self._tls = TlsRouter(crawler, self)
        _fit_pool_to_proxy(self._tls.legacy, crawler)

    async def download_request(self, request: Request) -> Response:
        return await self._tls.fetch(request, super().download_request)

    async def close(self) -> None:
        await super().close()
        await self._tls.close()


class PlaywrightDownloadHandler(HTTPDownloadHandler, ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]  # untyped library
    """scrapy-playwright's handler: requests without ``meta["playwright"]`` use its HTTP/1.1 pool.

    Two of its hooks are replaced (private in scrapy-playwright 0.0.48; the browser tests fail if a
    release renames them): the route handler of every page is ``crawler.browser.RouteGuard``
    instead of one that lets Chromium fetch, and every new context refuses WebSockets.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._x4_crawler = crawler

    def _make_request_handler(self, context_name: str, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        return RouteGuard(self._x4_crawler, url)

    async def _create_browser_context(self, *args: Any, **kwargs: Any) -> Any:
        wrapper = await super()._create_browser_context(*args, **kwargs)
        await wrapper.context.route_web_socket("**", refuse_socket)
        return wrapper
