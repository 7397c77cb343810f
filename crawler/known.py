"""What the store already knows of a site's documents, loaded once per site, plus their validators.

Looking up each URL in the store as it is requested would open the DuckDB file once per request
(about 65 ms here: minutes per site). Instead a site's documents are read in one query when its
first request goes out (``Store.lao_documents``) and dropped when the site is done.

That read carries hashes but not the HTTP validators (ETag, Last-Modified), so the crawler keeps
them itself in a small SQLite file next to the sweeps, keyed by URL *and* content hash: a
validator is used only while the store still holds the same hash, so the two can never disagree
about what an unchanged document is (a deleted store simply means no conditional requests).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from store.models import DocumentRecord

SCHEMA = "CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, hash TEXT, etag TEXT, last_modified TEXT)"


class Validators:
    """url → (content hash, ETag, Last-Modified) in SQLite; used from one thread at a time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._connect() as con:
            con.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def remember(self, records: Iterable[DocumentRecord]) -> None:
        rows = [
            (r.url, r.content_hash, r.etag, r.last_modified)
            for r in records
            if r.content_hash and (r.etag or r.last_modified)
        ]
        if rows:
            with self._connect() as con:
                con.executemany("INSERT OR REPLACE INTO validators VALUES (?, ?, ?, ?)", rows)

    def lookup(self, urls: list[str]) -> dict[str, tuple[str, str | None, str | None]]:
        found: dict[str, tuple[str, str | None, str | None]] = {}
        with self._connect() as con:
            for start in range(0, len(urls), 500):
                chunk = urls[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT url, hash, etag, last_modified FROM validators WHERE url IN ({marks})"  # noqa: S608 - placeholders only
                for url, digest, etag, modified in con.execute(query, chunk):
                    found[url] = (digest, etag, modified)
        return found


class KnownDocuments:
    """Per-site cache of the store's document records (with validators when they still match)."""

    def __init__(self, store: Any, validators: Validators, lock: threading.Lock) -> None:
        self.store = store
        self.validators = validators
        self.lock = lock
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
        with self.lock:
            frame = self.store.lao_documents(lao_code)
        rows = frame.to_dict("records")
        self._open[lao_code] = {str(r["url"]) for r in rows if int(r["open_cases"] or 0) > 0}
        validators = self.validators.lookup([str(r["url"]) for r in rows])
        return {str(r["url"]): _record(lao_code, r, validators.get(str(r["url"]))) for r in rows}


def _record(lao_code: str, row: dict[str, Any], validator: tuple[str, str | None, str | None] | None) -> DocumentRecord:
    digest = row["content_hash"] if isinstance(row["content_hash"], str) else None
    etag, modified = (validator[1], validator[2]) if validator and validator[0] == digest else (None, None)
    return DocumentRecord(
        url=str(row["url"]),
        final_url=str(row["final_url"] or row["url"]),
        lao_code=lao_code,
        content_hash=digest,
        media_type=str(row["media_type"] or ""),
        size=_int(row["size"]),
        etag=etag,
        last_modified=modified,
        http_status=_int(row["http_status"]),
        status=str(row["status"]),
        reason=str(row["reason"] or ""),
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
