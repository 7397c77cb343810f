"""``DocumentPool``: parses in killable, memory-capped worker processes.

Hostile files are normal on the open web: a 40 KB PDF kept pdfminer.six busy past 60 s, a 0.4 MB one
made it take 854 MB, a corrupted XLS made python-calamine abort the whole process. Python's own
process pool cannot stop a running task; pebble's can. Each task runs under
``documents.timeout_seconds`` (the worker is killed and replaced when it overruns) and each worker
under an address-space cap of ``documents.memory_mb`` (``RLIMIT_AS``, so allocation fails with a
MemoryError instead of the machine swapping). The returned future never holds an exception: a
timeout, a killed worker or a crash becomes a ParsedDocument with a status and reason.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from types import TracebackType

import pebble

from core.config import DocumentsSettings
from detectors import redact
from documents.extract import extract, scrub
from documents.model import CORRUPT, TIMEOUT, TOO_LARGE, ParsedDocument, failed
from documents.sniff import sniff

MAX_TASKS_PER_WORKER = 200
"""Workers are replaced after this many documents, so leaks in C libraries cannot accumulate."""
_KILLED_BY_MEMORY = {signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}


def _init_worker(memory_mb: int) -> None:
    """Cap the worker's address space, keep Tesseract single-threaded, redact what it logs."""
    redact.install()  # a parser library's warning may quote document text
    os.environ["OMP_THREAD_LIMIT"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


Task = Callable[[bytes, str, "str | None", DocumentsSettings], list[ParsedDocument]]
"""What a worker runs on one document: ``extract`` by default; a sweep passes a task that also runs
the detectors there (``crawler.analyse``), so only statuses and findings come back."""


def _died(name: str, media_type: str, exitcode: int | None) -> ParsedDocument:
    """The ParsedDocument for a worker that died while parsing (abort, segfault, kill)."""
    if exitcode is not None and exitcode < 0:
        sig = signal.Signals(-exitcode)
        status = TOO_LARGE if sig in _KILLED_BY_MEMORY else CORRUPT
        return failed(name, media_type, status, f"parser process died of {sig.name} on this document")
    return failed(name, media_type, CORRUPT, f"parser process exited with code {exitcode}")


def _settle(
    task: Future[list[ParsedDocument]],
    result: Future[list[ParsedDocument]],
    name: str,
    media_type: str,
    timeout: float,
) -> None:
    """Copy a pebble task's outcome into ``result``, turning every failure into a status."""
    try:
        result.set_result(task.result())
    except FutureTimeout:
        reason = f"parsing took longer than documents.timeout_seconds ({timeout:.0f} s)"
        result.set_result([failed(name, media_type, TIMEOUT, reason)])
    except CancelledError:
        result.set_result([failed(name, media_type, TIMEOUT, "parse cancelled: the pool was stopped")])
    except pebble.ProcessExpired as exc:
        result.set_result([_died(name, media_type, exc.exitcode)])
    except MemoryError:
        result.set_result([failed(name, media_type, TOO_LARGE, "the parse result exceeded the memory cap")])
    except Exception as exc:  # the future must never hold an exception
        result.set_result([failed(name, media_type, CORRUPT, scrub(f"{type(exc).__name__}: {exc}"))])


class DocumentPool:
    """Worker processes that parse documents with time and memory caps (see the module docstring)."""

    def __init__(self, settings: DocumentsSettings | None = None, *, workers: int | None = None) -> None:
        self.settings = settings or DocumentsSettings()
        self._pool = pebble.ProcessPool(
            max_workers=workers or self.settings.workers,
            max_tasks=MAX_TASKS_PER_WORKER,
            initializer=_init_worker,
            initargs=(self.settings.memory_mb,),
            context=multiprocessing.get_context("forkserver"),
        )

    def submit(
        self, data: bytes, name: str = "", content_type: str | None = None, task: Task = extract
    ) -> Future[list[ParsedDocument]]:
        """Queue one document; the future resolves to its ParsedDocuments, never to an exception.

        ``task`` (a picklable module-level function or a partial of one) runs in the worker under
        the pool's time and memory caps, whatever it does after parsing.
        """
        result: Future[list[ParsedDocument]] = Future()
        media_type = sniff(data, name, content_type, deep=False)  # magic bytes only: no parsing here
        timeout = self.settings.timeout_seconds
        try:
            scheduled = self._pool.schedule(task, args=(data, name, content_type, self.settings), timeout=timeout)
        except RuntimeError as exc:  # pool closed or broken
            result.set_result([failed(name, media_type, CORRUPT, f"document pool unavailable: {exc}")])
            return result
        scheduled.add_done_callback(lambda done: _settle(done, result, name, media_type, timeout))
        return result

    def parse(
        self, data: bytes, name: str = "", content_type: str | None = None, task: Task = extract
    ) -> list[ParsedDocument]:
        """Parse one document in a worker (and run ``task`` there) and wait for it."""
        return self.submit(data, name, content_type, task).result()

    def close(self) -> None:
        """Finish queued work and stop the workers."""
        self._pool.close()  # type: ignore[no-untyped-call]  # pebble ships no annotations here
        self._pool.join()

    def __enter__(self) -> DocumentPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self._pool.stop()  # type: ignore[no-untyped-call]
            self._pool.join()
