"""What the crawler may leave unasked: the store's records read per block of sites, judged by the revisit rule."""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawler import revisit
from crawler.known import KnownDocuments
from crawler.spiders.lao import page_hash, recheck_targets, unchanged_links
from detectors.registry import scan
from seeds.model import Lao, LaoType
from store import DocumentRecord, Store
from store.models import KnownSite, Link
from store.privacy import storable_url
from testkit import synthetic

SITE = "http://www.t1001.go.th"
OLD = "Mon, 01 Jan 2024 00:00:00 GMT"
"""Long before the fetch: fresh for the whole ``crawl.revisit_days``."""


def record(
    path: str, *, modified: str | None = OLD, status: str = "ok", links: tuple[Link, ...] | None = None
) -> DocumentRecord:
    url = f"{SITE}{path}"
    return DocumentRecord(
        url, url, "1001", f"hash of {path}", "application/pdf", 10, None, modified, 200, status, "",
        fetched_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(days=7), links=links,
    )  # fmt: skip


class CountingStore(Store):
    """A real store that counts how often the crawler reads site records from it."""

    reads: list[Sequence[str]]

    def known_sites(self, lao_codes: Sequence[str]) -> dict[str, KnownSite]:
        self.reads.append(list(lao_codes))
        return super().known_sites(lao_codes)


@pytest.fixture
def store(tmp_path: Path) -> CountingStore:
    s = CountingStore(tmp_path / "x.duckdb")
    s.reads = []
    s.upsert_laos([Lao(code, LaoType.SAO, f"ทดสอบ{code}", "10", "กรุงเทพมหานคร") for code in ("1001", "1002", "1003")])
    leak = scan(f"เลขประจำตัวประชาชน {synthetic.thai_id(random.Random(3))}", b"k", page=1)
    assert leak, "the synthetic ID must be found"
    page_links = (Link(f"{SITE}/a.pdf", 30), Link(f"{SITE}/cased.pdf", 30))
    sweep = s.start_sweep("sweep", {})
    s.record_documents(
        sweep,
        [
            (record("/a.pdf"), []),
            (record("/recent.pdf", modified="Mon, 16 Nov 2026 00:00:00 GMT"), []),
            (record("/cased.pdf"), leak),
            (record("/broken.pdf", status="corrupt"), []),
            (record("/news/", links=page_links), []),
            (record("/about"), []),
        ],
    )
    return s


def skippable(known: KnownDocuments, path: str) -> bool:
    return known.skippable("1001", f"{SITE}{path}") is not None


def test_only_fresh_urls_without_open_cases_are_skippable(store: CountingStore) -> None:
    known = KnownDocuments(store, ["1001"], revisit=timedelta(days=28))
    assert not skippable(known, "/a.pdf"), "nothing is skippable before the site is loaded"
    asyncio.run(known.site("1001"))
    assert skippable(known, "/a.pdf")
    assert skippable(known, "/news/"), "a fresh page with stored links is followed through them"
    assert not skippable(known, "/about"), "a page whose links are not stored must be fetched"
    assert not skippable(known, "/recent.pdf"), "modified a week before its fetch: fresh for less than a day"
    assert not skippable(known, "/cased.pdf"), "an open case must be seen fixed"
    assert not skippable(known, "/broken.pdf"), "a document not read completely is asked again"
    assert not skippable(known, "/new.pdf")


def test_revisit_days_zero_skips_nothing(store: CountingStore) -> None:
    known = KnownDocuments(store, ["1001"], revisit=timedelta(0))
    asyncio.run(known.site("1001"))
    assert not skippable(known, "/a.pdf") and not skippable(known, "/news/")


def test_sites_are_read_in_blocks_in_sweep_order(store: CountingStore) -> None:
    known = KnownDocuments(store, ["1001", "1002", "1003"], revisit=timedelta(days=28), block=2)

    async def visit() -> None:
        for code in ("1001", "1002", "1003", "9999"):
            await known.site(code)

    asyncio.run(visit())
    assert store.reads == [["1001", "1002"], ["1003"], ["9999"]]
    assert known.unvisited_open("1001", set()) == [f"{SITE}/cased.pdf"]
    known.forget("1001")
    assert known.loaded("1001") is None and known.loaded("1002") is not None


def test_without_last_modified_a_page_reached_as_a_listing_is_asked_but_a_file_is_not(store: CountingStore) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    for fetched in (now - timedelta(days=300), now - timedelta(days=1)):  # the same bytes, 299 days apart
        page, file = record("/download.php", modified=None, links=()), record("/files/x.pdf", modified=None)
        store.record_documents(None, [(replace(page, fetched_at=fetched), []), (replace(file, fetched_at=fetched), [])])
    known = KnownDocuments(store, ["1001"], revisit=timedelta(days=28))
    asyncio.run(known.site("1001"))
    assert known.skippable("1001", f"{SITE}/files/x.pdf", listing=True) is not None, "a file lists nothing"
    assert known.skippable("1001", f"{SITE}/download.php", listing=True) is None, "a page may list new files"
    assert known.skippable("1001", f"{SITE}/download.php") is not None


def test_a_record_without_a_hash_is_never_skipped(store: CountingStore) -> None:
    known = KnownDocuments(store, ["1001"], revisit=timedelta(days=28))
    asyncio.run(known.site("1001"))
    site = known.loaded("1001")
    assert site is not None
    site.documents[f"{SITE}/a.pdf"] = replace(site.documents[f"{SITE}/a.pdf"], content_hash=None)
    assert not skippable(known, "/a.pdf")


