"""The celery documents backend: ``crawler.analyse`` on ``x4watch worker`` nodes, through Redis.

A first national sweep is ~800,000 OCR'd pages, ~200 CPU-hours: more than one machine has. With
``documents.backend = "celery"`` the crawl node sends each document to a Redis broker and any
number of ``x4watch worker`` nodes run :func:`crawler.analyse.analyse` on it, under the same caps as
the local pool, and send back only what the store keeps (statuses, masked findings, fingerprints).

How the promises of ``documents`` map onto Celery:

* time: ``task_time_limit`` is ``documents.timeout_seconds``; the worker process is killed and the
  document ends with status ``timeout``;
* memory: each worker process has the pool's address-space cap (``documents.memory_mb``, RLIMIT_AS)
  and is replaced once it holds more than that (``worker_max_memory_per_child``);
* a killed worker: ``acks_late`` + ``task_reject_on_worker_lost`` put its document back on the
  queue, and another worker takes it. A document that kills its worker every time is a hostile one:
  after ``MAX_ATTEMPTS`` it ends with status ``corrupt`` instead of going round forever;
* bytes on the broker: each message expires after ``documents.message_ttl_seconds`` and Redis drops
  it once acknowledged; results expire after ``documents.result_ttl_seconds`` and are deleted once
  read. Nothing of a document is written to disk on a worker (Redis runs without persistence:
  README "Several machines").

Messages are JSON (kombu carries the document bytes as base64, a third more broker memory), never
pickle: whoever reaches the broker can then send data, not code, to the workers and the crawl node.
The fingerprint key travels in the message so that workers need no secret of their own; the
document bytes beside it are as sensitive, and both live only in Redis's memory.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from typing import Any

from celery import Celery, Task
from celery.exceptions import TimeLimitExceeded
from celery.signals import worker_process_init
from celery.states import READY_STATES, REVOKED, SUCCESS

from core.config import DocumentsSettings
from crawler.analyse import analyse
from detectors.finding import Finding
from documents.extract import scrub
from documents.model import CORRUPT, TIMEOUT, TOO_LARGE, ParsedDocument, failed
from documents.pool import MAX_TASKS_PER_WORKER, _init_worker
from documents.sniff import sniff

log = logging.getLogger(__name__)

TASK = "x4watch.analyse"
QUEUE = "x4watch"
MAX_ATTEMPTS = 3
"""Deliveries of one document before a worker death on it counts as the document's fault."""
POLL_SECONDS = 0.1
"""How often the crawl node asks Redis for finished results (one MGET for all in flight)."""

app = Celery("x4watch")


def configure(settings: DocumentsSettings, target: Celery = app) -> Celery:
    """``target`` (the worker's app by default) with the broker, limits and serialisation of
    ``settings`` (module docstring)."""
    target.conf.update(
        broker_url=settings.broker_url,
        result_backend=settings.broker_url,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_time_limit=settings.timeout_seconds,
        worker_max_memory_per_child=settings.memory_mb * 1024,  # KiB
        worker_max_tasks_per_child=MAX_TASKS_PER_WORKER,
        worker_prefetch_multiplier=1,  # a worker holds one document per process, no more
        result_expires=settings.result_ttl_seconds,
        broker_transport_options={"visibility_timeout": settings.message_ttl_seconds},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        task_default_queue=QUEUE,
    )
    target.conf.x4watch_memory_mb = settings.memory_mb
    return target


@worker_process_init.connect  # type: ignore[untyped-decorator]  # celery ships no annotations
def _cap_worker_process(**_: Any) -> None:
    """Each prefork process gets the local pool's caps: RLIMIT_AS, one OCR thread, redacted logs."""
    _init_worker(int(app.conf.get("x4watch_memory_mb", 0)))


@app.task(name=TASK, bind=True)  # type: ignore[untyped-decorator]
def analyse_task(
    self: Task, data: bytes, name: str, content_type: str | None, settings: dict[str, Any], key_hex: str
) -> list[dict[str, Any]]:
    """Run ``analyse`` on one document; returns the documents as JSON-able dicts, without pages."""
    attempts_key = f"x4watch-attempts-{self.request.id}"
    client = self.backend.client
    attempts = int(client.incr(attempts_key))
    client.expire(attempts_key, int(settings["timeout_seconds"]) * (MAX_ATTEMPTS + 1) + 60)
    if attempts > MAX_ATTEMPTS:
        reason = f"a parser process died on this document {MAX_ATTEMPTS} times"
        return [asdict(failed(name, sniff(data, name, content_type, deep=False), CORRUPT, reason))]
    docs = analyse(data, name, content_type, DocumentsSettings(**settings), bytes.fromhex(key_hex))
    client.delete(attempts_key)
    return [asdict(doc) for doc in docs]


def from_dict(raw: dict[str, Any]) -> ParsedDocument:
    """A ParsedDocument back from its JSON form (no pages: the worker never sends them)."""
    findings = tuple(Finding(**{**f, "reasons": tuple(f["reasons"])}) for f in raw["findings"])
    return ParsedDocument(
        raw["source"], raw["media_type"], raw["status"], raw["reason"], (), findings, raw["ocr_pages"]
    )


@dataclass
class _Out:
    """A document sent and not back yet. Its arguments stay here (at most ``max_in_flight`` of them)
    so that it can be sent again if Redis restarts and forgets it."""

    future: Future[list[ParsedDocument]]
    name: str
    media_type: str
    args: tuple[Any, ...]
    deadline: float


