"""Units of work on the DuckDB file: open, run in one transaction, commit, close, retry on lock.

DuckDB lets one process open a file read-write, and no other process may open it at all meanwhile
(facts.md). So nothing here keeps a connection: every unit of work opens the file, runs one short
transaction and closes it, letting the dashboard and a sweep take turns. When the file is held by
another process, or a concurrent transaction in this process conflicts, the whole unit is retried
with exponential backoff (with jitter) until ``lock_retry_seconds`` have passed; only then does
``StoreBusy`` reach the caller.

Turn-taking: polling alone would let a writer that closes and reopens at once starve a reader
forever. A process that fails to get the file therefore stamps ``<db>.waiting`` with its pid; a
process starting a fresh unit that sees another pid's recent stamp yields for a moment first. It is
advisory only: correctness rests on DuckDB's own lock.

Within one process, units of work on one file run one at a time (a lock per database path around
connect, work and close): DuckDB refuses a second connection to a file this process is opening or
has open ("Unique file handle conflict"), and the big tables' keys are kept unique by anti-joins,
which two concurrent transactions could both pass. Callers in several threads need no lock of their
own.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import duckdb

from store.errors import StoreBusy

T = TypeVar("T")

FIRST_DELAY = 0.005
"""Seconds before the first retry; doubles up to MAX_DELAY."""
MAX_DELAY = 0.05
"""Longest pause between two tries: short, so a waiter catches the holder's next gap."""
WAITING_FRESH = 0.25
"""A waiting stamp younger than this means someone is waiting now."""
YIELD_SECONDS = 0.1
"""How long a fresh unit steps aside for a process that is waiting."""

_FILE_LOCKS: dict[Path, threading.Lock] = {}
_FILE_LOCKS_GUARD = threading.Lock()


def _file_lock(path: Path) -> threading.Lock:
    """The one in-process lock for units of work on ``path`` (every Store and Database of it share it)."""
    with _FILE_LOCKS_GUARD:
        return _FILE_LOCKS.setdefault(path.resolve(), threading.Lock())


_LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")


def is_retryable(exc: BaseException) -> bool:
    """Lock held by another process, or a write-write conflict between two transactions."""
    if isinstance(exc, duckdb.TransactionException):
        return True
    if isinstance(exc, duckdb.IOException):
        return any(marker in str(exc) for marker in _LOCK_MARKERS)
    return False


class Database:
    """Runs units of work on one DuckDB file; safe to share between threads."""

    def __init__(self, path: str | Path, *, lock_retry_seconds: float = 30.0) -> None:
        self.path = Path(path)
        self.lock_retry_seconds = lock_retry_seconds
        self._waiting_path = Path(f"{self.path}.waiting")
        self._rng = random.Random()  # noqa: S311 - jitter, not security

    def run(self, work: Callable[[duckdb.DuckDBPyConnection], T], *, write: bool = True) -> T:
        """Run ``work(con)`` in one transaction on a fresh connection; retry the whole unit on lock.

        Units of one file are serialised within the process (DuckDB's file lock does so across
        processes); ``write=False`` only rolls back instead of committing.
        """
        with _file_lock(self.path):
            return self._retrying(work, write=write)

    def _retrying(self, work: Callable[[duckdb.DuckDBPyConnection], T], *, write: bool) -> T:
        deadline = time.monotonic() + self.lock_retry_seconds
        delay = FIRST_DELAY
        self._yield_to_waiters()
        while True:
            try:
                return self._once(work, write=write)
            except duckdb.Error as exc:
                if not is_retryable(exc):
                    raise
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StoreBusy(str(self.path), self.lock_retry_seconds) from None
                self._stamp_waiting()
                time.sleep(min(remaining, delay * (0.5 + self._rng.random())))
                delay = min(delay * 2, MAX_DELAY)

    def _once(self, work: Callable[[duckdb.DuckDBPyConnection], T], *, write: bool) -> T:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        new = not self.path.exists()
        con = duckdb.connect(str(self.path))
        if new:  # the store holds case evidence: readable by its owner only, whatever the umask
            os.chmod(self.path, 0o600)
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                result = work(con)
                con.execute("COMMIT" if write else "ROLLBACK")
            except BaseException:
                with contextlib.suppress(duckdb.Error):  # a failed COMMIT has rolled back already
                    con.execute("ROLLBACK")
                raise
            return result
        finally:
            con.close()

    def _stamp_waiting(self) -> None:
        try:
            self._waiting_path.write_text(str(os.getpid()))
        except OSError:
            return

    def _yield_to_waiters(self) -> None:
        """Step aside briefly when another process stamped that it is waiting for the file."""
        try:
            stat = self._waiting_path.stat()
            if time.time() - stat.st_mtime > WAITING_FRESH:
                return
            if self._waiting_path.read_text().strip() == str(os.getpid()):
                return
        except (OSError, ValueError):
            return
        time.sleep(YIELD_SECONDS)
