"""What operators see of a sweep's parsing: workers online, queue depth, OCR'd pages a minute, ETA.

One computation for ``x4watch serve --status`` and the dashboard's sweep page, from two sources:

* the sweep's store record, which the crawl process updates at every batch (``Tracker.counts``):
  documents fetched, pages OCR'd, the seconds this crawl process has run and the sites done, of
  which ``sites_resumed`` were done by an earlier, interrupted process;
* the parse backend itself (``documents.backend``): the local pool's size, or the Celery workers
  that answer on the broker and the documents waiting there.

Rates are averages over this crawl process's run: a resumed sweep's counts start again at zero, and
its first process's sites are left out of the documents per site. The ETA is documents left at that
rate: the sites not done yet, times the documents a site has held so far in this run. The first
sweep is OCR-bound (issue 18), so documents left, not sites left, is what says when it ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.config import DocumentsSettings
from store.models import Sweep


@dataclass(frozen=True)
class Rates:
    """A sweep's throughput and ETA, worked out from its store record."""

    sweep_id: int
    status: str
    sites_total: int
    sites_done: int
    sites_resumed: int
    documents: int
    ocr_pages: int
    elapsed: float
    """Seconds the crawl process that wrote these counts has run (0 if the record has none)."""

    @classmethod
    def of(cls, sweep: Sweep) -> Rates:
        counts = sweep.counts
        return cls(
            sweep_id=sweep.id,
            status=sweep.status,
            sites_total=sweep.sites_total or 0,
            sites_done=sweep.sites_done or 0,
            sites_resumed=int(counts.get("sites_resumed", 0)),
            documents=sweep.documents or 0,
            ocr_pages=int(counts.get("ocr_pages", 0)),
            elapsed=float(counts.get("elapsed", 0.0)),
        )

    @property
    def running(self) -> bool:
        return self.status == "running"

    def _per_minute(self, count: int) -> float | None:
        return count * 60.0 / self.elapsed if self.elapsed > 0 else None

    @property
    def ocr_pages_per_minute(self) -> float | None:
        return self._per_minute(self.ocr_pages)

    @property
    def documents_per_minute(self) -> float | None:
        return self._per_minute(self.documents)

    @property
    def documents_left(self) -> float | None:
        """Documents the sites not done yet should hold, at this run's documents per site done;
        None before this run has finished a site."""
        left = max(self.sites_total - self.sites_done, 0)
        if not left:
            return 0.0
        done_here = self.sites_done - self.sites_resumed
        if done_here <= 0:
            return None
        return left * self.documents / done_here

    @property
    def eta_seconds(self) -> float | None:
        """Seconds until the sweep ends at this run's documents a minute; 0 once every site is
        done, None while a running sweep has too little to go on (and for a sweep that stopped)."""
        left = self.documents_left
        if left == 0.0:
            return 0.0
        rate = self.documents_per_minute
        if not self.running or left is None or not rate:
            return None
        return left / rate * 60.0


@dataclass(frozen=True)
class Backend:
    """The parse backend as it is now."""

    name: str
    """``local`` or ``celery`` (``documents.backend``)."""
    processes: int
    """Parser processes: the local pool's size, or those of every Celery worker that answered."""
    workers: tuple[str, ...] = ()
    """Celery workers online (node names); none for the local pool."""
    queued: int | None = None
    """Documents waiting on the broker; None for the local pool (its queue lives in the crawl process)."""
    problem: str = ""
    """Why the broker could not be asked (unreachable, wrong password): shown instead of the counts."""


def backend(settings: DocumentsSettings) -> Backend:
    """The backend ``settings`` name, with its workers and queue if it is Celery (which is imported
    only then: the local backend needs no broker library)."""
    if settings.backend != "celery":
        return Backend(settings.backend, settings.workers)
    from crawler.cluster import cluster_status

    try:
        workers, queued = cluster_status(settings)
    except Exception as exc:  # a status line says the broker is down, whatever the cause
        return Backend("celery", 0, problem=f"broker unreachable ({type(exc).__name__})")
    return Backend("celery", sum(workers.values()), tuple(sorted(workers)), queued)


def hours_minutes(seconds: float) -> tuple[int, int]:
    """An ETA to the nearest minute, as (hours, minutes)."""
    hours, rest = divmod(round(seconds / 60), 60)
    return hours, rest


def minutes(seconds: float) -> str:
    """``h:mm h`` (or ``m min`` under an hour) for an ETA."""
    hours, rest = hours_minutes(seconds)
    return f"{hours}:{rest:02d} h" if hours else f"{rest} min"


def status_lines(parse: Backend, rates: Rates | None) -> list[str]:
    """``x4watch serve --status``'s lines about the backend and the latest sweep."""
    if parse.problem:
        lines = [f"parsing: celery, {parse.problem}"]
    elif parse.name == "celery":
        lines = [
            f"parsing: celery, {len(parse.workers)} workers online ({', '.join(parse.workers) or 'none'}), "
            f"{parse.processes} processes, {parse.queued} documents queued"
        ]
    else:
        lines = [f"parsing: local pool of {parse.processes} processes"]
    if rates is not None:
        ocr = rates.ocr_pages_per_minute
        eta = rates.eta_seconds
        lines.append(
            f"sweep #{rates.sweep_id} {rates.status}: {rates.sites_done}/{rates.sites_total} sites, "
            f"{rates.documents} documents, "
            f"{'?' if ocr is None else f'{ocr:.1f}'} OCR pages/min, ETA {'?' if eta is None else minutes(eta)}"
        )
    return lines
