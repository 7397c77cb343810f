"""Time budgets inside one parse, so a slow step degrades a document instead of losing it.

The pool's per-task timeout kills the worker and loses everything the parse had read; a budget
inside the parse lets, say, the pdfminer re-read of a hostile page give up while the fast pdfium
text of every page is kept. ``SIGALRM`` only works in a process's main thread (where pebble runs
tasks); elsewhere the budget is not enforced and the pool's timeout remains the only guard.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from documents.errors import ParseTimeout


def _expire(signum: int, frame: FrameType | None) -> None:
    raise ParseTimeout("time budget exhausted")


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Raise ``ParseTimeout`` inside the block after ``seconds`` (main thread only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
