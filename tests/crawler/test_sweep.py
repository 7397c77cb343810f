"""End to end over real HTTP: simweb → crawler → documents → detectors → store, scored by truth.

Sixteen simulated sites show every fault simweb has (its faults sit on fixed site positions up to
15); one first sweep of them per session is shared by the tests below, which run in file order.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from sweeptools import SEED, SITES, Swept, kill_tree, new_store

from bench.crawl import sweep_config
from crawler import links
from crawler.settings import sites_in_flight
from crawler.sweep import run_sweep, start_sweep_process
from simweb import SimWeb
from simweb.laos import synthetic_laos
from simweb.model import SLOW_SECONDS
from store import Store
from testkit.score import found_leaks, score, simweb_laos

FAULT_ERRORS = {
    "timeout": {"timeout"},
    "reset": {"connection"},
    "server_error": {"http"},
    "not_found": {"http"},
    "redirect_loop": {"redirect"},
    "calendar": {"trap"},
    "huge": {"too_large"},
    "robots": {"robots"},
    "dead": {"connection", "dns", "timeout"},
}
"""The error type each fault must leave in the site's record."""
SLOW_FAULTS = frozenset({"slow", "timeout", "dead", "reset", "huge", "zip_bomb", "redirect_loop"})


@pytest.fixture(scope="session")
def crawl_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimWeb]:
    cache = tmp_path_factory.mktemp("crawl-simweb")
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=SEED, cache_dir=cache) as web:
        yield web


@pytest.fixture(scope="session")
def first_sweep(crawl_web: SimWeb, tmp_path_factory: pytest.TempPathFactory) -> Swept:
    cfg = sweep_config(tmp_path_factory.mktemp("first-sweep"), crawl_web.proxy_url)
    cfg.store.secret = "crawler-tests"
    laos = simweb_laos(crawl_web)
    store = new_store(cfg, laos)
    summary = run_sweep(cfg, laos, store=store)
    return Swept(crawl_web, cfg, store, laos, summary, found_leaks(store))


def quick_sites(web: SimWeb) -> set[str]:
    """Codes of the sites without a fault that makes a sweep wait."""
    return {s.lao_code for s in web.sites if not s.faults & SLOW_FAULTS}


def site_of(swept: Swept, fault: str) -> str:
    return next(s.lao_code for s in swept.web.sites if fault in s.faults)


def test_first_sweep_finds_what_simweb_leaks_in_text_documents(first_sweep: Swept) -> None:
    truth = first_sweep.web.truth(first_sweep.cfg.secret_key())
    result = score(truth, first_sweep.found, js=False)
    assert result.precision >= 0.99, result.false
    assert result.recall >= 0.98, result.missed
    expected_urls = set(truth.expected(js=False, ocr=False))
    documents = {url for lao in first_sweep.laos for url in first_sweep.store.lao_documents(lao.code)["url"]}
    coverage = len(expected_urls & documents) / len(expected_urls)
    assert coverage >= 0.98, sorted(expected_urls - documents)[:5]


@pytest.mark.parametrize("fault", sorted(FAULT_ERRORS))
def test_every_fault_is_recorded_for_its_site_and_the_sweep_goes_on(first_sweep: Swept, fault: str) -> None:
    errors = first_sweep.store.sweep_errors(first_sweep.summary.sweep_id)
    lao = site_of(first_sweep, fault)
    types = set(errors[errors["lao_code"] == lao]["error_type"])
    assert types & FAULT_ERRORS[fault], (fault, types)
    assert first_sweep.summary.sites_done == first_sweep.summary.sites_total == SITES


@pytest.mark.parametrize("fault", ["corrupt_pdf", "zip_bomb", "wrong_type"])
def test_hostile_documents_get_a_parse_status_not_a_crash(first_sweep: Swept, fault: str) -> None:
    lao = site_of(first_sweep, fault)
    statuses = set(first_sweep.store.lao_documents(lao)["status"])
    assert "ok" in statuses
    if fault != "wrong_type":
        assert statuses - {"ok", "ocr"}, statuses


def test_session_id_and_calendar_traps_do_not_exhaust_the_page_budget(first_sweep: Swept) -> None:
    for fault in ("session_ids", "calendar"):
        pages = len(first_sweep.store.lao_documents(site_of(first_sweep, fault)))
        assert pages < first_sweep.cfg.crawl.max_pages_per_site, fault


