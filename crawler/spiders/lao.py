"""The LAO spider: from each site's home page, every page and document inside the site.

Thin by design (Scrapy's habit): it yields requests and ``DocumentItem``s and never parses a
document. It decides what to ask for next: links inside the site's scope, documents before listing
pages before other pages, traps cut, off-site links counted, pages whose listing is drawn by
JavaScript asked again through the browser when Playwright is on. Files the site links on known
file hosts (``crawler.offsite``) are fetched one by one, never crawled; when a site runs out of
links, its sitemaps, media API and (when configured) a web archive's index name the URLs no link
led to (``crawler.unlinked``), fetched from the live site like linked ones.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from crawler import links, settings, spam, tls, unlinked
from crawler.browser import Renderer
from crawler.context import SweepContext
from crawler.errors import classify_failure
from crawler.items import DocumentItem
from crawler.offsite import Resolver
from crawler.progress import SiteState
from seeds.published import contact_page, published_contacts
from store.models import DocumentRecord, Link
from store.privacy import fetchable

LINK_XPATH = "//a[@href]|//area[@href]|//iframe[@src]|//frame[@src]|//embed[@src]|//object[@data]"
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"Rar!", b"7z\xbc")
JS_MARKERS = ("data-src", "data-url", "data-api", "data-endpoint", "data-list")
"""Attributes by which a container announces that a script will fill it."""
JS_BUILDERS = ("createElement", "appendChild", "innerHTML", "insertAdjacentHTML", "fetch(", "XMLHttpRequest")
"""Script calls that build a listing in the browser."""
EMPTY_CONTAINER = re.compile(r"<(ul|ol|tbody|table|div)\b[^>]*>\s*</\1>", re.I)
RENDERED = "#rendered"
"""Suffix of the document URL of a page's browser-rendered version (kept apart from the raw one)."""


