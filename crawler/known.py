"""What the store already knows of a site's documents, loaded before the site is visited.

Looking up each URL in the store as it is requested would open the DuckDB file once per request
(about 65 ms here: minutes per site). Instead a site's records are read when its first request goes
out (``Store.known_sites``: records with their HTTP validators, ETag and Last-Modified, the links of
its pages, and which URLs hold open cases), together with the next sites of the sweep, and dropped
when the site is done. The store is the one place that holds documents and their validators, so a
validator always belongs to the hash stored with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from crawler import links, revisit
from store.models import DocumentRecord, KnownSite, utcnow
from store.privacy import fetchable, storable_url


class KnownDocuments:
    """Per-site cache of the store's document records, validators and page links included.

    Sites are loaded in blocks of ``block`` in the sweep's order (the order the spider starts them),
    so the store's file is opened once per block rather than once per site.
    """

    def __init__(
        self, store: Any, order: Sequence[str] = (), *, revisit: timedelta = timedelta(0), block: int = 64
    ) -> None:
        self.store = store
        self.revisit = revisit
        self.block = block
        self._order = list(order)
        self._position = {code: i for i, code in enumerate(self._order)}
        self._sites: dict[str, asyncio.Future[dict[str, KnownSite]]] = {}
        self._open: dict[str, frozenset[str]] = {}

    async def site(self, lao_code: str) -> KnownSite:
        if lao_code not in self._sites:
            codes = self._block_from(lao_code)
            loading = asyncio.ensure_future(asyncio.to_thread(self.store.known_sites, codes))
            for code in codes:
                self._sites[code] = loading
        return (await self._sites[lao_code])[lao_code]

    def _block_from(self, lao_code: str) -> list[str]:
        """This site and the next ones of the sweep not loaded yet (only itself when off the list)."""
        start = self._position.get(lao_code)
        if start is None:
            return [lao_code]
        following = self._order[start + 1 : start + self.block]
        return [lao_code, *(code for code in following if code not in self._sites)]

    def loaded(self, lao_code: str) -> KnownSite | None:
        """The site's records if they are already in memory (None while loading or never asked)."""
        future = self._sites.get(lao_code)
        return future.result()[lao_code] if future is not None and future.done() else None

    def skippable(self, lao_code: str, url: str, *, listing: bool = False) -> DocumentRecord | None:
        """The stored record that stands for ``url`` in this sweep when the URL need not be asked for
        at all (``crawler.revisit``); None when it must be asked, or the site is not loaded yet.

        ``listing``: the link reads as a listing or a download handler, so if the URL is a page it
        may list new documents (``crawler.revisit`` treats those apart); a file lists nothing.

        A page is only skippable when its links are stored: skipping it means following those.
        """
        site = self.loaded(lao_code)
        key = storable_url(url)
        record = site.documents.get(key) if site is not None else None
        if site is None or record is None or not record.content_hash:
            return None
        if revisit.needs_whole_fetch(record, document_url=links.is_document_url(url)):
            return None
        has_open_case = key in self._open_documents(lao_code, site)
        listing = listing and record.links is not None
        fresh = revisit.is_fresh(record, utcnow(), cap=self.revisit, has_open_case=has_open_case, listing=listing)
        return record if fresh else None

    def deferred(self, lao_code: str, url: str) -> datetime | None:
        """Until when ``url`` is left unasked because its fetch timed out in the last sweeps
        (``crawler.revisit.retry_after``); None when it is due, or it holds an open case."""
        site = self.loaded(lao_code)
        if site is None or not site.timeouts:  # most sites: no lookup at all
            return None
        key = storable_url(url)
        if key not in site.timeouts or key in self._open_documents(lao_code, site):
            return None
        times, last = site.timeouts[key]
        until = revisit.retry_after(times, last, self.revisit)
        return until if utcnow() < until else None

    def _open_documents(self, lao_code: str, site: KnownSite) -> frozenset[str]:
        """The stored URLs to fetch to see the site's open cases again: an archive member's archive,
        and no browser-rendered copy (the recheck re-renders those). Derived once per site."""
        urls = self._open.get(lao_code)
        if urls is None:
            urls = self._open[lao_code] = frozenset(u.split("!", 1)[0] for u in site.open_urls if "#" not in u)
        return urls

    def forget(self, lao_code: str) -> None:
        self._sites.pop(lao_code, None)
        self._open.pop(lao_code, None)

    def unvisited_open(self, lao_code: str, visited: set[str]) -> list[str]:
        """URLs to fetch again because they hold open cases but this sweep never reached them.

        A document taken down usually vanishes from the listings too, so no link leads to its 404;
        without this its leaks would stay open forever. Archive members are fetched through their
        archive; browser-rendered copies are left to the recheck; a URL the store keeps masked
        cannot be asked for (only a link leads to it).
        """
        site = self.loaded(lao_code)
        if site is None:
            return []
        return sorted(url for url in self._open_documents(lao_code, site) - visited if fetchable(url))

    def unreachable_open(self, lao_code: str, visited: set[str]) -> list[str]:
        """Stored (masked) URLs with open cases that no link of this sweep led to: the one kind of
        case document a sweep can neither see again nor ask for, so an analyst must check it."""
        site = self.loaded(lao_code)
        masked = [u for u in self._open_documents(lao_code, site) if not fetchable(u)] if site is not None else []
        if not masked:  # nearly every site: no address of a case holds an ID
            return []
        reached = {storable_url(url) for url in visited}
        return sorted(url for url in masked if url not in reached)
