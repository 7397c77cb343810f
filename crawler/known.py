"""What the store already knows of a site's documents, loaded once per site.

Looking up each URL in the store as it is requested would open the DuckDB file once per request
(about 65 ms here: minutes per site). Instead a site's documents are read in one query when its
first request goes out (``Store.lao_documents``: records with their HTTP validators, ETag and
Last-Modified, and open cases) and dropped when the site is done. The store is the one place that
holds documents and their validators, so a validator always belongs to the hash stored with it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from store.models import DocumentRecord


class KnownDocuments:
    """Per-site cache of the store's document records, validators included."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._sites: dict[str, asyncio.Future[dict[str, DocumentRecord]]] = {}
        self._open: dict[str, set[str]] = {}

    async def get(self, lao_code: str, url: str) -> DocumentRecord | None:
        if lao_code not in self._sites:
            self._sites[lao_code] = asyncio.ensure_future(asyncio.to_thread(self._load, lao_code))
        return (await self._sites[lao_code]).get(url)

    def forget(self, lao_code: str) -> None:
        self._sites.pop(lao_code, None)
        self._open.pop(lao_code, None)

    def unvisited_open(self, lao_code: str, visited: set[str]) -> list[str]:
        """URLs to fetch again because they hold open cases but this sweep never reached them.

        A document taken down usually vanishes from the listings too, so no link leads to its 404;
        without this its leaks would stay open forever. Archive members are fetched through their
        archive; browser-rendered copies are left to the recheck.
        """
        wanted = {url.split("!", 1)[0] for url in self._open.get(lao_code, set()) if "#" not in url}
        return sorted(wanted - visited)

    def _load(self, lao_code: str) -> dict[str, DocumentRecord]:
        rows = self.store.lao_documents(lao_code).to_dict("records")
        self._open[lao_code] = {str(r["url"]) for r in rows if int(r["open_cases"] or 0) > 0}
        return {str(r["url"]): _record(lao_code, r) for r in rows}


def _record(lao_code: str, row: dict[str, Any]) -> DocumentRecord:
    return DocumentRecord(
        url=str(row["url"]),
        final_url=str(row["final_url"] or row["url"]),
        lao_code=lao_code,
        content_hash=_text(row["content_hash"]),
        media_type=str(row["media_type"] or ""),
        size=_int(row["size"]),
        etag=_text(row["etag"]),
        last_modified=_text(row["last_modified"]),
        http_status=_int(row["http_status"]),
        status=str(row["status"]),
        reason=str(row["reason"] or ""),
    )


def _text(value: Any) -> str | None:
    """A nullable text column of the frame (NULL may arrive as None or NaN)."""
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
