"""What the store already knows of a site's documents, loaded once per site.

Looking up each URL in the store as it is requested would open the DuckDB file once per request
(about 65 ms here: minutes per site). Instead a site's records are read in one unit of work when its
first request goes out (``Store.known_site``: records with their HTTP validators, ETag and
Last-Modified, the links of its pages, and which URLs hold open cases) and dropped when the site is
done. The store is the one place that holds documents and their validators, so a validator always
belongs to the hash stored with it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from store.models import DocumentRecord, KnownSite


class KnownDocuments:
    """Per-site cache of the store's document records, validators and page links included."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._sites: dict[str, asyncio.Future[KnownSite]] = {}

    async def site(self, lao_code: str) -> KnownSite:
        if lao_code not in self._sites:
            self._sites[lao_code] = asyncio.ensure_future(asyncio.to_thread(self.store.known_site, lao_code))
        return await self._sites[lao_code]

    async def get(self, lao_code: str, url: str) -> DocumentRecord | None:
        return (await self.site(lao_code)).documents.get(url)

    async def has_open_case(self, lao_code: str, url: str) -> bool:
        """True when a finding of this URL (or of a member of this archive) holds an open case."""
        open_urls = (await self.site(lao_code)).open_urls
        return any(u == url or u.startswith(f"{url}!") for u in open_urls)

    def forget(self, lao_code: str) -> None:
        self._sites.pop(lao_code, None)

    def unvisited_open(self, lao_code: str, visited: set[str]) -> list[str]:
        """URLs to fetch again because they hold open cases but this sweep never reached them.

        A document taken down usually vanishes from the listings too, so no link leads to its 404;
        without this its leaks would stay open forever. Archive members are fetched through their
        archive; browser-rendered copies are left to the recheck.
        """
        future = self._sites.get(lao_code)
        if future is None or not future.done():
            return []
        wanted = {url.split("!", 1)[0] for url in future.result().open_urls if "#" not in url}
        return sorted(wanted - visited)
