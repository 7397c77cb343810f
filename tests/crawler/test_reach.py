"""End to end over real HTTP: the documents a link-following crawl cannot reach, scored by truth.

Off-site files (a Drive-like host, a Docs-like host, a flip-book viewer), pages and files only
sitemaps list, uploads only a WordPress media API lists, and old files only an archive index
remembers: one sweep with ``crawl.archive`` on (against simweb's index) over the sites of the test
web that have these and no fault that makes a sweep wait. The scope tests read what simweb's file
hosts and archive were asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from sweeptools import SEED, SITES, Swept, new_store

from bench.crawl import sweep_config
from crawler.sweep import run_sweep
from simweb import SimWeb, reach
from simweb.laos import synthetic_laos
from testkit.score import found_leaks, score, simweb_laos

POSITIONS = (0, 4, 5, 6, 8, 11, 14)
"""Sites with every way in (off-site files: 6, 14; an index of sitemaps: 4; media API: 8, 11;
archive: 5, 8, 11, 14) and no fault that holds a sweep up."""
UNLINKED = ("sitemap", "wp-media", "archive")


@pytest.fixture(scope="module")
def reach_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimWeb]:
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=SEED, cache_dir=tmp_path_factory.mktemp("reach")) as web:
        yield web


@pytest.fixture(scope="module")
def swept(reach_web: SimWeb, tmp_path_factory: pytest.TempPathFactory) -> Swept:
    cfg = sweep_config(tmp_path_factory.mktemp("reach-sweep"), reach_web.proxy_url)
    cfg.crawl.archive = True
    cfg.store.secret = "reach-tests"
    codes = {reach_web.sites[i].lao_code for i in POSITIONS}
    laos = [lao for lao in simweb_laos(reach_web) if lao.code in codes]
    store = new_store(cfg, laos)
    summary = run_sweep(cfg, laos, store=store)
    return Swept(reach_web, cfg, store, laos, summary, found_leaks(store))


def documents(swept: Swept) -> dict[str, dict[str, object]]:
    """Every stored document of the swept sites by URL, with its columns."""
    rows: dict[str, dict[str, object]] = {}
    for lao in swept.laos:
        frame = swept.store.lao_documents(lao.code)
        for row in frame.to_dict("records"):
            rows[str(row["url"])] = {**row, "lao_code": lao.code}
    return rows


def expected(swept: Swept, via: tuple[str, ...]) -> dict[str, frozenset[tuple[str, str]]]:
    truth = swept.web.truth(swept.cfg.secret_key())
    codes = {lao.code for lao in swept.laos}
    wanted = truth.expected(js=False, ocr=False, archive=True, via=via)
    by_url = {doc.url: doc for doc in truth.documents}
    return {url: leaks for url, leaks in wanted.items() if by_url[url].lao_code in codes}


def test_every_way_in_leads_to_leaks_the_links_never_show(swept: Swept) -> None:
    truth = swept.web.truth(swept.cfg.secret_key())
    for via in ("off-site", *UNLINKED):
        assert expected(swept, (via,)), f"the swept sites should hold documents reachable only by {via}"
    result = score(truth, {u: p for u, p in swept.found.items()}, js=False, archive=True)
    assert result.precision >= 0.99, result.false


@pytest.mark.parametrize("via", ["off-site", *UNLINKED])
def test_documents_reachable_one_way_only_are_found_and_say_how(swept: Swept, via: str) -> None:
    wanted = expected(swept, (via,))
    stored = documents(swept)
    hits = sum(len(leaks & swept.found.get(url, set())) for url, leaks in wanted.items())
    assert hits / sum(len(leaks) for leaks in wanted.values()) >= 0.95, set(wanted) - set(swept.found)
    assert {url: stored[url]["found_by"] for url in wanted if url in stored} == dict.fromkeys(wanted, via)


def test_an_off_site_file_belongs_to_the_lao_whose_page_links_it(swept: Swept) -> None:
    truth = {doc.url: doc for doc in swept.web.truth(swept.cfg.secret_key()).documents}
    stored = documents(swept)
    offsite = [url for url in expected(swept, ("off-site",)) if url in stored]
    assert offsite
    for url in offsite:
        lao_host = next(s.host for s in swept.web.sites if s.lao_code == truth[url].lao_code)
        assert stored[url]["lao_code"] == truth[url].lao_code
        assert urlsplit(str(stored[url]["linked_from"])).hostname == lao_host
    cases = swept.store.cases()
    assert set(cases[cases["url"].isin(offsite)]["lao_code"]) <= {truth[u].lao_code for u in offsite}


def test_file_hosts_are_asked_for_the_linked_files_only(swept: Swept) -> None:
    """The host is never crawled: each file (or viewer page) once, nothing else but robots.txt."""
    truth = swept.web.truth(swept.cfg.secret_key())
    files = {urlsplit(d.url).hostname: set() for d in truth.documents if d.found_by == "off-site"}
    for doc in truth.documents:
        if doc.found_by == "off-site":
            parts = urlsplit(doc.url)
            files[parts.hostname].add(parts.path + (f"?{parts.query}" if parts.query else ""))
            if parts.hostname == reach.VIEWER_HOST:
                files[parts.hostname].add(parts.path.split("files/")[0])
    asked = swept.web.counters.services
    assert set(files) <= set(asked)
    for host, targets in files.items():
        fetched = [t for t in asked[host] if t != "/robots.txt"]
        assert fetched and set(fetched) <= targets, (host, set(fetched) - targets)
        assert len(fetched) == len(set(fetched)), f"{host}: a file asked twice"


def test_the_archive_serves_the_index_only_and_old_urls_are_asked_of_the_live_site(swept: Swept) -> None:
    asked = swept.web.counters.services[reach.ARCHIVE_HOST]
    assert asked and all(t.startswith(f"{reach.CDX_PATH}?") or t == "/robots.txt" for t in asked)
    errors = swept.store.sweep_errors(swept.summary.sweep_id)
    gone = errors[errors["url"].str.contains("/images/files/doc-700", regex=False)]
    assert set(gone["error_type"]) == {"http"}
    assert all(urlsplit(url).hostname in {s.host for s in swept.web.sites} for url in gone["url"])


def test_without_crawl_archive_no_index_is_asked(reach_web: SimWeb, tmp_path_factory: pytest.TempPathFactory) -> None:
    cfg = sweep_config(tmp_path_factory.mktemp("no-archive"), reach_web.proxy_url)
    assert not cfg.crawl.archive
    before = len(reach_web.counters.services.get(reach.ARCHIVE_HOST, []))
    laos = [lao for lao in simweb_laos(reach_web) if lao.code == reach_web.sites[5].lao_code]
    run_sweep(cfg, laos, store=new_store(cfg, laos))
    assert len(reach_web.counters.services.get(reach.ARCHIVE_HOST, [])) == before
