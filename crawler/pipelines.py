"""The hand-off: a fetched page or document → ``documents`` → ``detectors`` → ``store``.

One pipeline, one job: turn a ``DocumentItem`` into document records with findings in the
recorder's batch. Unchanged documents (304 to a conditional request, or the same sha256 as the
store's copy) are dropped with a reason and never parsed again. Parsing and detection run together
in the documents pool's worker processes (``crawler.analyse``, under the pool's time and memory
caps), so the reactor keeps downloading meanwhile and only statuses and masked findings come back.
The body is let go as soon as it is handed to the worker: only the hash and validators stay.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import replace
from datetime import UTC, datetime

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.analyse import analyse
from crawler.context import SweepContext, context_of
from crawler.items import DocumentItem
from documents.model import PARSED, ParsedDocument
from store.models import DocumentRecord


async def analysed(item: DocumentItem, ctx: SweepContext) -> list[ParsedDocument]:
    """The item's documents with their findings, parsed and scanned in a pool worker; their OCR'd
    pages are counted in the sweep's totals."""
    task = functools.partial(analyse, key=ctx.key)
    pending = ctx.pool.analyse(item.body, item.url, item.content_type or None, task)  # documents.Bounded
    item.body = b""
    parsed: list[ParsedDocument] = await pending
    ctx.tracker.totals.ocr_pages += sum(doc.ocr_pages for doc in parsed)
    return parsed


def record_for(item: DocumentItem, doc: ParsedDocument | None, content_hash: str | None, size: int) -> DocumentRecord:
    """The store's record of a fetched item, or of one member of it when ``doc`` is an archive member."""
    fetched = _naive_utc(item.fetched_at)
    member = doc is not None and doc.source != item.url
    return DocumentRecord(
        url=doc.source if doc is not None and member else item.url,
        final_url=item.final_url,
        lao_code=item.lao_code,
        content_hash=content_hash,
        media_type=doc.media_type if doc is not None else "application/zip",
        size=size,
        etag=None if member else item.etag or None,
        last_modified=None if member else item.last_modified or None,
        http_status=item.http_status,
        status=doc.status if doc is not None else "ok",
        reason=doc.reason if doc is not None else "archive: its members are recorded one by one",
        fetched_at=fetched,
        links=None if member else item.links,
        found_by=item.found_by,
        linked_from=item.linked_from,
    )


def body_hash(item: DocumentItem) -> str:
    """The body's sha256, computed once: the spider may have hashed it already."""
    return item.content_hash or hashlib.sha256(item.body).hexdigest()


def seen_again(known: DocumentRecord, item: DocumentItem) -> DocumentRecord:
    """The stored record touched by this sweep: same bytes, so its findings are seen again.

    Validators the server sent now replace the stored ones (they belong to the same bytes).
    """
    return replace(
        known,
        final_url=item.final_url,
        etag=item.etag or known.etag,
        last_modified=item.last_modified or known.last_modified,
        fetched_at=_naive_utc(item.fetched_at),
        found_by=item.found_by,
        linked_from=item.linked_from,
    )


def _naive_utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC).replace(tzinfo=None)


class DocumentPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentPipeline:
        return cls(crawler)

    @property
    def ctx(self) -> SweepContext:
        return context_of(self.crawler)

    async def close_spider(self) -> None:
        await self.ctx.recorder.close()

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        ctx = self.ctx
        try:
            unchanged = await self.handle(item, ctx)
        finally:
            item.body = b""
            ctx.tracker.release(item.lao_code, item.ticket)
            ctx.recorder.maybe_flush()
        if unchanged:
            ctx.tracker.totals.unchanged += 1
            self.crawler.stats.inc_value("x4watch/unchanged")
            raise DropItem(f"unchanged since the last sweep ({unchanged}): not parsed again")
        return item

    async def handle(self, item: DocumentItem, ctx: SweepContext) -> str:
        """Parse, scan and batch one item; returns why it was skipped ('' when it was not)."""
        if item.recheck:
            await self.recheck(item, ctx)
            return ""
        known = item.known
        if item.not_modified:
            ctx.tracker.totals.not_modified += 1
            if known is not None:
                ctx.recorder.document(seen_again(known, item), ())
            return "HTTP 304"
        content_hash = body_hash(item)
        if known is not None and known.content_hash == content_hash:
            ctx.recorder.document(seen_again(known, item), ())
            return "same sha256"
        size = len(item.body)
        ctx.tracker.totals.parsed += 1
        parsed = await analysed(item, ctx)
        self.batch(item, parsed, content_hash, size, ctx)
        stats = self.crawler.stats
        for doc in parsed:
            stats.inc_value(f"x4watch/parse/{doc.status}")
        stats.inc_value("x4watch/bytes", size)
        ctx.tracker.totals.bytes += size
        return ""

    @staticmethod
    async def recheck(item: DocumentItem, ctx: SweepContext) -> None:
        """Report which fingerprints each re-fetched document still holds (None: could not read it)."""
        content_hash = body_hash(item)
        for doc in await analysed(item, ctx):
            present = {f.fingerprint for f in doc.findings} if doc.status in PARSED else None
            ctx.recorder.recheck(doc.source, item.http_status, content_hash, present)

    @staticmethod
    def batch(
        item: DocumentItem,
        parsed: list[ParsedDocument],
        content_hash: str,
        size: int,
        ctx: SweepContext,
    ) -> None:
        whole = len(parsed) == 1 and parsed[0].source == item.url
        if not whole:
            ctx.recorder.document(record_for(item, None, content_hash, size), ())
        for doc in parsed:
            ctx.recorder.document(record_for(item, doc, content_hash if whole else None, size), doc.findings)
