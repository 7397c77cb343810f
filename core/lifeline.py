"""Helper processes that end with the process that started them.

A crawl child, a parse worker or a forkserver left behind by a parent killed with SIGKILL (or by
``timeout``) kept writing to the store with parent 1 for minutes. Linux's ``PR_SET_PDEATHSIG`` fires
when the *thread* that forked the child ends, not the process, so a sweep started from a scheduler
thread would be stopped when that thread went; a watchdog thread that polls ``getppid`` has no such
trap and works wherever Python does. When the parent is gone it sends the process ``SIGTERM`` (the
crawl stops cleanly, a parse worker ends at once) and, should that not end it within ``grace``
seconds, exits hard: the sweep is resumable from its state folder, so nothing is lost either way.
"""

from __future__ import annotations

import os
import signal
import threading
import time

POLL_SECONDS = 0.5
GRACE_SECONDS = 5.0
"""How long an orphaned process may take to stop cleanly before it exits hard (a crawl's clean stop
still works through the requests its download slots hold, a politeness delay apart)."""


def watch_parent(parent_pid: int, *, grace: float = GRACE_SECONDS, poll: float = POLL_SECONDS) -> threading.Thread:
    """Start a daemon thread that ends this process once ``parent_pid`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(poll)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace)
        os._exit(128 + signal.SIGTERM)

    thread = threading.Thread(target=watch, name="x4watch-lifeline", daemon=True)
    thread.start()
    return thread
