"""Pages that need JavaScript, rendered in Debian's headless Chromium through scrapy-playwright.

Only requests marked ``meta["playwright"]`` reach the browser. Every rendered page is closed in the
callback or errback that receives it (an unclosed page freezes the crawl once the per-context cap
is reached) and each browser context serves ``ROTATE`` requests, then is closed once all of them
have come back (a long-lived context grows memory, playwright#6319). Images, media, fonts and style
sheets are never fetched by the browser.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from typing import Any

from scrapy_playwright.page import PageMethod

ROTATE = 25
"""Rendered pages per browser context before it is closed and a fresh one used."""
BLOCKED_RESOURCES = frozenset({"image", "media", "font", "stylesheet"})


def abort_request(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: skip resources that carry no text."""
    return bool(request.resource_type in BLOCKED_RESOURCES)


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
