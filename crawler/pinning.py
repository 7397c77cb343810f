"""Connections made only to the addresses the SSRF guard approved (``core.guard``).

A guard that resolves a name and then lets the connection look it up again can be told one thing
and connect to another (DNS rebinding: a public address to the check, 127.0.0.1 to the connection).
Here the connection asks the guard, and the guard answers from the verdict it keeps per host:
``PinningResolver`` is Twisted's name resolver, installed for Scrapy by ``TWISTED_DNS_RESOLVER``.
Code outside Scrapy pins its urllib connections with ``core.pinned_http.guarded_opener``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from twisted.internet import threads
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution
from zope.interface import implementer

from core.guard import Guard, normal_host, resolve


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
