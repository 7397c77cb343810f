"""The SSRF guard: which hosts a crawl may connect to, and the addresses it connects to.

One set of rules for every path that fetches on a site's say-so: Scrapy's downloader (through
``crawler.middlewares.SsrfGuardMiddleware`` and ``crawler.pinning.PinningResolver``), the headless browser (every
request it makes is fetched through Scrapy, ``crawler.browser``) and anything else that follows
URLs from the web (``check_url``, ``Guard.check_url``, ``core.pinned_http.guarded_opener``).

A host passes when it is a public name or address. A name passes only when it resolves, and only
when every address it resolves to is public (fail closed: a name that does not resolve is refused,
not waved through to a connection that would look it up again). The answer that passed is the one
connected to: ``crawler.pinning`` serves connections (Twisted's, urllib's) the addresses the guard
approved, from the guard's own cache, so a name cannot answer a public address to the check and a
private one to the connection (DNS rebinding).

An address is refused when it is loopback, private, link-local (cloud metadata at 169.254.169.254),
multicast, reserved, unspecified, shared (100.64/10), IPv6 site-local (fec0::/10) or unique-local,
or when it embeds an IPv4 address that is refused: IPv4-mapped (``::ffff:127.0.0.1``),
IPv4-compatible (``::127.0.0.1``), NAT64 (``64:ff9b::7f00:1``), 6to4 (``2002:7f00:1::``); Teredo
tunnels are refused outright. Python's ``is_global`` alone is not enough: on 3.11 it calls
``::7f00:1``, ``fec0::1`` and ``224.0.0.1`` global.

Test and demo mode (``allow_loopback``) lets 127.0.0.1 and ::1 through, where simweb and the test
servers listen, and nothing else: the rest of 127/8 stays refused, so a test can stand a "private"
server on 127.0.0.2 that the crawler must never reach. Behind a forward proxy in that mode, names
are not resolved at all (simweb's hosts exist only in the proxy), only literal addresses checked.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Lookup = Callable[[str], list[str]]

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data", "metadata.azure.internal"})
TEST_ADDRESSES = frozenset({ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")})
"""What test/demo mode allows beyond public addresses."""
SCHEMES = frozenset({"http", "https"})
NAT64 = (ipaddress.ip_network("64:ff9b::/96"),)
REFUSED_V6 = (
    ipaddress.ip_network("64:ff9b:1::/48"),  # local-use NAT64 (RFC 8215): maps anything
    ipaddress.ip_network("2001::/32"),  # Teredo: the tunnel's far end is not ours to judge
    ipaddress.ip_network("fec0::/10"),  # site-local (deprecated, still routed by some stacks)
    ipaddress.ip_network("100::/64"),  # discard-only
)
IPV4_SPELLING = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}$", re.I)
"""What ``inet_aton`` reads as an IPv4 address: ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``."""
CACHE_SIZE = 10_000


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries and leads to (mapped, compatible, NAT64, 6to4)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if any(ip in net for net in NAT64):
        return low
    if int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d, IPv4-compatible (deprecated, still parsed)
        return low
    return None


def address_refusal(address: str | IPAddress, *, allow_loopback: bool) -> str | None:
    """Why a connection must not go to this IP address, or None when it may."""
    ip = ipaddress.ip_address(address)
    if allow_loopback and ip in TEST_ADDRESSES:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            reason = address_refusal(inner, allow_loopback=False)
            return f"{ip} embeds {reason}" if reason else None
    plain = _plain_refusal(ip)
    if plain is None and isinstance(ip, ipaddress.IPv6Address) and (ip.scope_id or any(ip in n for n in REFUSED_V6)):
        return f"tunnel, site-local or scoped address {ip}"
    return plain


def _plain_refusal(ip: IPAddress) -> str | None:
    if ip.is_loopback:
        return f"loopback address {ip}"
    if ip.is_link_local:
        return f"link-local or metadata address {ip}"
    if ip.is_multicast:
        return f"multicast address {ip}"
    if ip.is_private or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return f"private or reserved address {ip}"
    return None


def normal_host(host: str) -> str:
    """The host as connections see it: lower case, without IPv6 brackets or a trailing dot
    (``localhost.`` and ``127.0.0.1.`` are ``localhost`` and ``127.0.0.1`` to a resolver)."""
    return host.strip().lower().strip("[]").removesuffix(".")


def literal_address(host: str) -> IPAddress | None:
    """The host as an IP address when it is one in any spelling a resolver accepts, else None."""
    host = normal_host(host)
    if not host or not (host[0].isdigit() or ":" in host):
        return None  # a name: IPv6 has colons, every IPv4 spelling starts with a digit
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if IPV4_SPELLING.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def resolve(host: str) -> list[str]:
    """Every address the system resolver gives for the host ([] when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


@dataclass(frozen=True)
class Verdict:
    """What the guard decided about a host: the addresses to connect to, or why not.

    ``kind`` is the error type recorded for the site: ``ssrf`` for a forbidden target, ``dns`` for
    a name that does not resolve. ``addresses`` is empty for a refusal, and for a name passed
    unresolved behind the test proxy.
    """

    host: str
    addresses: tuple[str, ...] = ()
    refusal: str | None = None
    kind: str = "ssrf"

    @property
    def allowed(self) -> bool:
        return self.refusal is None


class Guard:
    """The rules with a resolver and a bounded cache of verdicts, one per host.

    ``lookup`` is the resolver (``resolve`` unless a test injects one); ``resolve_names`` False
    passes names unresolved (test mode behind the simweb proxy only). A verdict stays for the
    guard's life (a sweep) or until evicted; a re-check after eviction applies the rules again.
    """

    def __init__(self, *, allow_loopback: bool, resolve_names: bool = True, lookup: Lookup | None = None) -> None:
        self.allow_loopback = allow_loopback
        self.resolve_names = resolve_names
        self.lookup: Lookup = lookup or resolve
        self._cache: OrderedDict[str, Verdict] = OrderedDict()
        self._lock = threading.Lock()  # the middleware and the resolver judge from threads

    @classmethod
    def for_crawl(cls, *, allow_loopback: bool, proxy: str) -> Guard:
        """The guard under ``crawl.allow_loopback`` and ``crawl.proxy``: in test mode behind the
        simweb proxy names are not resolved (they exist only there)."""
        return cls(allow_loopback=allow_loopback, resolve_names=not (allow_loopback and proxy))

    def cached(self, host: str) -> Verdict | None:
        with self._lock:
            verdict = self._cache.get(normal_host(host))
            if verdict is not None:
                self._cache.move_to_end(verdict.host)
            return verdict

    def check(self, host: str) -> Verdict:
        """The verdict on a host, resolving it (blocking) when not cached."""
        return self.cached(host) or self.remember(self.judge(host, self.lookup))

    def check_url(self, url: str) -> Verdict:
        """The verdict on a URL's host (resolving it when not cached); schemes but http(s) are refused."""
        return self.cached_url(url) or self.check(urlsplit(url).hostname or "")

    def cached_url(self, url: str) -> Verdict | None:
        """The verdict on a URL when it needs no lookup: a refused scheme, or its host's cached one."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES:
            return Verdict(parts.hostname or "", refusal=f"scheme {parts.scheme or '(none)'} is not fetched")
        return self.cached(parts.hostname or "")

    def remember(self, verdict: Verdict) -> Verdict:
        """Keep a verdict; a host judged twice at once keeps its first verdict (the one in use)."""
        with self._lock:
            kept = self._cache.setdefault(verdict.host, verdict)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return kept

    def judge(self, host: str, lookup: Lookup) -> Verdict:
        """Apply the rules to a host, resolving it with ``lookup`` when it is a name."""
        host = normal_host(host)
        if not host:
            return Verdict(host, refusal="no host")
        if host in METADATA_HOSTS:
            return Verdict(host, refusal=f"metadata host {host}")
        literal = literal_address(host)
        if literal is not None:
            reason = address_refusal(literal, allow_loopback=self.allow_loopback)
            return Verdict(host, refusal=reason) if reason else Verdict(host, (str(literal),))
        if not self.resolve_names:
            return Verdict(host)
        return self.judge_addresses(host, lookup(host))

    def judge_addresses(self, host: str, addresses: Sequence[str]) -> Verdict:
        """Every address must pass; none at all is a refusal (fail closed)."""
        if not addresses:
            return Verdict(host, refusal=f"{host} does not resolve", kind="dns")
        for address in addresses:
            reason = address_refusal(address, allow_loopback=self.allow_loopback)
            if reason:
                return Verdict(host, refusal=f"{host} resolves to a {reason}")
        return Verdict(host, tuple(addresses))


def check_url(url: str, *, allow_loopback: bool = False, lookup: Lookup | None = None) -> str | None:
    """Why ``url`` must not be fetched (None when it may): one-off use of the rules, resolving its
    host once. To connect to the approved address, use ``Guard.check_url(url).addresses``."""
    return Guard(allow_loopback=allow_loopback, lookup=lookup).check_url(url).refusal
