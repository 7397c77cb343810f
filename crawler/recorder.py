"""Everything a sweep writes, in batches, from one writer thread: documents with their findings,
errors, site summaries, progress, and the durable list of sites done.

DuckDB wants few, batched transactions and one writer; the reactor must never wait on a write. So
the pipeline and the spider only append to buffers here, and a single-thread executor flushes them
every ``store.batch_size`` findings or few seconds. A site is written to the sweep's ``sites.done``
file only after the batch holding its last document is committed: that file is what a resumed
sweep skips, so a kill at any moment loses nothing (unfinished sites are swept again, and the store's
writes are idempotent, so nothing doubles either).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from scrapy import Request

from crawler.errors import FetchFailure
from crawler.progress import SPAM_EXAMPLES, Tracker
from crawler.state import SweepState
from detectors.finding import Finding
from store.models import DocumentRecord, SiteRecord

if TYPE_CHECKING:
    from store import Store

log = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0
MAX_DOCUMENTS_PER_BATCH = 2000
ERROR_SAMPLES_PER_TYPE = 20
"""Per site and error type, how many URLs are recorded; the rest are only counted."""


@dataclass
class Batch:
    documents: list[tuple[DocumentRecord, Sequence[Finding]]] = field(default_factory=list)
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)
    sites: list[SiteRecord] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    gone: list[tuple[str, int]] = field(default_factory=list)
    rechecks: list[tuple[str, int, str, set[str] | None]] = field(default_factory=list)
    robots: list[tuple[str, str, bytes]] = field(default_factory=list)
    unreachable: list[tuple[str, str]] = field(default_factory=list)
    contacts: list[tuple[str, str, str, str]] = field(default_factory=list)
    findings: int = 0


class Recorder:
    """Buffers of one sweep and the thread that writes them."""

    def __init__(
        self,
        store: Store,
        sweep_id: int,
        state: SweepState,
        tracker: Tracker,
        batch_findings: int,
    ) -> None:
        self.store = store
        self.sweep_id = sweep_id
        self.state = state
        self.tracker = tracker
        self.batch_findings = batch_findings
        self.batch = Batch()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="x4watch-store")
        self._pending: Future[None] | None = None
        self._last_flush = time.monotonic()
        self._error_counts: dict[tuple[str, str], int] = {}
        self.site_errors: dict[str, FetchFailure] = {}
        """The failure of each site's home page, for its site record."""

    # --- what the spider and pipeline report -------------------------------------------------
    def document(self, record: DocumentRecord, findings: Sequence[Finding]) -> None:
        self.batch.documents.append((record, findings))
        self.batch.findings += len(findings)
        self.tracker.totals.findings += len(findings)

    def recheck(self, url: str, status: int, content_hash: str, present: set[str] | None) -> None:
        """A re-fetched case document and the fingerprints it still holds."""
        self.batch.rechecks.append((url, status, content_hash, present))
        self.tracker.totals.findings += len(present or ())

    def robots(self, lao: str, netloc: str, body: bytes) -> None:
        """A robots.txt just fetched for one of the site's hosts, for later sweeps to reuse."""
        self.batch.robots.append((lao, netloc, body))

    def unreachable(self, lao: str, urls: Sequence[str]) -> None:
        """Stored (masked) case URLs of the site that the sweep could neither reach nor ask for."""
        self.batch.unreachable.extend((lao, url) for url in urls)

    def contacts(self, lao: str, url: str, found: Sequence[tuple[str, str]]) -> None:
        """Contacts a page of the LAO publishes: candidates an analyst confirms before any mail."""
        self.batch.contacts.extend((lao, kind, value, url) for kind, value in found)

    def error(self, lao: str, url: str, kind: str, reason: str) -> None:
        """One error of a site; only the first few URLs of each type are kept, all are counted."""
        self.tracker.totals.errors += 1
        key = (lao, kind)
        self._error_counts[key] = self._error_counts.get(key, 0) + 1
        if self._error_counts[key] <= ERROR_SAMPLES_PER_TYPE:
            self.batch.errors.append((lao, url, kind, reason))

    def offsite(self, lao: str, url: str) -> None:
        """An off-site link: recorded (a sample per site), never followed."""
        self._sample(lao, url, "offsite", "link outside the site: recorded, not followed")

    def spam(self, lao: str, url: str, reason: str) -> None:
        """A gambling-spam link or page of the site, cut from the crawl: counted for the site
        (it is compromised), a few kept as its evidence, a sample in the errors table."""
        state = self.tracker.site(lao)
        state.spam += 1
        if len(state.spam_examples) < SPAM_EXAMPLES:
            state.spam_examples.append(url)
        self._sample(lao, url, "spam", f"gambling spam cut from the crawl: {reason}")

    def _sample(self, lao: str, url: str, kind: str, reason: str) -> None:
        """A URL of a kind that is counted per site, not as an error; the first few are kept."""
        key = (lao, kind)
        self._error_counts[key] = self._error_counts.get(key, 0) + 1
        if self._error_counts[key] <= ERROR_SAMPLES_PER_TYPE:
            self.batch.errors.append((lao, url, kind, reason))

    def trap(self, lao: str, url: str, reason: str) -> None:
        self.error(lao, url, "trap", reason)

    def fetch_failed(self, lao: str, url: str, request: Request, failure: FetchFailure) -> None:
        """A failed fetch of ``url`` (the document URL: a rendering's is ``<page>#rendered``, so a
        failed rendering never holds back the page's own fetch); a document gone (404/410) has its
        open leaks closed as remediated."""
        self.error(lao, url, failure.kind, failure.reason)
        if request.meta.get("site_root"):
            self.site_errors[lao] = failure
        if failure.gone and failure.status is not None:
            self.batch.gone.append((url, failure.status))

    def site_done(self, lao: str, home_url: str) -> None:
        state = self.tracker.sites.get(lao)
        failure = self.site_errors.pop(lao, None)
        kind, reason, status = (failure.kind, failure.reason, failure.status) if failure else ("ok", "", 200)
        pages = state.pages if state else 0
        documents = state.documents if state else 0
        record = SiteRecord(lao, home_url, "", status, kind, reason, pages, documents)
        if state is not None:
            record = replace(record, spam_pages=state.spam, spam_examples=tuple(state.spam_examples))
            if state.tls is not None:
                tls = state.tls
                record = replace(record, tls_protocol=tls.protocol, tls_legacy=tls.legacy, tls_issues=tls.issues)
        self.batch.sites.append(record)
        self.batch.done.append(lao)

    # --- writing --------------------------------------------------------------------------
    def due(self) -> bool:
        b = self.batch
        full = b.findings >= self.batch_findings or len(b.documents) >= MAX_DOCUMENTS_PER_BATCH
        return full or time.monotonic() - self._last_flush >= FLUSH_SECONDS

    def maybe_flush(self) -> None:
        """Hand the current batch to the writer if it is due and the writer is free."""
        if self.due() and (self._pending is None or self._pending.done()):
            self._check(self._pending)
            self._submit()

    def _submit(self) -> Future[None]:
        batch, self.batch = self.batch, Batch()
        self._last_flush = time.monotonic()
        counts = self.tracker.counts()
        self._pending = self._writer.submit(self._write, batch, counts)
        return self._pending

    @staticmethod
    def _check(future: Future[None] | None) -> None:
        if future is not None and future.exception() is not None:
            raise future.exception()  # type: ignore[misc]

    def _write(self, batch: Batch, counts: dict[str, float]) -> None:
        self._write_units(batch, counts)
        self.state.mark_done(batch.done)
        log.debug("sweep %s: batch written at %s", self.sweep_id, self.tracker.line())

    def _write_units(self, batch: Batch, counts: dict[str, float]) -> None:
        """One batch as store calls; the store itself serialises them with the site loads' reads."""
        if batch.documents:
            self.store.record_documents(self.sweep_id, batch.documents)
        if batch.errors:
            self.store.record_errors(self.sweep_id, batch.errors)
        rechecks = [(url, status, None, None) for url, status in batch.gone] + batch.rechecks
        if rechecks:  # one unit of work: opening the store's file costs more than the updates
            self.store.record_rechecks(self.sweep_id, rechecks)
        if batch.unreachable:
            self.store.note_unreachable(self.sweep_id, batch.unreachable)
        if batch.robots:
            self.store.record_robots(batch.robots)
        if batch.sites:
            self.store.record_sites(self.sweep_id, batch.sites)
        if batch.contacts:
            self.store.record_contact_candidates(batch.contacts)
        self.store.update_sweep(self.sweep_id, counts)

    async def close(self) -> None:
        """Write what is left and stop the writer."""
        if self._pending is not None:
            await asyncio.wrap_future(self._pending)
        await asyncio.wrap_future(self._submit())
        self._writer.shutdown(wait=True)

