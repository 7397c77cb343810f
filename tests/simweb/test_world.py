"""The simulated web as data: determinism, change over days, JS-only listings, a truth a crawler reaches."""

from __future__ import annotations

import time
import urllib.robotparser
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from simweb import SimWeb, Truth
from simweb.laos import synthetic_laos
from simweb.model import DocPlan
from simweb.plan import SitePlan
from simweb.testing import SEED, SITES, TEST_KEY, fetch, links, page_text
from simweb.world import World

HTML_PATHS = (
    "/index.php",
    "/news.php",
    "/news_detail.php",
    "/category/",
    "/archives/",
    "/calendar",
    "/webboard",
    "/main/",
)


def world(tmp: Path, *, seed: int = SEED, day: int = 0, sites: int = SITES) -> World:
    return World(synthetic_laos(sites), sites=sites, seed=seed, day=day, cache_dir=tmp)


@pytest.fixture(scope="module")
def truth(simweb_server: SimWeb) -> Truth:
    return simweb_server.truth(TEST_KEY)


def test_same_seed_gives_the_same_truth_and_bytes(tmp_path: Path) -> None:
    one, two = world(tmp_path / "a"), world(tmp_path / "b")
    assert one.truth(TEST_KEY) == two.truth(TEST_KEY)
    samples: dict[str, tuple[int, DocPlan]] = {}
    for index in range(SITES):
        for doc in one.plan(index).live_docs:
            if doc.fmt not in ("html", "doc") and not doc.fault:
                samples.setdefault(doc.fmt, (index, doc))
    first = {fmt: one.document_bytes(one.plan(i), doc) for fmt, (i, doc) in samples.items()}
    time.sleep(1.1)  # a timestamp written at render time would now differ
    second = {fmt: two.document_bytes(two.plan(i), doc) for fmt, (i, doc) in samples.items()}
    assert len(first) >= 9
    assert first == second


def test_another_seed_gives_another_web(tmp_path: Path) -> None:
    assert world(tmp_path, seed=SEED).truth(TEST_KEY) != world(tmp_path, seed=SEED + 1).truth(TEST_KEY)


def test_truth_depends_on_the_key(tmp_path: Path) -> None:
    web = world(tmp_path)
    assert web.truth(b"one").expected().keys() == web.truth(b"two").expected().keys()
    assert web.truth(b"one").expected() != web.truth(b"two").expected()


def test_later_day_remediates_masks_adds_and_takes_sites_down(tmp_path: Path) -> None:
    before, after = world(tmp_path, day=0, sites=60), world(tmp_path, day=6, sites=60)
    old, new = before.truth(TEST_KEY).expected(), after.truth(TEST_KEY).expected()
    assert set(old) - set(new), "some leaking URLs are gone or fixed"
    assert set(new) - set(old), "some new leaking URLs appeared"
    assert any(after.is_down(i) and not before.is_down(i) for i in range(60))
    fixed = [(i, d) for i in range(60) for d in before.plan(i).live_docs if d.fixed_day and (d.gone_day or 99) > 6]
    index, doc = fixed[0]
    assert before.etag(before.plan(index), doc) != after.etag(after.plan(index), doc)


def test_unchanged_document_keeps_its_etag_across_days(simweb_server: SimWeb, tmp_path: Path) -> None:
    before, after = world(tmp_path, day=0), world(tmp_path, day=1)
    for index in range(SITES):
        for doc in before.plan(index).live_docs:
            if doc.variant(0) == doc.variant(1) == 0:
                assert before.etag(before.plan(index), doc) == after.etag(after.plan(index), doc)


def test_set_day_changes_what_the_running_server_serves(tmp_path: Path) -> None:
    with SimWeb(synthetic_laos(40), sites=40, seed=SEED, cache_dir=tmp_path) as web:
        plan, doc = next(
            (web.world.plan(i), doc)
            for i in range(40)
            for doc in web.world.plan(i).live_docs
            if doc.gone_day == 1 and not web.world.is_down(i)
        )
        assert fetch(web, plan.doc_url(doc)).status == 200
        web.set_day(1)
        assert fetch(web, plan.doc_url(doc)).status == 404


def js_plans(web: SimWeb) -> list[SitePlan]:
    return [web.world.plan(i) for i, s in enumerate(web.sites) if s.needs_js and not web.world.is_down(i)]


def test_js_listings_have_no_document_links_in_raw_html(simweb_server: SimWeb) -> None:
    plans = js_plans(simweb_server)
    assert plans
    for plan in plans:
        doc_paths = {urlsplit(plan.doc_url(d)).path for d in plan.live_docs} | {
            plan.detail_path(d) for d in plan.live_docs
        }
        for section in ("news", "procurement", "oit", "allowance", "download"):
            page = fetch(simweb_server, plan.url(plan.listing_path(section)))
            hrefs = {
                urlsplit(u).path + (f"?{urlsplit(u).query}" if urlsplit(u).query else "")
                for u in links(page, plan.spec.home_url)
            }
            assert not hrefs & doc_paths
            assert "<script>" in page_text(page)


