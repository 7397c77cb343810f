"""Rate limits of the portal: at most N events per window per key (a link's id, a client address).

A fixed number of timestamps per key in a deque (a sliding window log): exact, and small because N
is small (tens per minute). Keys idle for a whole window are dropped on the way, so a flood of new
addresses cannot grow the table without bound past ``max_keys`` (the oldest go first). In memory:
one portal process serves every coordinator; a restart forgets the counts.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class RateLimit:
    """``limit`` events per ``window`` seconds per key."""

    def __init__(
        self, limit: int, window: float, *, max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one event for ``key`` when it is within the limit; False (nothing counted) when not."""
        now = self.clock()
        with self._lock:
            events = self._events.pop(key, None) or deque()
            while events and now - events[0] >= self.window:
                events.popleft()
            allowed = len(events) < self.limit
            if allowed:
                events.append(now)
            if events:
                self._events[key] = events
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)
            return allowed

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may act again (0 when it may now)."""
        now = self.clock()
        with self._lock:
            events = self._events.get(key)
            if not events or len(events) < self.limit:
                return 0.0
            return max(0.0, events[0] + self.window - now)
