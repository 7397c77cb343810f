"""Downloader middlewares: the proxy, the SSRF guard, and the site guard (scope, traps, budgets).

Each refuses with ``IgnoreRequest`` and a reason; the spider's errback turns the reason into a
recorded error for the site, so nothing a guard cuts is silently lost. They read their settings in
``from_crawler`` under the ``X4_`` prefix, built by ``crawler.settings.build``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from crawler import links
from crawler.context import context_of

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})


class Refused(IgnoreRequest):
    """A guard refused a request; ``kind`` is the error type recorded for the site."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


def address_refusal(address: str, *, allow_loopback: bool) -> str | None:
    """Why a request must not go to this IP address, or None when it is a public one.

    Private, loopback, link-local (cloud metadata at 169.254.169.254 included), multicast, reserved
    and unspecified addresses are refused; loopback only passes in test/demo mode.
    """
    ip = ipaddress.ip_address(address)
    if ip.is_loopback:
        return None if allow_loopback else f"loopback address {ip}"
    if ip.is_link_local:
        return f"link-local or metadata address {ip}"
    if ip.is_global:
        return None
    return f"private or reserved address {ip}"


def literal_address(host: str) -> str | None:
    """The host as an IP address when it is one (brackets of IPv6 removed), else None."""
    if not host or not (host[0].isdigit() or ":" in host):
        return None  # a name (IPv6 has colons, IPv4 starts with a digit): ``ipaddress`` would only raise
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def resolve(host: str) -> list[str]:
    """Every address the host resolves to ([] when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def host_refusal(host: str, addresses: list[str], *, allow_loopback: bool) -> str | None:
    """Why a host must not be fetched given what it resolves to (every address must pass)."""
    if host in METADATA_HOSTS:
        return f"metadata host {host}"
    for address in addresses:
        reason = address_refusal(address, allow_loopback=allow_loopback)
        if reason:
            return f"{host} resolves to a {reason}"
    return None


class ProxyMiddleware:
    """Send every request through the configured forward proxy (the simweb server in test/demo)."""

    def __init__(self, proxy: str) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyMiddleware:
        proxy = crawler.settings.get("X4_PROXY", "")
        if not proxy:
            raise NotConfigured("no forward proxy configured (crawl.proxy)")
        return cls(proxy)

    def process_request(self, request: Request) -> None:
        if request.url.startswith("http:") or request.url.startswith("https:"):
            request.meta.setdefault("proxy", self.proxy)


class SsrfGuardMiddleware:
    """Refuse requests to private, loopback, link-local and metadata addresses, redirects included.

    A redirected request passes through here again, so a public page redirecting to 10.0.0.1 is
    refused like a link to it. Names are resolved in a thread and cached per host. Behind a proxy in
    test/demo mode (``allow_loopback``) the simulated hosts do not resolve at all: there only literal
    addresses are checked, since the proxy, not the crawler, makes the connection.
    """

    def __init__(self, allow_loopback: bool, behind_proxy: bool) -> None:
        self.allow_loopback = allow_loopback
        self.resolve_names = not (allow_loopback and behind_proxy)
        self._cache: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SsrfGuardMiddleware:
        if not crawler.settings.getbool("X4_SSRF_GUARD_ENABLED", True):
            raise NotConfigured("SSRF guard disabled (X4_SSRF_GUARD_ENABLED)")
        return cls(crawler.settings.getbool("X4_ALLOW_LOOPBACK"), bool(crawler.settings.get("X4_PROXY")))

    async def process_request(self, request: Request) -> None:
        host = links.host_of(request.url)
        if host not in self._cache:
            self._cache[host] = await self._refusal(host)
        reason = self._cache[host]
        if reason:
            raise Refused("ssrf", reason)

    async def _refusal(self, host: str) -> str | None:
        literal = literal_address(host)
        if literal is not None:
            return address_refusal(literal, allow_loopback=self.allow_loopback)
        if not self.resolve_names:
            return None
        addresses = await asyncio.to_thread(resolve, host)
        return host_refusal(host, addresses, allow_loopback=self.allow_loopback)


class SiteGuardMiddleware:
    """Keep each request inside its site's scope and budgets, and away from traps.

    Requests carry ``meta["lao"]``; robots.txt fetches and other internal requests do not and pass.
    Scope is the site's own hosts; a redirect of the site's home page adds its target host (LAOs move
    between domains and keep the old one redirecting). Budgets: pages, documents, bytes and wall time
    per site, so one endless or huge site cannot starve the others.
    """

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.max_pages = s.getint("X4_MAX_PAGES_PER_SITE")
        self.max_documents = s.getint("X4_MAX_DOCUMENTS_PER_SITE")
        self.max_bytes = s.getint("X4_MAX_BYTES_PER_SITE")
        self.max_seconds = s.getfloat("X4_MAX_SECONDS_PER_SITE")
        self.max_queries = s.getint("X4_MAX_QUERIES_PER_PATH")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        lao = request.meta.get("lao")
        if lao is None:
            return
        tracker = context_of(self.crawler).tracker
        state = tracker.site(lao)
        if request.meta.get("site_root") and request.meta.get("redirect_urls"):
            state.hosts.add(links.host_of(request.url))
        refusal = self.refusal(request, state)
        if refusal:
            raise Refused(*refusal)

    def refusal(self, request: Request, state: Any) -> tuple[str, str] | None:
        """(error type, reason) when the request breaks scope, a trap rule or a budget."""
        host = links.host_of(request.url)
        if host not in state.hosts and not request.meta.get("redirect_urls"):
            return "offsite", f"{host} is outside the site"
        trap = links.trap_reason(request.url)
        if trap:
            return "trap", trap
        return self.budget_refusal(request, state)

    def budget_refusal(self, request: Request, state: Any) -> tuple[str, str] | None:
        if time.monotonic() - state.started > self.max_seconds:
            return "budget", f"site wall time over {self.max_seconds:.0f} s"
        if state.bytes >= self.max_bytes:
            return "budget", f"site bytes over {self.max_bytes}"
        if request.meta.get("document") and state.documents >= self.max_documents:
            return "budget", f"site documents over {self.max_documents}"
        if not request.meta.get("document") and state.pages >= self.max_pages:
            return "budget", f"site pages over {self.max_pages}"
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        lao = request.meta.get("lao")
        if lao is not None and response.status < 300:
            context_of(self.crawler).tracker.site(lao).bytes += len(response.body)
        return response


class ConditionalMiddleware:
    """Ask the store what it knows of a URL; documents and unchanged pages are asked only if changed.

    Documents, and pages whose links the store keeps, get ``If-None-Match`` and
    ``If-Modified-Since`` from the stored validators, so an unchanged one costs a 304 and no
    download (the spider follows a 304 page through its stored links). Pages without stored links
    are fetched whole (their links are needed) but carry the stored hash, so the pipeline does not
    parse them again when unchanged. URLs still fresh never get here: the spider leaves them out
    (``KnownDocuments.skippable``), since every request but a site's first is made after the
    site's records are loaded.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        meta = request.meta
        if "lao" not in meta or "known" in meta or meta.get("recheck") or meta.get("rendered"):
            return
        known_documents = context_of(self.crawler).known
        known = (await known_documents.site(meta["lao"])).record(request.url)
        meta["known"] = known if known is not None and known.content_hash else None
        if known is None or not known.content_hash:
            return
        if not meta.get("document") and known.links is None:
            return
        meta["handle_httpstatus_list"] = [304]
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode("latin-1"))
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode("latin-1"))
