"""JavaScript-built listings: their documents are reached only when Playwright renders the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Swept, new_store

from bench.crawl import sweep_config
from crawler.score import found_leaks
from crawler.sweep import run_sweep


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