def test_the_contacts_a_site_publishes_become_candidates_not_coordinators(first_sweep: Swept) -> None:
    """simweb's footers publish saraban@<host>: each reachable home page gives one candidate."""
    candidates = first_sweep.store.contact_candidates()
    emails = {(c.lao_code, c.value) for c in candidates if c.kind == "email"}
    for spec in first_sweep.web.sites[:3]:  # the first sites have no fault
        assert (spec.lao_code, f"saraban@{spec.host.removeprefix('www.')}") in emails
    assert {c.status for c in candidates} == {"candidate"}
    with duckdb.connect(str(first_sweep.store.path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM contacts").fetchone() == (0,)


def test_sweep_row_shows_the_finished_sweep(first_sweep: Swept) -> None:
    row = first_sweep.store.sweep(first_sweep.summary.sweep_id)
    assert row is not None and row.status == "done"
    assert row.sites_done == row.sites_total == SITES
    assert row.findings == first_sweep.summary.findings > 0


def test_connections_to_the_proxy_are_kept_alive(first_sweep: Swept) -> None:
    """Behind a forward proxy every request goes to one host: the pool must keep more than
    ``per_host`` connections to it, or nearly every request opens a new one."""
    counters = first_sweep.web.counters
    assert counters.connections < counters.requests / 4, (counters.connections, counters.requests)


def test_site_rows_count_the_pages_and_documents_of_each_site(first_sweep: Swept) -> None:
    with duckdb.connect(str(first_sweep.store.path), read_only=True) as con:
        rows = con.execute("SELECT lao_code, pages, documents FROM sites").fetchall()
    counts = {code: (pages, docs) for code, pages, docs in rows}
    pages, documents = counts[first_sweep.web.sites[0].lao_code]  # site 0 has no fault
    assert pages > 1 and documents > 1
    assert sum(p for p, _ in counts.values()) == first_sweep.summary.pages


def test_killed_sweep_resumes_without_losing_or_doubling(
    first_sweep: Swept, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    web = first_sweep.web
    # twice simweb's usual delay: on a loaded machine the quick sites' parsing slows down and the
    # slow site could end before any quick one is marked done, leaving nothing to kill midway
    monkeypatch.setattr("simweb.server.SLOW_SECONDS", 2 * SLOW_SECONDS)
    slow = site_of(first_sweep, "slow")  # still running when the quick ones are done: killed midway
    subset = [lao for lao in first_sweep.laos if lao.code in quick_sites(web)][:5] + [
        lao for lao in first_sweep.laos if lao.code == slow
    ]
    cfg = sweep_config(tmp_path, web.proxy_url)
    cfg.store.secret = first_sweep.cfg.store.secret
    cfg.store.batch_size = 20
    cfg.crawl.per_host = 1
    store = new_store(cfg, subset)
    before = dict(web.counters.by_host)
    process, state, _ = start_sweep_process(cfg, subset, store=store)
    deadline = time.monotonic() + 120
    while not state.done() and process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.is_alive(), "the sweep ended before it could be killed: make the subset bigger"
    kill_tree(process.pid)  # type: ignore[arg-type]
    process.join()
    assert 1 <= len(state.done()) < len(subset)
    resumed = run_sweep(cfg, subset, store=store)
    assert resumed.resumed and resumed.sweep_id == state.sweep_id
    codes = {lao.code for lao in subset}
    cases = first_sweep.store.cases()
    lao_of = dict(zip(cases["url"], cases["lao_code"], strict=True))
    reference = {u: p for u, p in first_sweep.found.items() if lao_of[u] in codes}
    assert found_leaks(store) == reference
    cases = store.cases()
    assert not cases.duplicated(["lao_code", "url", "fingerprint"]).any()
    swept_hosts = {s.host for s in web.sites if s.lao_code in codes}
    other_hosts = {s.host for s in web.sites} - swept_hosts
    touched = {h for h, n in web.counters.by_host.items() if n > before.get(h, 0)}
    assert not touched & other_hosts, "links to neighbouring LAO sites must not be followed"


def test_unchanged_resweep_skips_fresh_urls_and_asks_again_for_every_open_case(first_sweep: Swept) -> None:
    web, cfg, store = first_sweep.web, first_sweep.cfg, first_sweep.store
    started = store.clock().replace(microsecond=0)  # the crawler stamps fetches to the second
    requests = web.counters.requests
    again = run_sweep(cfg, first_sweep.laos, store=store)
    asked = web.counters.requests - requests
    assert again.parsed == 0 and again.findings == 0
    assert again.fresh > 0 and again.not_modified > 0, "fresh URLs are skipped, the others answered 304"
    assert asked < (first_sweep.summary.pages + first_sweep.summary.documents) * 0.75
    assert found_leaks(store) == first_sweep.found, "nothing found before may be lost by skipping"
    errors = store.sweep_errors(again.sweep_id)
    hung = errors[errors["lao_code"] == site_of(first_sweep, "timeout")]
    assert "deferred" in set(hung["error_type"]) and "timeout" not in set(hung["error_type"])
    for lao in first_sweep.laos:
        docs = store.lao_documents(lao.code)
        cased = docs[(docs["open_cases"] > 0) & ~docs["url"].str.contains("[!#]", regex=True)]
        assert (cased["fetched_at"] >= started).all(), "a document with an open case must be asked again"


def test_revisit_days_zero_asks_for_every_known_url(first_sweep: Swept, tmp_path: Path) -> None:
    web = first_sweep.web
    cfg = sweep_config(tmp_path, web.proxy_url)
    cfg.crawl.revisit_days = 0
    subset = first_sweep.laos[:3]
    store = new_store(cfg, subset)
    first = run_sweep(cfg, subset, store=store)
    again = run_sweep(cfg, subset, store=store)
    assert again.fresh == 0 and again.parsed == 0
    assert again.pages + again.documents == first.pages + first.documents


def test_robots_txt_is_reused_by_the_sweeps_of_a_day_and_still_obeyed(first_sweep: Swept, tmp_path: Path) -> None:
    web, robots_site = first_sweep.web, site_of(first_sweep, "robots")
    quick = [lao for lao in first_sweep.laos if lao.code != robots_site and lao.code in quick_sites(web)]
    subset = [lao for lao in first_sweep.laos if lao.code == robots_site] + quick[:2]
    cfg = sweep_config(tmp_path, web.proxy_url)
    store = new_store(cfg, subset)
    before = web.counters.robots
    run_sweep(cfg, subset, store=store)
    fetched = web.counters.robots - before
    assert fetched >= len(subset)
    again = run_sweep(cfg, subset, store=store)
    assert web.counters.robots - before == fetched, "a robots.txt fetched less than a day ago is not asked again"
    errors = store.sweep_errors(again.sweep_id)
    assert "robots" in set(errors[errors["lao_code"] == robots_site]["error_type"]), "its rules still apply"
    cfg.crawl.robots_hours = 0
    run_sweep(cfg, subset, store=store)
    assert web.counters.robots - before == 2 * fetched


def test_pages_without_last_modified_that_stood_unchanged_are_left_alone_but_listings_are_asked(
    first_sweep: Swept, tmp_path: Path
) -> None:
    web = first_sweep.web
    php = next(s for s in web.sites if s.style == "php" and s.lao_code in quick_sites(web))
    subset = [lao for lao in first_sweep.laos if lao.code == php.lao_code]
    cfg = sweep_config(tmp_path, web.proxy_url)
    store = new_store(cfg, subset)
    run_sweep(cfg, subset, store=store)
    with duckdb.connect(str(cfg.store_path)) as con:  # a month on, nothing on the site has changed
        con.execute("UPDATE documents SET unchanged_since = fetched_at - INTERVAL 30 DAY, "
                    "fetched_at = fetched_at - INTERVAL 1 DAY")  # fmt: skip
        listings = {
            url for (url,) in con.execute(
                "SELECT DISTINCT l.url FROM documents, unnest(links) AS t(l) WHERE l.priority = ?",
                [links.PRIORITY_LISTING],
            ).fetchall()
        }  # fmt: skip
    started = store.clock().replace(microsecond=0)  # the crawler stamps fetches to the second
    again = run_sweep(cfg, subset, store=store)
    docs = store.lao_documents(php.lao_code)
    pages = docs[docs["media_type"].str.startswith("text/html") & (docs["open_cases"] == 0)]
    asked = set(pages[pages["fetched_at"] >= started]["url"])
    assert again.fresh > 0 and set(pages["url"]) - asked, "pages that stood for a month are not asked for"
    assert php.home_url in asked and listings & set(pages["url"]) <= asked, "home page and listings always are"


def test_sites_are_swept_a_window_at_a_time(first_sweep: Swept, tmp_path: Path) -> None:
    web = first_sweep.web
    quick = [lao for lao in first_sweep.laos if lao.code in quick_sites(web)]
    cfg = sweep_config(tmp_path, web.proxy_url)
    cfg.crawl.concurrency, cfg.crawl.per_host = 4, 2
    assert len(quick) > sites_in_flight(cfg) == 4
    summary = run_sweep(cfg, quick, store=new_store(cfg, quick))
    assert summary.sites_done == len(quick)
    assert 1 < summary.peak_in_flight <= 4


def closed_leaks(
    before: dict[str, set[tuple[str, str]]],
    truth_before: Mapping[str, frozenset[tuple[str, str]]],
    truth_after: Mapping[str, frozenset[tuple[str, str]]],
) -> set[tuple[str, str, str]]:
    """True leaks that were open and that the web no longer publishes (fixed or deleted)."""
    return {
        (url, *pair)
        for url, pairs in before.items()
        for pair in pairs & truth_before.get(url, frozenset())
        if pair not in truth_after.get(url, frozenset())
    }


def open_pairs(store: Store) -> set[tuple[str, str, str]]:
    return {(url, *pair) for url, pairs in found_leaks(store).items() for pair in pairs}


def test_day_two_reparses_only_changes_and_closes_removed_leaks(first_sweep: Swept) -> None:
    web, cfg, store = first_sweep.web, first_sweep.cfg, first_sweep.store
    key = cfg.secret_key()
    day0 = web.truth(key).expected(js=False, ocr=False)
    web.set_day(1)
    day1 = web.truth(key).expected(js=False, ocr=False)
    second = run_sweep(cfg, first_sweep.laos, store=store)
    assert second.not_modified > 0
    assert second.parsed < first_sweep.summary.parsed / 3
    closed = closed_leaks(first_sweep.found, day0, day1)
    assert closed, "simweb's day 1 should fix or delete some leaking documents"
    still_open = open_pairs(store)
    assert not closed & still_open, "leaks no longer published must be remediated"
    kept = {(u, *p) for u, pairs in first_sweep.found.items() for p in pairs & day1.get(u, frozenset())}
    assert kept <= still_open


def test_recheck_fetches_open_cases_only_and_closes_fixed_ones(first_sweep: Swept) -> None:
    web, cfg, store = first_sweep.web, first_sweep.cfg, first_sweep.store
    key = cfg.secret_key()
    before, truth_before = found_leaks(store), web.truth(key).expected(js=False, ocr=False)
    web.set_day(3)
    targets = store.recheck_targets()
    urls = list(zip(targets["lao_code"], targets["url"], strict=True))
    requests = web.counters.requests
    summary = run_sweep(cfg, first_sweep.laos, store=store, mode="recheck", urls=urls)
    assert summary.kind == "recheck"
    assert web.counters.requests - requests <= len(urls) * 2 + SITES
    closed = closed_leaks(before, truth_before, web.truth(key).expected(js=False, ocr=False))
    assert closed, "simweb's day 3 should fix or delete some leaking documents"
    assert not closed & open_pairs(store)


def test_without_a_browser_js_listings_stay_unvisited(first_sweep: Swept) -> None:
    truth = first_sweep.web.truth(first_sweep.cfg.secret_key())
    assert truth.needs_js, "simweb should build some listings with JavaScript"
    assert not set(first_sweep.found) & truth.needs_js


@pytest.mark.browser
def test_with_playwright_js_listings_are_rendered_and_their_leaks_found(first_sweep: Swept, tmp_path: Path) -> None:
    web = first_sweep.web
    js_codes = {s.lao_code for s in web.sites if s.needs_js}
    laos = [lao for lao in first_sweep.laos if lao.code in js_codes]
    cfg = sweep_config(tmp_path, web.proxy_url, playwright=True)
    cfg.store.secret = first_sweep.cfg.store.secret
    store = new_store(cfg, laos)
    run_sweep(cfg, laos, store=store)
    truth = web.truth(cfg.secret_key())
    expected = {u for u in truth.expected(js=True, ocr=False) if u in truth.needs_js}
    assert expected, "the JS site should publish leaking documents"
    assert expected <= set(found_leaks(store))


@pytest.fixture
def not_tls_server() -> Iterator[int]:
    """A loopback port that answers plain HTTP to whoever speaks TLS to it: the handshake fails."""
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_a_failed_tls_handshake_is_recorded_as_tls(tmp_path: Path, not_tls_server: int) -> None:
    lao = replace(synthetic_laos(1)[0], website=f"https://127.0.0.1:{not_tls_server}/")
    cfg = sweep_config(tmp_path, "")
    store = new_store(cfg, [lao])
    summary = run_sweep(cfg, [lao], store=store)
    assert summary.sites_done == 1
    errors = store.sweep_errors(summary.sweep_id)
    assert set(errors["error_type"]) == {"tls"} and errors["reason"].str.startswith("TLS handshake failed").all()