class ClusterPool:
    """``DocumentPool``'s ``submit`` over Celery: documents go to ``x4watch worker`` nodes.

    One thread asks Redis for the results of every document out at once and settles each future;
    like the local pool's, a future never holds an exception. Redis keeps nothing on disk, so a
    restart loses the queue: the thread notices (Redis's ``run_id`` changes) and sends again every
    document still out, and any that could not be sent while Redis was down.
    """

    def __init__(self, settings: DocumentsSettings) -> None:
        self.settings = settings
        self.app = configure(settings, Celery("x4watch", set_as_current=False))  # its own broker connection
        self._out: dict[str, _Out] = {}
        self._unsent: list[_Out] = []
        self._run_id = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._poller = threading.Thread(target=self._poll, name="x4watch-cluster-results", daemon=True)
        self._poller.start()

    def submit(
        self, data: bytes, name: str = "", content_type: str | None = None, task: Any = None
    ) -> Future[list[ParsedDocument]]:
        """Send one document for ``crawler.analyse`` (``task`` must be ``partial(analyse, key=...)``)."""
        if not (isinstance(task, functools.partial) and task.func is analyse):
            raise TypeError("the celery backend runs crawler.analyse only: pass partial(analyse, key=...)")
        out = _Out(
            Future(),
            name,
            sniff(data, name, content_type, deep=False),
            (data, name, content_type, asdict(self.settings), task.keywords["key"].hex()),
            time.monotonic() + self.settings.message_ttl_seconds + self.settings.timeout_seconds * MAX_ATTEMPTS,
        )
        self._send(out)
        return out.future

    def _send(self, out: _Out) -> None:
        try:
            sent = self.app.send_task(TASK, args=out.args, expires=self.settings.message_ttl_seconds)
        except Exception as exc:  # broker unreachable: the poller sends it again
            log.warning("cluster: cannot send %s (%s); will retry", out.name, type(exc).__name__)
            with self._lock:
                self._unsent.append(out)
            return
        with self._lock:
            self._out[sent.id] = out

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                self._round()
            except Exception as exc:  # Redis restarting: ask again on the next round
                log.warning("cluster: cannot read results (%s); retrying", type(exc).__name__)

    def _round(self) -> None:
        """Resend what Redis lost or never got, then settle every finished document."""
        backend = self.app.backend
        run_id = str(backend.client.info("server")["run_id"])
        with self._lock:
            lost = list(self._out.values()) if self._run_id and run_id != self._run_id else []
            if lost:
                self._out.clear()
            lost += self._unsent
            self._unsent = []
            self._run_id = run_id
            ids = list(self._out)
        if lost:
            log.warning("cluster: sending %d documents again (the broker restarted or was down)", len(lost))
        for out in lost:
            self._send(out)
        keys = [backend.get_key_for_task(task_id) for task_id in ids]
        values = backend.client.mget(keys) if keys else []
        now = time.monotonic()
        for task_id, key, raw in zip(ids, keys, values, strict=True):
            meta = backend.decode_result(raw) if raw is not None else None
            if meta is not None and meta["status"] in READY_STATES:
                self._settle(task_id, meta)
                backend.client.delete(key)
            elif (waiting := self._out.get(task_id)) is not None and now > waiting.deadline:
                self._give_up(task_id)

    def _settle(self, task_id: str, meta: dict[str, Any]) -> None:
        with self._lock:
            out = self._out.pop(task_id, None)
        if out is None:  # sent again meanwhile
            return
        if meta["status"] == SUCCESS:
            out.future.set_result([from_dict(raw) for raw in meta["result"]])
            return
        exc = meta["result"]
        if isinstance(exc, TimeLimitExceeded):
            reason = f"parsing took longer than documents.timeout_seconds ({self.settings.timeout_seconds:.0f} s)"
            doc = failed(out.name, out.media_type, TIMEOUT, reason)
        elif meta["status"] == REVOKED:
            reason = "no worker started it within documents.message_ttl_seconds"
            doc = failed(out.name, out.media_type, TIMEOUT, reason)
        elif isinstance(exc, MemoryError):
            doc = failed(out.name, out.media_type, TOO_LARGE, "parsing exceeded the memory cap on a worker")
        else:
            doc = failed(out.name, out.media_type, CORRUPT, scrub(f"worker: {type(exc).__name__}: {exc}"))
        out.future.set_result([doc])

    def _give_up(self, task_id: str) -> None:
        with self._lock:
            out = self._out.pop(task_id, None)
        if out is None:
            return
        reason = "no worker returned it within documents.message_ttl_seconds"
        out.future.set_result([failed(out.name, out.media_type, TIMEOUT, reason)])

    def close(self) -> None:
        """Stop reading results; documents still out are not waited for."""
        self._stop.set()
        self._poller.join()

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_worker(settings: DocumentsSettings, concurrency: int) -> None:
    """Run a prefork Celery worker for ``x4watch.analyse`` until stopped (``x4watch worker``)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    logging.getLogger("celery.app.trace").setLevel(logging.WARNING)  # not one line per document's result
    configure(settings).worker_main(
        [
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=INFO",
            "-Q",
            QUEUE,
            "--without-gossip",
            "--without-mingle",
            "-n",
            "x4watch@%h",
        ]
    )


def cluster_status(settings: DocumentsSettings) -> tuple[dict[str, int], int]:
    """({worker answering within a second: its parser processes}, documents waiting on the queue).

    Raises kombu's ``OperationalError`` within about a second if the broker cannot be reached."""
    client = configure(settings, Celery("x4watch", set_as_current=False))
    client.conf.broker_connection_timeout = 1.0
    with client.connection_for_read() as conn:
        conn.ensure_connection(max_retries=0)
        waiting = int(conn.default_channel.client.llen(QUEUE))
    stats = client.control.inspect(timeout=1.0).stats() or {}
    return {name: int(info["pool"]["max-concurrency"]) for name, info in stats.items()}, waiting
