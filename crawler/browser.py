"""Pages that need JavaScript, rendered in Debian's headless Chromium through scrapy-playwright.

Only requests marked ``meta["playwright"]`` reach the browser. Every rendered page is closed in the
callback or errback that receives it (an unclosed page freezes the crawl once the per-context cap
is reached) and each browser context serves ``ROTATE`` requests, then is closed once all of them
have come back (a long-lived context grows memory, playwright#6319).

The browser never touches the network itself. Every request a page makes (its navigation, scripts,
fetch() and XMLHttpRequest, frames) is intercepted by ``RouteGuard`` and either refused or fetched
by Scrapy's own downloader, under the same SSRF guard, pinned resolver, proxy, robots.txt, size and
time caps as any crawl request, then handed to the page. Only the page's own site is fetched
(its host with and without ``www.``); images, media, fonts and style sheets are never fetched.
Redirects are followed here, one hop at a time, each hop judged again: Chromium does not show a
route the hops of a redirect it was handed with ``route.fulfill`` (seen with Playwright 1.65: the
hop went to the network unrouted), so it is never handed one. What could still leave the browser
on its own (preconnects, WebSockets, a request the interception missed) goes to a proxy address
that accepts nothing (``BLACKHOLE_PROXY``, loopback included); WebSockets are closed by
``refuse_socket``, service workers blocked by the context, and WebRTC may not send UDP outside a proxy.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections import Counter
from typing import Any
from urllib.parse import urljoin, urlsplit

from playwright.async_api import Error as PlaywrightError
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawler import links

log = logging.getLogger(__name__)

ROTATE = 25
"""Rendered pages per browser context before it is closed and a fresh one used."""
BLOCKED_RESOURCES = frozenset({"image", "media", "font", "stylesheet"})
MAX_REQUESTS_PER_PAGE = 100
"""Requests a rendered page may have fetched for it; a script that loops on fetch() stops there."""
BLACKHOLE_PROXY = {"server": "http://0.0.0.0:0", "bypass": "<-loopback>"}
"""Chromium's proxy: port 0 takes no connection, and ``<-loopback>`` sends loopback there too."""
UNFORWARDED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"})
"""Headers of Scrapy's response not handed to the page: the body it gets is decoded and whole."""


class Refusal(Exception):
    """A browser request the route guard would not fetch; the message says why."""


class RouteGuard:
    """The route handler of one rendered page: fetch same-site requests through Scrapy, refuse others."""

    def __init__(self, crawler: Crawler, page_url: str) -> None:
        self.crawler = crawler
        self.hosts = links.site_hosts(page_url)
        self.max_hops = crawler.settings.getint("REDIRECT_MAX_TIMES")
        self.fetched = 0

    async def __call__(self, route: Any, request: Any) -> None:
        try:
            response = await self.fetch(request)
        except Refusal as refusal:
            self.crawler.stats.inc_value("x4watch/browser/refused")
            log.debug("browser request refused: %s", refusal)
            with contextlib.suppress(PlaywrightError):  # the page may have been closed meanwhile
                await route.abort("blockedbyclient")
            return
        self.crawler.stats.inc_value("x4watch/browser/fetched")
        with contextlib.suppress(PlaywrightError):
            await route.fulfill(status=response.status, headers=page_headers(response), body=response.body)

    def judge(self, url: str, resource_type: str) -> None:
        """Raise Refusal for what a page may not have: other sites, other schemes, assets, too much."""
        if resource_type in BLOCKED_RESOURCES:
            raise Refusal(f"{resource_type}: no text")
        if urlsplit(url).scheme not in ("http", "https"):
            raise Refusal(f"scheme of {urlsplit(url).scheme}")
        if links.host_of(url) not in self.hosts:
            raise Refusal(f"another site ({links.host_of(url)})")
        self.fetched += 1
        if self.fetched > MAX_REQUESTS_PER_PAGE:
            raise Refusal(f"more than {MAX_REQUESTS_PER_PAGE} requests for one page")

    async def fetch(self, request: Any) -> Response:
        """The response to a page's request, redirects followed here, every hop judged again."""
        url, method, body = request.url, request.method, request.post_data_buffer or b""
        headers = {k: v for k, v in (await request.all_headers()).items() if not k.startswith(":")}
        resource_type = request.resource_type
        for _ in range(self.max_hops + 1):
            self.judge(url, resource_type)
            response = await self.download(Request(url, method=method, headers=headers, body=body))
            location = response.headers.get(b"Location")
            if not (300 <= response.status < 400 and location):
                return response
            url = urljoin(url, location.decode("latin-1"))
            method, body, resource_type = "GET", b"", ""
        raise Refusal(f"more than {self.max_hops} redirects")

    async def download(self, request: Request) -> Response:
        """One hop through Scrapy's downloader middlewares (SSRF guard, robots, proxy) and handler."""
        request.meta.update(
            dont_redirect=True,
            handle_httpstatus_all=True,
            download_slot=f"browser {links.host_of(request.url)}",  # never waits on its page's own slot
        )
        request.dont_filter = True
        try:
            return await self.crawler.engine.download_async(request)
        except IgnoreRequest as exc:
            raise Refusal(str(exc)) from exc
        except Exception as exc:  # a failed fetch fails the page's request, as in a browser
            raise Refusal(type(exc).__name__) from exc


def page_headers(response: Response) -> dict[str, str]:
    """Scrapy's response headers as the page gets them (names lower-case, repeats joined)."""
    return {
        name.decode("latin-1").lower(): ", ".join(v.decode("latin-1") for v in values)
        for name, values in response.headers.items()
        if name.decode("latin-1").lower() not in UNFORWARDED_HEADERS
    }


async def refuse_socket(socket: Any) -> None:
    """A WebSocket route that never connects to the server: the page sees it closed."""
    await socket.close()


class Renderer:
    """Hands out browser meta for a request and closes pages and contexts after use."""

    def __init__(self, context_options: dict[str, Any]) -> None:
        self._count = itertools.count()
        self.context_options = context_options
        self._returned: Counter[str] = Counter()
        self._contexts: dict[str, Any] = {}

    def meta(self) -> dict[str, Any]:
        n = next(self._count)
        return {
            "playwright": True,
            "playwright_include_page": True,
            "playwright_context": f"render-{n // ROTATE}",
            "playwright_context_kwargs": self.context_options,
            # a listing filled by fetch() is complete only once the network is quiet
            "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")],
        }

    async def release(self, meta: dict[str, Any]) -> None:
        """Close the page of a rendered request; close its context when all its requests are back."""
        name = str(meta.get("playwright_context", ""))
        self._returned[name] += 1
        page = meta.pop("playwright_page", None)
        with contextlib.suppress(Exception):  # the browser may already be gone; nothing to keep
            if page is not None:
                self._contexts[name] = page.context
                await page.close()
            if self._returned[name] >= ROTATE and name in self._contexts:
                await self._contexts.pop(name).close()