def recheck_targets(urls: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What to fetch to re-check these case URLs: an archive member's archive, each URL once, none
    stored masked (the store masks an ID in an address; the next sweep reaches it by its link)."""
    seen: dict[str, str] = {}
    for lao, url in urls:
        if fetchable(url):
            seen.setdefault(url.split("!", 1)[0], lao)
    return [(lao, url) for url, lao in seen.items()]


def looks_like_html(response: Response) -> bool:
    """An HTML page worth following links from (a PDF sent as text/html is not one)."""
    return isinstance(response, HtmlResponse) and not response.body.lstrip()[:8].startswith(BINARY_MAGIC)


def needs_browser(response: HtmlResponse) -> bool:
    """A listing the server leaves empty for a script to fill (a data- hook, or an empty list and
    a script that builds elements), so its links exist only in a browser."""
    if response.meta.get("playwright"):
        return False
    text = response.text
    if "<script" not in text:
        return False
    if any(marker in text for marker in JS_MARKERS):
        return True
    return bool(EMPTY_CONTAINER.search(text)) and any(call in text for call in JS_BUILDERS)


def page_hash(response: Response, known: DocumentRecord | None) -> str:
    """The body's sha256 when the store keeps links for this page and the body came whole (to know
    whether it changed before parsing it), else "" (the pipeline hashes what it must)."""
    if known is None or known.links is None or response.status == 304:
        return ""
    return hashlib.sha256(response.body).hexdigest()


def unchanged_links(response: Response, known: DocumentRecord | None, digest: str) -> tuple[Link, ...] | None:
    """The links stored with a page that has not changed since (a 304, or the same bytes, hashed to
    ``digest``, from the same address: hashing costs far less than parsing the page again); None for
    any other response."""
    if known is None or known.links is None:
        return None
    if response.status == 304:
        return known.links
    same = response.url == known.final_url and digest == known.content_hash
    return known.links if same else None


class LaoSpider(scrapy.Spider):
    name = "lao"

    def __init__(self, ctx: SweepContext, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.tracker = ctx.tracker
        self.max_queries = ctx.cfg.crawl.max_queries_per_path
        self.renderer = Renderer(settings.browser_context(ctx.cfg))
        crawl = ctx.cfg.crawl
        self.files = Resolver(crawl.offsite_aliases) if crawl.offsite_files else None
        self.tracker.on_drained = self.drained
        self.sites_in_flight = settings.sites_in_flight(ctx.cfg)
        self._site_finished = asyncio.Event()
        self.tracker.on_site_done.append(lambda _: self._site_finished.set())

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> LaoSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        """Home pages of the sites, a window of them at a time, then any recheck URLs.

        A site is started only when fewer than ``sites_in_flight`` are under way, so sites are
        finished before new ones begin: memory stays bounded however many sites the sweep has, a
        killed sweep leaves finished sites to skip, and a site's wall-time budget counts from
        its own start, not from the sweep's.
        """
        for lao_code, home_url in self.ctx.sites:
            while self.tracker.in_flight() >= self.sites_in_flight:
                self._site_finished.clear()
                await self._site_finished.wait()
            self.tracker.site(lao_code).hosts.update(links.site_hosts(home_url))
            yield self.request(home_url, lao_code, links.PRIORITY_LISTING, site_root=True)
        for lao_code, url in recheck_targets(self.ctx.recheck):
            self.tracker.site(lao_code).hosts.add(links.host_of(url))
            if url.endswith(RENDERED):
                yield self.render(url.removesuffix(RENDERED), lao_code, recheck=True)
            else:
                yield self.request(url, lao_code, links.PRIORITY_DOCUMENT, recheck=True, dont_follow=True)

    def request(self, url: str, lao_code: str, priority: int, **meta: Any) -> Request:
        """A request carrying its site, its progress ticket and whether it is a document.

        A URL outside the site's hosts gets here only as a resolved off-site file (or the PDF a
        viewer names): it is marked ``offsite``, passes the scope guard and is never followed."""
        state = self.tracker.site(lao_code)
        target = self.files.resolve(url) if self.files is not None else None
        viewer = target is not None and target.viewer
        offsite = links.host_of(url) not in state.hosts
        if offsite:
            meta.update(offsite=True, found_by="off-site")
        document = not viewer and (offsite or links.is_document_url(url))
        meta.update(lao=lao_code, ticket=self.ticket(lao_code), document=document, viewer=viewer)
        state.visited.add(url)
        return Request(url, callback=self.parse, errback=self.failed, priority=priority, meta=meta)

    def lookup(self, url: str, lao_code: str, callback: Any, **meta: Any) -> Request:
        """A request for a list of the site's URLs (sitemap, media API, archive index): read for
        addresses, never stored or scanned itself."""
        meta.update(lao=lao_code, ticket=self.ticket(lao_code), document=False)
        errback = self.lookup_failed
        return Request(url, callback=callback, errback=errback, priority=links.PRIORITY_LISTING, meta=meta)

    def render(self, url: str, lao_code: str, **extra: Any) -> Request:
        """The same page again, through the browser, recorded apart as ``<url>#rendered``."""
        meta = {**self.renderer.meta(), "rendered": True, **extra}
        meta.update(lao=lao_code, ticket=self.ticket(lao_code), document=False)
        return Request(
            url,
            callback=self.parse_rendered,
            errback=self.render_failed,
            priority=links.PRIORITY_LISTING,
            meta=meta,
            dont_filter=True,
        )

    async def parse_rendered(self, response: Response) -> AsyncIterator[Any]:
        await self.renderer.release(response.meta)
        for output in self.parse(response):
            yield output

    async def render_failed(self, failure: Failure) -> None:
        await self.renderer.release(failure.request.meta)  # type: ignore[attr-defined]
        self.failed(failure)

    def drained(self, lao_code: str) -> bool:
        """Before a site is done: fetch stored documents with open cases that no link led to (and
        note those it cannot fetch, whose stored address is masked).

        While the sweep is stopping (SIGTERM, Ctrl-C, its parent gone) a site that runs out of work
        ran out because its requests were dropped: it is never done, so a resumed sweep redoes it
        (a listing's rendering in flight included)."""
        if not self.crawler.crawling:
            return True
        state = self.tracker.site(lao_code)
        if self.ctx.recheck:
            return False
        if not state.unlinked_checked:
            state.unlinked_checked = True
            lookups = list(self.unlinked_lookups(lao_code, state))
            for lookup in lookups:
                self.crawler.engine.crawl(lookup)
            if lookups:
                return True
        if state.orphans_checked:
            return False
        state.orphans_checked = True
        self.ctx.recorder.unreachable(lao_code, self.ctx.known.unreachable_open(lao_code, state.visited))
        urls = self.ctx.known.unvisited_open(lao_code, state.visited)
        for url in urls:
            self.crawler.engine.crawl(self.request(url, lao_code, links.PRIORITY_DOCUMENT, unlinked=True))
        return bool(urls)

    def unlinked_lookups(self, lao_code: str, state: SiteState) -> Iterator[Request]:
        """The lists of URLs no link led to, asked once the site's links are done (so ``found_by``
        says the URL was reachable only that way); none for a site whose home page failed."""
        crawl = self.ctx.cfg.crawl
        if not state.root:
            return
        if crawl.sitemaps:
            default = links.canonical_url(urljoin(state.root, "/sitemap.xml"))
            named = {url for url in state.sitemaps if links.host_of(url) in state.hosts}
            for url in sorted(named | {default})[: unlinked.MAX_SITEMAPS]:
                yield self.lookup(url, lao_code, self.parse_sitemap, found_by="sitemap")
        if crawl.wp_media and self.wordpress(lao_code, state):
            yield self.lookup(
                unlinked.media_url(state.root, 1), lao_code, self.parse_media, found_by="wp-media", page=1
            )
        if crawl.archive:
            domain = links.host_of(state.root).removeprefix("www.")
            url = unlinked.archive_query(crawl.archive_url, domain)
            yield self.lookup(url, lao_code, self.parse_archive, found_by="archive", offsite=True)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A sitemap's pages and documents, or an index's sitemaps (up to ``MAX_SITEMAPS`` a site)."""
        lao = response.meta["lao"]
        try:
            index, locations = unlinked.read_sitemap(response.body)
            if not index:
                yield from self.candidates(locations, lao, "sitemap")
                return
            state = self.tracker.site(lao)
            for url in locations[: unlinked.MAX_SITEMAPS]:
                url = links.canonical_url(url)
                if url not in state.visited and links.host_of(url) in state.hosts:
                    state.visited.add(url)
                    yield self.lookup(url, lao, self.parse_sitemap, found_by="sitemap")
        finally:
            self.tracker.release(lao, response.meta["ticket"])

    def parse_media(self, response: Response) -> Iterator[Request]:
        """One page of a WordPress media list, and a request for the next while there are more."""
        lao, page = response.meta["lao"], response.meta["page"]
        try:
            yield from self.candidates(unlinked.media_sources(response.body), lao, "wp-media")
            if page < unlinked.media_pages(response.headers.get(b"X-WP-TotalPages")):
                url = unlinked.media_url(response.url, page + 1)
                yield self.lookup(url, lao, self.parse_media, found_by="wp-media", page=page + 1)
        finally:
            self.tracker.release(lao, response.meta["ticket"])

    def parse_archive(self, response: Response) -> Iterator[Request]:
        """The site's document URLs an archive knows, asked of the live site (never the archive)."""
        lao = response.meta["lao"]
        try:
            found = [url for url in unlinked.archive_urls(response.body) if links.is_document_url(url)]
            yield from self.candidates(found, lao, "archive")
        finally:
            self.tracker.release(lao, response.meta["ticket"])

    def candidates(self, urls: list[str], lao: str, found_by: str) -> Iterator[Request]:
        """Requests for listed URLs inside the site that no link led to (judged as links are)."""
        crawl = self.ctx.cfg.crawl
        urls = urls[: crawl.max_pages_per_site + crawl.max_documents_per_site]  # more could never be fetched
        found = [Link(url, links.priority(url, "")) for url in map(links.canonical_url, urls)]
        yield from self.visit([link for link in found if self.in_scope(link.url, lao)], lao, 1, found_by=found_by)

    def lookup_failed(self, failure: Failure) -> None:
        """A list that could not be read: a missing sitemap or media API is normal and not recorded;
        an archive index that fails is (the operator turned it on)."""
        request = failure.request  # type: ignore[attr-defined]
        lao = request.meta["lao"]
        try:
            if self.crawler.crawling and request.meta.get("found_by") == "archive":
                self.ctx.recorder.fetch_failed(lao, request.url, request, classify_failure(failure))
        finally:
            self.tracker.release(lao, request.meta["ticket"])

    def ticket(self, lao_code: str) -> int:
        """A new ticket, held from now until the request's callback, errback or drop."""
        ticket = self.tracker.new_ticket()
        self.tracker.hold(lao_code, ticket)
        return ticket

    def _dropped(self, request: Request) -> None:
        if "lao" not in request.meta:
            return
        if request.meta.get("redirect_urls"):
            loop = request.url in request.meta["redirect_urls"]
            why = "redirect loop" if loop else "redirect to a page already fetched"
            self.ctx.recorder.error(request.meta["lao"], request.url, "redirect", why)
        self.tracker.release(request.meta["lao"], request.meta["ticket"])

    def parse(self, response: Response) -> Iterator[Any]:
        try:
            yield from self._read_response(response)
        finally:
            self.tracker.release(response.meta["lao"], response.meta["ticket"])

    def _read_response(self, response: Response) -> Iterator[Any]:
        known: DocumentRecord | None = response.meta.get("known")
        digest = page_hash(response, known)
        stored_links = unchanged_links(response, known, digest)
        html = stored_links is not None or (looks_like_html(response) and response.status != 304)
        state = self.tracker.site(response.meta["lao"])
        if response.meta.get("tls") is not None:
            state.tls = tls.worse(state.tls, response.meta["tls"])
        if html:
            state.pages += 1
            self.tracker.totals.pages += 1
            self.note_contacts(response)
            self.note_site(response, state)
        else:
            state.documents += 1
            self.tracker.totals.documents += 1
        if not html or response.meta.get("recheck"):
            yield self.item(response, html, None, digest)
        elif response.meta.get("viewer") or response.meta.get("offsite"):  # read once, never followed
            yield from self.unwrap(response)
            yield self.item(response, html, None, digest)
        elif stored_links is not None:  # requests before the item: they must not wait for its parse
            yield from self.follow_stored(response, stored_links)
            yield self.item(response, html, stored_links, digest)
        elif (why := self.spam_reason(response)) is not None:  # type: ignore[arg-type]
            self.ctx.recorder.spam(response.meta["lao"], response.url, why)  # cut: no links, nothing to parse
        else:
            requests, page_links = self.follow(response)  # type: ignore[arg-type]
            yield from requests
            yield self.item(response, html, page_links, digest)

    def note_contacts(self, response: Response) -> None:
        """The e-mail addresses and office lines the home page's footer or the contact page
        publishes, recorded as candidate coordinator contacts (seeds.published)."""
        whole = contact_page(response.url)
        if isinstance(response, HtmlResponse) and response.status == 200 and (whole or response.meta.get("site_root")):
            found = published_contacts(response.text, whole_page=whole)
            if found and not response.meta.get("recheck"):
                self.ctx.recorder.contacts(response.meta["lao"], response.url, found)

    def note_site(self, response: Response, state: SiteState) -> None:
        """Where the site answers (its home page, after redirects), and whether it runs WordPress
        (a home page answering 304 shows nothing: ``wordpress`` then asks the store)."""
        if response.meta.get("site_root"):
            state.root = response.url
            if isinstance(response, HtmlResponse) and response.status == 200:
                state.wordpress = unlinked.looks_like_wordpress(response.text)

    def wordpress(self, lao_code: str, state: SiteState) -> bool:
        """The site showed WordPress's marks in this sweep, or in the addresses stored for it."""
        known = self.ctx.known.loaded(lao_code)
        return state.wordpress or (known is not None and any(map(unlinked.looks_like_wordpress, known.documents)))

    def unwrap(self, response: Response) -> Iterator[Request]:
        """The PDF a viewer page names, asked for as the file the LAO's page linked."""
        if self.files is None or not response.meta.get("viewer") or not isinstance(response, HtmlResponse):
            return
        pdf = self.files.unwrap(response.url, response.text)
        if pdf is not None:
            meta = {k: response.meta[k] for k in ("found_by", "linked_from") if k in response.meta}
            link = Link(links.canonical_url(pdf), links.PRIORITY_DOCUMENT)
            yield from self.visit([link], response.meta["lao"], _hops(response) + 1, **meta)

    def item(
        self, response: Response, html: bool, page_links: tuple[Link, ...] | None, digest: str = ""
    ) -> DocumentItem:
        ticket = self.ticket(response.meta["lao"])
        url = response.meta.get("redirect_urls", [response.url])[0]
        return DocumentItem(
            url=f"{url}{RENDERED}" if response.meta.get("rendered") else url,
            final_url=response.url,
            lao_code=response.meta["lao"],
            http_status=response.status,
            content_type=_header(response, b"Content-Type"),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            is_html=html,
            body=response.body if response.status != 304 else b"",
            not_modified=response.status == 304,
            known=response.meta.get("known"),
            recheck=bool(response.meta.get("recheck")),
            links=page_links,
            content_hash=digest,
            ticket=ticket,
            found_by=response.meta.get("found_by", "link"),
            linked_from=response.meta.get("linked_from") if response.meta.get("offsite") else None,
        )

    def follow(self, response: HtmlResponse) -> tuple[list[Request], tuple[Link, ...] | None]:
        """Requests for the page's links (a JS retry if needed), and the links to store with the page:
        None when a later sweep must fetch it whole again (the depth limit cut its links, or a
        browser may draw more of them)."""
        lao, hops = response.meta["lao"], _hops(response)
        if hops >= self.ctx.cfg.crawl.max_depth:
            return [], None
        found = [
            link
            for url, text, node in self.links_of(response)
            if not self.spam_link(url, text, node, lao) and (link := self.link_to(url, text, lao))
        ]
        requests = list(self.visit(found, lao, hops + 1, **self.inherited(response)))
        if needs_browser(response):
            if self.ctx.cfg.playwright.enabled:
                requests.append(self.render(response.url, lao, hops=hops))
            return requests, None
        return requests, tuple(found)

    def follow_stored(self, response: Response, page_links: tuple[Link, ...]) -> Iterator[Request]:
        """The links an unchanged page had when it was last fetched, judged as if found again."""
        lao, hops = response.meta["lao"], _hops(response)
        if hops < self.ctx.cfg.crawl.max_depth:
            kept = [link for link in page_links if self.is_file(link.url) or self.in_scope(link.url, lao)]
            yield from self.visit(kept, lao, hops + 1, **self.inherited(response))

    @staticmethod
    def inherited(response: Response) -> dict[str, Any]:
        """What a page hands to the requests for its links: how the page itself was found (a page
        only a sitemap lists passes ``sitemap`` on), and itself as the page linking them."""
        return {"found_by": response.meta.get("found_by", "link"), "linked_from": response.url}

    def is_file(self, url: str) -> bool:
        """A link to a file on a known file host (or to a viewer): fetched alone, off-site or not."""
        return self.files is not None and self.files.resolve(url) is not None

    def link_to(self, url: str, text: str, lao: str) -> Link | None:
        """The link to follow for an anchor: a share on a known file host becomes its file's direct
        URL; a link inside the site keeps its priority; anything else is recorded and dropped."""
        target = self.files.resolve(url) if self.files is not None else None
        if target is not None:
            return Link(target.url, links.PRIORITY_LISTING if target.viewer else links.PRIORITY_DOCUMENT)
        return Link(url, links.priority(url, text)) if self.in_scope(url, lao) else None

    def visit(self, found: list[Link], lao: str, hops: int, **meta: Any) -> Iterator[Request]:
        """Requests for the links not visited yet in this sweep, ``hops`` links from the home page;
        within each priority class, nearer links first (breadth-first: a priority drops by one per hop).

        A link the store shows to be still fresh (``KnownDocuments.skippable``) gets no request: it
        counts as visited, and when it is a page its stored links are visited in its place. A link
        that timed out lately (``KnownDocuments.deferred``) gets none either and is recorded as
        ``deferred``: not inspected in this sweep.
        """
        state = self.tracker.site(lao)
        pending = [(link, hops, meta) for link in reversed(found)]
        while pending:
            link, hop, meta = pending.pop()
            if link.url in state.visited:
                continue
            record = self.ctx.known.skippable(lao, link.url, listing=link.priority != links.PRIORITY_PAGE)
            if record is None:
                until = self.ctx.known.deferred(lao, link.url)
                if until is None:
                    yield self.request(link.url, lao, link.priority - hop, hops=hop, **meta)
                else:
                    state.visited.add(link.url)
                    why = f"timed out in the last sweeps: asked again after {until:%Y-%m-%d %H:%M} UTC"
                    self.ctx.recorder.error(lao, link.url, "deferred", why)
                continue
            state.visited.add(link.url)
            self.tracker.totals.fresh += 1
            if record.links and hop < self.ctx.cfg.crawl.max_depth:
                stored = [child for child in record.links if self.is_file(child.url) or self.in_scope(child.url, lao)]
                child_meta = {**meta, "linked_from": link.url}  # the fresh page links them
                pending.extend((child, hop + 1, child_meta) for child in reversed(stored))

    @staticmethod
    def links_of(response: HtmlResponse) -> Iterator[tuple[str, str, Selector]]:
        for node in response.xpath(LINK_XPATH):
            raw = node.attrib.get("href") or node.attrib.get("src") or node.attrib.get("data") or ""
            if raw.startswith(("mailto:", "tel:", "javascript:", "#")):
                continue
            text = " ".join(node.xpath(".//text()|@title").getall())
            yield links.canonical_url(response.urljoin(raw.strip())), text, node

    def spam_link(self, url: str, text: str, node: Selector, lao: str) -> bool:
        """A link into injected gambling spam (``crawler.spam.spam_link``), on the site or off it
        (hidden links to gambling hosts are the other common injection): recorded for the site,
        not followed. Its ancestors' styles are read only when its address or text has one gambling word."""
        if not spam.spam_link(url, text, hidden=lambda: spam.hidden(node.xpath("ancestor-or-self::*/@style").getall())):
            return False
        self.ctx.recorder.spam(lao, url, "link with gambling words")
        return True

    @staticmethod
    def spam_reason(response: HtmlResponse) -> str | None:
        """Why the page is injected gambling spam (``crawler.spam.spam_page``), or None."""
        return spam.spam_page(
            response.text,
            links.host_of(response.url),
            lambda: [links.host_of(response.urljoin(href)) for href in response.xpath("//a/@href").getall()],
        )

    def in_scope(self, url: str, lao: str) -> bool:
        """A link worth following: inside the site, no trap, not an asset (off-site links and traps
        are recorded for the site)."""
        if not url.startswith(("http://", "https://")) or links.is_skipped(url):
            return False
        state = self.tracker.site(lao)
        if links.host_of(url) not in state.hosts:
            self.ctx.recorder.offsite(lao, url)
            return False
        trap = links.trap_reason(url) or self.query_trap(url, state)
        if trap:
            self.ctx.recorder.trap(lao, url, trap)
            return False
        return True

    def query_trap(self, url: str, state: Any) -> str | None:
        """An endless query string: one path reached with more distinct queries than the cap."""
        if "?" not in url:
            return None
        seen = state.queries.setdefault(links.path_key(url), set())
        if url in seen:
            return None
        if len(seen) >= self.max_queries:
            return f"more than {self.max_queries} query strings on one path"
        seen.add(url)
        return None

    def failed(self, failure: Failure) -> None:
        """Record a failed request, unless the sweep is stopping: then the failure is the stop's own
        (a download cut short) and the URL is simply asked again when the sweep resumes."""
        request = failure.request  # type: ignore[attr-defined]
        lao = request.meta["lao"]
        try:
            if self.crawler.crawling:
                url = f"{request.url}{RENDERED}" if request.meta.get("rendered") else request.url
                record = classify_failure(failure)
                if record.kind == "spam":  # the site's page that redirected there is the injected one
                    self.ctx.recorder.spam(lao, request.meta.get("redirect_urls", [url])[0], record.reason)
                else:
                    self.ctx.recorder.fetch_failed(lao, url, request, record)
        finally:
            self.tracker.release(lao, request.meta["ticket"])


def _header(response: Response, name: bytes) -> str:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else ""


def _hops(response: Response) -> int:
    """Links between the site's home page and this response (Scrapy's depth counts only requests
    made from a downloaded response, not those reached through a page skipped as fresh)."""
    return int(response.meta.get("hops", 0))
