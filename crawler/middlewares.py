"""Downloader middlewares: the proxy, the SSRF guard, and the site guard (scope, traps, budgets).

Each refuses with ``IgnoreRequest`` and a reason; the spider's errback turns the reason into a
recorded error for the site, so nothing a guard cuts is silently lost. They read their settings in
``from_crawler`` under the ``X4_`` prefix, built by ``crawler.settings.build``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from core.guard import Guard
from crawler import links, revisit, spam
from crawler.context import context_of
from crawler.pinning import PinningResolver


class Refused(IgnoreRequest):
    """A guard refused a request; ``kind`` is the error type recorded for the site."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


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
    refused like a link to it. The rules are ``core.guard``'s; names are judged in a thread, once
    per host, by the guard the crawl's ``PinningResolver`` connects with (its cache is the pin: the
    address judged here is the address connected to). A name that does not resolve is refused as
    ``dns``. Behind a proxy in test/demo mode names are not resolved (simweb's exist only there).
    """

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SsrfGuardMiddleware:
        from twisted.internet import reactor

        resolver = getattr(reactor, "nameResolver", None)
        if isinstance(resolver, PinningResolver):
            return cls(resolver.guard)
        s = crawler.settings
        return cls(Guard.for_crawl(allow_loopback=s.getbool("X4_ALLOW_LOOPBACK"), proxy=s.get("X4_PROXY") or ""))

    async def process_request(self, request: Request) -> None:
        verdict = self.guard.cached_url(request.url)
        if verdict is None:
            verdict = await asyncio.to_thread(self.guard.check_url, request.url)
        if verdict.refusal:
            raise Refused(verdict.kind, verdict.refusal)


class SiteGuardMiddleware:
    """Keep each request inside its site's scope and budgets, and away from traps.

    Requests carry ``meta["lao"]``; robots.txt fetches and other internal requests do not and pass.
    Scope is the site's own hosts, judged by the spider for each URL it asks for and here only for a
    redirect's target; a redirect of the site's home page adds its target host (LAOs move
    between domains and keep the old one redirecting). A redirect off the site to a host named for
    gambling (a cloaked spam page's meta refresh) is refused as ``spam``. An off-site file the spider
    resolved (and an archive index lookup) is marked ``offsite`` and passes: it is one request, never
    followed. Budgets: pages, documents, bytes and wall time per site, so one endless or huge site
    cannot starve the others.
    """

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.max_pages = s.getint("X4_MAX_PAGES_PER_SITE")
        self.max_documents = s.getint("X4_MAX_DOCUMENTS_PER_SITE")
        self.max_bytes = s.getint("X4_MAX_BYTES_PER_SITE")
        self.max_seconds = s.getfloat("X4_MAX_SECONDS_PER_SITE")

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
        """(error type, reason) when the request breaks scope, a trap rule or a budget.

        The spider judged the scope and traps of every URL it asked for (``LaoSpider.in_scope``;
        an off-site file it resolved is marked ``offsite``), so here they are judged only for the
        URL it never saw: a redirect's target."""
        if request.meta.get("redirect_urls") and not request.meta.get("offsite"):
            host = links.host_of(request.url)
            if host not in state.hosts and spam.gambling_host(host):
                return "spam", f"redirect to the gambling host {host}"
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
        if revisit.needs_whole_fetch(known, document_url=bool(meta.get("document"))):
            return
        meta["handle_httpstatus_list"] = [304]
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag.encode("latin-1"))
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode("latin-1"))
