"""Connections made only to the addresses the SSRF guard approved (``crawler.guard``).

A guard that resolves a name and then lets the connection look it up again can be told one thing
and connect to another (DNS rebinding: a public address to the check, 127.0.0.1 to the connection).
Here the connection asks the guard, and the guard answers from the verdict it keeps per host:

- ``PinningResolver``: Twisted's name resolver, installed for Scrapy by ``TWISTED_DNS_RESOLVER``;
- ``guarded_opener``: a urllib opener for code outside Scrapy (``seeds discover``): every URL,
  redirects included, is judged, and without a proxy each connection goes to the approved address
  (the Host header and TLS server name stay the name's).
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from twisted.internet import threads
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution
from zope.interface import implementer

from crawler.guard import Guard, normal_host, resolve


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        """Lookups run in a thread and cannot be cancelled; their answer is simply not used."""


@implementer(IHostnameResolver)
class PinningResolver:
    """Twisted's name resolver for the crawl: connections go only to addresses the guard approved.

    Installed by Scrapy from ``TWISTED_DNS_RESOLVER``. Every name a connection asks for is judged
    by the guard (from its cache when the downloader middleware already judged it, so the address
    checked is the address connected to); a refused or unresolvable name yields no address, and
    the connection fails with a DNS error instead of going anywhere. The forward proxy's own host
    (``X4_PROXY``, the operator's choice) is resolved without the rules.
    """

    def __init__(self, reactor: Any, guard: Guard, proxy_host: str = "") -> None:
        self.reactor = reactor
        self.guard = guard
        self.proxy_host = normal_host(proxy_host)

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PinningResolver:
        proxy = crawler.settings.get("X4_PROXY") or ""
        guard = Guard.for_crawl(allow_loopback=crawler.settings.getbool("X4_ALLOW_LOOPBACK"), proxy=proxy)
        return cls(reactor, guard, urlsplit(proxy).hostname or "")

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: Any,  # IResolutionReceiver: zope interfaces are not types to mypy
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[Any]] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        resolution = _Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        found = threads.deferToThread(self._addresses, hostName)
        found.addCallback(self._deliver, resolutionReceiver, portNumber)
        found.addErrback(lambda _failure: resolutionReceiver.resolutionComplete())
        return resolution

    def _addresses(self, host: str) -> list[str]:
        if self.proxy_host and normal_host(host) == self.proxy_host:
            return resolve(host)
        verdict = self.guard.check(host)
        if verdict.allowed and not verdict.addresses:  # a name passed unresolved (test proxy mode)
            verdict = self.guard.judge_addresses(verdict.host, self.guard.lookup(verdict.host))
        return list(verdict.addresses) if verdict.allowed else []

    @staticmethod
    def _deliver(addresses: list[str], receiver: Any, port: int) -> None:
        for address in addresses:
            kind = IPv6Address if ":" in address else IPv4Address
            receiver.addressResolved(kind("TCP", address, port))
        receiver.resolutionComplete()


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