def test_a_url_holding_an_id_is_found_by_its_real_address_but_never_fetched_from_the_store(
    store: CountingStore,
) -> None:
    person = synthetic.thai_id(random.Random(4))
    url = f"{SITE}/uploads/{person}.pdf"
    leak = scan(f"เลขประจำตัวประชาชน {synthetic.thai_id(random.Random(5))}", b"k", page=1)
    store.record_documents(None, [(record(f"/uploads/{person}.pdf"), leak)])
    known = KnownDocuments(store, ["1001"], revisit=timedelta(days=28))
    asyncio.run(known.site("1001"))
    site = known.loaded("1001")
    assert site is not None and site.record(url) is not None and url not in site.documents
    assert known.skippable("1001", url) is None, "its open case must be seen fixed: a link to it is followed"
    assert known.unvisited_open("1001", set()) == [f"{SITE}/cased.pdf"], "its stored (masked) URL is no address"
    assert known.unreachable_open("1001", {f"{SITE}/cased.pdf"}) == [storable_url(url)], "so it is noted instead"
    assert known.unreachable_open("1001", {url}) == [], "unless a link led to it"


def test_a_recheck_asks_for_each_archive_once_and_never_for_a_masked_url() -> None:
    masked = storable_url(f"{SITE}/uploads/{synthetic.thai_id(random.Random(6))}.pdf")
    cases = [("1001", masked), ("1001", f"{SITE}/a.zip!list.xlsx"), ("1001", f"{SITE}/a.zip!b.pdf")]
    assert recheck_targets(cases) == [("1001", f"{SITE}/a.zip")]


def test_a_url_that_timed_out_is_deferred_until_it_answers_again(store: CountingStore) -> None:
    hung, cased = f"{SITE}/hung.pdf", f"{SITE}/cased.pdf"
    sweep = store.start_sweep("sweep", {})
    timeout = [("1001", url, "timeout", f"Getting {url} took longer than 15 seconds") for url in (hung, cased)]
    store.record_errors(sweep, timeout)

    def deferred(revisit: timedelta) -> dict[str, datetime | None]:
        known = KnownDocuments(store, ["1001"], revisit=revisit)
        asyncio.run(known.site("1001"))
        return {url: known.deferred("1001", url) for url in (hung, cased, f"{SITE}/a.pdf")}

    now = datetime.now(UTC).replace(tzinfo=None)
    until = deferred(timedelta(days=28))
    assert until[hung] is not None and now < until[hung] <= now + timedelta(days=1, minutes=1)
    assert until[cased] is None, "an open case is asked for every sweep, timeouts or not"
    assert until[f"{SITE}/a.pdf"] is None
    assert deferred(timedelta(0))[hung] is None, "revisit_days 0 asks for everything"
    store.record_documents(None, [(replace(record("/hung.pdf"), fetched_at=now + timedelta(seconds=1)), [])])
    assert deferred(timedelta(days=28))[hung] is None, "read since: its old timeouts no longer count"


def test_a_page_answered_304_or_with_the_same_bytes_is_followed_by_its_stored_links() -> None:
    body = b"<html><body><a href='/a.pdf'>a</a></body></html>"
    page_links = (Link(f"{SITE}/a.pdf", 30),)
    known = DocumentRecord(
        f"{SITE}/news.php", f"{SITE}/news.php", "1001", hashlib.sha256(body).hexdigest(), "text/html", len(body),
        None, None, 200, "ok", "", links=page_links,
    )  # fmt: skip

    def page(status: int = 200, content: bytes = body, url: str = f"{SITE}/news.php") -> HtmlResponse:
        return HtmlResponse(url, status=status, body=content, encoding="utf-8")

    def links_of(response: HtmlResponse, record: DocumentRecord | None) -> tuple[Link, ...] | None:
        return unchanged_links(response, record, page_hash(response, record))

    assert links_of(page(304, b""), known) == page_links
    assert links_of(page(), known) == page_links, "no validators, same bytes: nothing to parse again"
    assert links_of(page(content=body.replace(b"a.pdf", b"b.pdf")), known) is None
    assert links_of(page(url=f"{SITE}/news.php?moved=1"), known) is None, "relative links resolve elsewhere"
    assert links_of(page(), replace(known, links=None)) is None
    assert links_of(page(), None) is None


def test_a_page_drawn_by_a_browser_under_a_download_address_is_always_fetched_whole(store: CountingStore) -> None:
    """``/category/download/`` reads as a document, but when the store's copy is an HTML page without
    stored links (its listing is drawn by JavaScript) it must be fetched whole, so it is rendered
    again: asked conditionally it got a 304 and a rendering a killed sweep never finished was lost."""
    listing = replace(record("/category/download/"), media_type="text/html")
    store.record_documents(None, [(listing, []), (record("/category/download/old.pdf"), [])])
    known = KnownDocuments(store, ["1001"], revisit=timedelta(days=28))
    asyncio.run(known.site("1001"))
    assert not skippable(known, "/category/download/")
    assert skippable(known, "/category/download/old.pdf"), "a file under the same address stays skippable"
    assert revisit.needs_whole_fetch(listing, document_url=True)
    assert not revisit.needs_whole_fetch(record("/category/download/old.pdf"), document_url=True)
