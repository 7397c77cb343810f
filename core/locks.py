"""File locks that keep two processes from running the same job at once.

A lock is ``$X4WATCH_HOME/locks/NAME.lock`` held with ``flock``: the kernel drops it when the holder
exits, however it exits (kill -9 included), so a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def job_lock(home: Path, name: str) -> Iterator[bool]:
    """Yield True when this process holds the job's lock file, False when another run holds it."""
    folder = home / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
