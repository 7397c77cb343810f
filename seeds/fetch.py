"""The HTTP client of discovery: the crawler's User-Agent, the SSRF guard on every hop, one request
per host at a time with the crawler's delay between two, and a cap on bytes and time.

Discovery talks to hosts nobody has vetted (a CT log lists any name), so each hop of a redirect is
checked before it is followed: a name that resolves to a private, loopback or metadata address is
refused before any connection. Through a proxy (tests and demo: the simweb server) names are not
resolved here; the proxy answers for them.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.guard import Guard
from core.pinned_http import guarded_opener

Resolver = Callable[[str], list[str]]


@dataclass
class HostPacing:
    """One request per host at a time, ``delay`` seconds apart (the crawler's politeness)."""

    delay: float
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def hold(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait(self, host: str) -> None:
        """Sleep until ``delay`` has passed since the host's last request (call holding its lock)."""
        pause = self._last.get(host, float("-inf")) + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last[host] = time.monotonic()


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    body: bytes
    content_type: str


def http_getter(
    proxy: str,
    user_agent: str,
    timeout: float,
    *,
    max_bytes: int = 2_000_000,
    delay: float = 0.0,
    allow_loopback: bool = False,
    resolver: Resolver | None = None,
) -> Callable[[str], Response | None]:
    """A GET function: every hop judged by the SSRF guard and, without ``proxy``, connected to the
    address it approved; paced per host; ``None`` on any failure or refusal."""

    guard = Guard(allow_loopback=allow_loopback, resolve_names=not (allow_loopback and proxy), lookup=resolver)
    opener = guarded_opener(guard, proxy)
    pacing = HostPacing(delay)

    def get(url: str) -> Response | None:
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        host = urlsplit(url).hostname or ""
        request = urllib.request.Request(url, headers={"User-Agent": user_agent})  # noqa: S310 (http(s) checked)
        with pacing.hold(host):
            pacing.wait(host)
            try:
                with opener.open(request, timeout=timeout) as answer:
                    if answer.status != 200:
                        return None
                    return Response(answer.geturl(), answer.read(max_bytes), answer.headers.get("Content-Type", ""))
            except (OSError, ValueError):
                return None

    return get