def crawl_site(web: SimWeb, home: str, *, max_pages: int = 300, max_depth: int = 4) -> set[str]:
    """A minimal breadth-first crawler without JavaScript within the default budgets (depth 4 as Scrapy
    counts it: redirects do not add a level; 300 pages): HTML pages on the site's host, robots obeyed.

    Returns every on-site URL it saw linked (documents are not downloaded: their links are enough).
    """
    host = urlsplit(home).hostname
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(page_text(fetch(web, f"http://{host}/robots.txt")).splitlines())
    seen, queue, pages = {home}, [(home, 0)], 0
    while queue and pages < max_pages:
        url, depth = queue.pop(0)
        try:
            page = fetch(web, url, timeout=2)
        except OSError:
            continue
        pages += 1
        if page.status in (301, 302):
            targets, depth = [page.headers["location"]], depth - 1  # a redirect is not a link level
        elif page.status == 200 and page.headers.get("content-type", "").startswith("text/html"):
            targets = links(page, url) if depth < max_depth else []
        else:
            continue
        for target in targets:
            parts = urlsplit(target)
            fetchable = robots.can_fetch("x4watch", target) and parts.hostname == host
            if fetchable and target not in seen:
                seen.add(target)
                if parts.path == "/" or parts.path.startswith(HTML_PATHS):
                    queue.append((target, depth + 1))
    return seen


def test_truth_is_what_a_crawler_reaches_from_the_home_pages(simweb_server: SimWeb, truth: Truth) -> None:
    specs = [
        s for i, s in enumerate(simweb_server.sites) if not simweb_server.world.is_down(i) and "slow" not in s.faults
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        reached = set().union(*pool.map(lambda s: crawl_site(simweb_server, s.home_url), specs))
    hosts = {s.host for s in specs}
    on_hosts = {url.split("!")[0] for url in truth.expected(js=False, archive=True) if urlsplit(url).hostname in hosts}
    wanted = {url.split("!")[0] for url in truth.expected(js=False, via=("link",)) if urlsplit(url).hostname in hosts}
    unlinked = on_hosts - wanted
    assert unlinked and not unlinked & reached  # sitemaps, media API and archive only
    js_only = {url.split("!")[0] for url in truth.expected(js=True)} - {
        url.split("!")[0] for url in truth.expected(js=False)
    }
    assert wanted and js_only
    assert wanted <= reached
    assert not js_only & reached
    unreachable_docs = {  # a JS site's faulty documents are linked only by its scripts
        doc.url for doc in truth.documents if doc.unreachable not in ("", "dead_host") and not doc.needs_js
    }
    assert {
        u for u in unreachable_docs if urlsplit(u).hostname in hosts and "robots" != truth.unreachable[u]
    } <= reached


def document_count(web: World) -> int:
    return sum(len(web.plan(i).live_docs) for i in range(len(web.specs)))


def test_small_sites_have_fewer_documents_and_the_same_faults(tmp_path: Path) -> None:
    normal = world(tmp_path)
    small = World(synthetic_laos(SITES), sites=SITES, seed=SEED, day=0, cache_dir=tmp_path, size="small")
    assert document_count(small) < document_count(normal) / 2
    assert [s.faults for s in small.specs] == [s.faults for s in normal.specs]
    assert small.truth(TEST_KEY).expected()


def test_scanned_sites_are_normal_sites_whose_documents_need_ocr(tmp_path: Path) -> None:
    normal = world(tmp_path)
    scanned = World(synthetic_laos(SITES), sites=SITES, seed=SEED, day=0, cache_dir=tmp_path, size="scanned")
    assert document_count(scanned) == document_count(normal)
    docs = [doc for i in range(len(scanned.specs)) for doc in scanned.plan(i).live_docs]
    printed = [
        doc for doc in docs if doc.kind != "news" and not doc.shared and doc.fault is None and doc.via == "link"
    ]  # the extras only sitemaps, a media API, the archive or a file host reach keep their own formats
    assert printed and {doc.fmt for doc in printed} <= {"scan_pdf", "png", "jpg"}


def test_truth_summary_counts_what_expected_lists(truth: Truth) -> None:
    summary = truth.summary()
    assert summary["leaking_urls"] == len(truth.expected())
    assert summary["documents"] == len(truth.documents)
    assert summary["js_only_urls"] > 0 and summary["unreachable_robots"] >= 1


def test_one_cache_folder_serves_each_site_size_its_own_bytes(tmp_path: Path) -> None:
    """Document ids depend on the site size, so a cache shared by a small and a normal world (the
    benchmark's ``--cache-dir``) must keep them apart, or one serves the other's documents."""
    small = World(synthetic_laos(SITES), sites=SITES, seed=SEED, day=0, cache_dir=tmp_path, size="small")
    normal, fresh = world(tmp_path), world(tmp_path / "fresh")
    clash = next(
        (index, mine, theirs)
        for index in range(SITES)
        for mine in normal.plan(index).live_docs
        for theirs in small.plan(index).live_docs
        if mine.doc_id == theirs.doc_id and mine != theirs and not mine.fault and mine.fmt not in ("html", "doc")
    )
    index, mine, theirs = clash
    small.document_bytes(small.plan(index), theirs)
    assert normal.document_bytes(normal.plan(index), mine) == fresh.document_bytes(fresh.plan(index), mine)
