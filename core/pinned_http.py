"""urllib connections made only to the addresses the SSRF guard approved (``core.guard``).

For code outside Scrapy (``seeds discover`` and its sources): every URL, redirects included, is
judged before it is opened, and without a proxy each connection goes to the address the guard
approved for its host (the Host header and TLS server name stay the name's), so a second DNS answer
cannot swap in a private address. Scrapy's side of the same pinning is ``crawler.pinning``.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from core.guard import Guard


class GuardRefused(urllib.error.URLError):
    """urllib's failure for a URL the guard refused (an ``OSError``, like every urllib failure)."""


def _connect_pinned(guard: Guard, address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
    """``socket.create_connection`` to the address the guard approved for the host."""
    host, port = address
    verdict = guard.check(host)
    if not verdict.allowed or not verdict.addresses:
        raise GuardRefused(verdict.refusal or f"{host} was not resolved by the guard")
    return socket.create_connection((verdict.addresses[0], port), *args, **kwargs)


def _pinned(guard: Guard, connection: type[http.client.HTTPConnection]) -> Callable[..., http.client.HTTPConnection]:
    def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
        made = connection(host, **kwargs)
        made._create_connection = lambda address, *a, **k: _connect_pinned(guard, address, *a, **k)  # type: ignore[attr-defined]
        return made

    return make


class _GuardHandler(urllib.request.BaseHandler):
    """Judges every request before it is opened; a redirect is opened as a new request."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
        verdict = self.guard.check_url(request.full_url)
        if verdict.refusal:
            raise GuardRefused(verdict.refusal)
        return request

    https_request = http_request


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guard: Guard) -> None:
        super().__init__()
        self.guard = guard

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_pinned(self.guard, http.client.HTTPConnection), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guard: Guard) -> None:
        super().__init__()
        self.guard = guard

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_pinned(self.guard, http.client.HTTPSConnection), req, context=self._context)  # type: ignore[attr-defined]


def guarded_opener(guard: Guard, proxy: str = "") -> urllib.request.OpenerDirector:
    """A urllib opener under the guard: every URL and redirect judged, ``GuardRefused`` when refused.

    Without ``proxy`` each connection goes to the address the guard approved for its host. Through
    a proxy, the proxy connects and pinning is its job; the guard still judges every URL.
    """
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {}),
        _GuardHandler(guard),
    ]
    if not proxy:
        handlers += [_PinnedHTTPHandler(guard), _PinnedHTTPSHandler(guard)]
    return urllib.request.build_opener(*handlers)
