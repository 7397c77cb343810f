"""Re-check, within minutes, the documents an LAO reports removed or replaced.

The portal never closes a case on the LAO's word: a report only queues the document's URL here.
A background thread waits ``portal.recheck_delay_seconds`` (reports arriving meanwhile join the
same batch), then hands the batch to ``run``: the crawler's recheck path (``crawler.sweep.run_sweep``
in ``recheck`` mode, wired by the command that serves the portal), which re-fetches each URL and
closes as ``remediated`` only the cases whose number is really gone (``store.ingest.record_recheck``).
Cases still open afterwards get a remark saying the re-check still found the number, which the
page shows to the coordinator.

One batch runs at a time; a report made during a run waits for the next batch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from store.portal import PortalData

log = logging.getLogger(__name__)

Run = Callable[[Sequence[tuple[str, str]]], None]
"""Re-fetch (LAO code, URL) pairs and record what was found."""

WHO = "x4watch-portal"
STILL_THERE = "re-check after the LAO's report: the number is still published in this document"
FAILED = "re-check after the LAO's report could not be done now; the daily re-check will try again"


class Rechecker:
    """Queues reported documents and re-checks them in batches on a daemon thread."""

    def __init__(self, run: Run, data: PortalData, delay: float) -> None:
        self.run = run
        self.data = data
        self.delay = delay
        self._pending: dict[str, str] = {}
        self._running: dict[str, str] = {}
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self.batches = 0

    def request(self, lao_code: str, urls: Sequence[str]) -> None:
        """Queue ``urls`` of ``lao_code`` for the next batch."""
        with self._cond:
            for url in urls:
                self._pending[url] = lao_code
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="x4watch-portal-recheck", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def pending(self, lao_code: str) -> set[str]:
        """URLs of ``lao_code`` waiting for or under a re-check."""
        with self._cond:
            return {u for u, code in (*self._pending.items(), *self._running.items()) if code == lao_code}

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is queued or running (tests, the demo); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending or self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopped:
                    self._cond.wait()
                if self._stopped:
                    return
            time.sleep(self.delay)  # later reports join this batch
            with self._cond:
                self._running, self._pending = self._pending, {}
            try:
                self._batch(dict(self._running))
            finally:
                with self._cond:
                    self._running = {}
                    self.batches += 1
                    self._cond.notify_all()

    def _batch(self, batch: dict[str, str]) -> None:
        pairs = sorted((lao, url) for url, lao in batch.items())
        try:
            self.run(pairs)
            note = STILL_THERE
        except Exception as exc:  # the thread must live on; the daily recheck covers these URLs
            log.error("portal re-check of %d document(s) failed: %s", len(pairs), type(exc).__name__)
            note = FAILED
        for lao in sorted(set(batch.values())):
            left = self.data.still_open(lao, [u for u, code in batch.items() if code == lao])
            if left:
                self.data.remark(left, WHO, note)
