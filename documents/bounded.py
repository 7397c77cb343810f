"""``Bounded``: one interface over every parse backend, with a cap on documents out at once.

A backend is anything with ``submit(data, name, content_type, task) -> Future[list[ParsedDocument]]``
whose future never holds an exception: the local ``DocumentPool`` or the cluster's
``crawler.cluster.ClusterPool``. Neither queue is bounded by itself: pebble's grows in the crawl
process's memory, Celery's in Redis's. ``Bounded`` lets ``documents.max_in_flight`` documents out and
makes the next one wait in its coroutine. Scrapy counts a response's bytes against its scraper slot
until the item is processed, so waiting here slows fetching instead of filling memory.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from types import TracebackType
from typing import Any, Protocol

from documents.model import ParsedDocument


class Backend(Protocol):
    def submit(self, data: bytes, name: str, content_type: str | None, task: Any) -> Future[list[ParsedDocument]]: ...

    def close(self) -> None: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class Bounded:
    """A backend with at most ``limit`` documents submitted and not yet back (see the module)."""

    def __init__(self, backend: Backend, limit: int) -> None:
        self.backend = backend
        self._slots = asyncio.Semaphore(max(limit, 1))

    async def analyse(self, data: bytes, name: str, content_type: str | None, task: Any) -> list[ParsedDocument]:
        """Wait for a free slot, hand the document over and wait for its parsed documents."""
        async with self._slots:
            future = self.backend.submit(data, name, content_type, task)
            del data  # the backend has it now; this coroutine no longer holds the body
            return await asyncio.wrap_future(future)

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> Bounded:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.backend.__exit__(exc_type, exc, tb)  # the local pool stops at once on an error
