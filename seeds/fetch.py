"""The HTTP client of discovery: the crawler's User-Agent, the SSRF guard on every hop, one request
per host at a time with the crawler's delay between two, and a cap on bytes and time.

Discovery talks to hosts nobody has vetted (a CT log lists any name), so each hop of a redirect is
checked before it is followed: a name that resolves to a private, loopback or metadata address is
refused before any connection. Through a proxy (tests and demo: the simweb server) names are not
resolved here; the proxy answers for them.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

Resolver = Callable[[str], list[str]]


class GuardRefusal(urllib.error.URLError):
    """The SSRF guard refused a URL (the reason names the host and the address)."""


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


def vetted_address(host: str, *, allow_loopback: bool, resolver: Resolver | None = None) -> str:
    """The address to connect to for ``host``, after the SSRF guard passed every address it has;
    raises GuardRefusal otherwise. Connecting to this address (not resolving again) means a
    second DNS answer cannot swap in a private address."""
    from crawler.middlewares import host_refusal, literal_address, resolve

    literal = literal_address(host)
    addresses = [literal] if literal else (resolver or resolve)(host)
    if not addresses:
        raise GuardRefusal(f"{host} does not resolve")
    reason = host_refusal(host, addresses, allow_loopback=allow_loopback)
    if reason:
        raise GuardRefusal(reason)
    return addresses[0]


def _pinned(base: type[http.client.HTTPConnection], pin: Callable[[str], str]) -> Callable[..., Any]:
    """A connection factory for ``urllib``'s handlers that connects to ``pin(host)``; TLS still
    checks the certificate against the host name."""

    def connection(host: str, **options: Any) -> http.client.HTTPConnection:
        conn = base(host, **options)
        create = conn._create_connection  # type: ignore[attr-defined]

        def connect(address: tuple[str, int], *args: Any) -> socket.socket:
            return create((pin(address[0]), address[1]), *args)  # type: ignore[no-any-return]

        conn._create_connection = connect  # type: ignore[attr-defined]
        return conn

    return connection


class _GuardedHttp(urllib.request.HTTPHandler):
    def __init__(self, pin: Callable[[str], str]) -> None:
        super().__init__()
        self.pin = pin

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_pinned(http.client.HTTPConnection, self.pin), req)


class _GuardedHttps(urllib.request.HTTPSHandler):
    def __init__(self, pin: Callable[[str], str]) -> None:
        super().__init__()
        self.pin = pin

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_pinned(http.client.HTTPSConnection, self.pin), req, context=self._context)  # type: ignore[attr-defined]


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise GuardRefusal(f"redirect to a non-http URL: {newurl[:80]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


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
    """A GET function: every hop guarded (unless through ``proxy``), paced per host, ``None`` on
    any failure or refusal."""

    def pin(host: str) -> str:
        return vetted_address(host, allow_loopback=allow_loopback, resolver=resolver)

    handlers: list[urllib.request.BaseHandler] = [_HttpOnlyRedirects()]
    if proxy:  # the proxy (simweb, loopback) resolves names; nothing is resolved here
        handlers.append(urllib.request.ProxyHandler({"http": proxy, "https": proxy}))
    else:
        handlers += [urllib.request.ProxyHandler({}), _GuardedHttp(pin), _GuardedHttps(pin)]
    opener = urllib.request.build_opener(*handlers)
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
