"""JS-only listings work in a real browser: Chromium through the proxy sees the links raw HTML lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from simweb import SimWeb
from simweb.plan import SECTION_IDS

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


def test_chromium_renders_js_listings_into_the_links_the_truth_expects(simweb_server: SimWeb) -> None:
    from playwright.sync_api import sync_playwright

    index = next(i for i, s in enumerate(simweb_server.sites) if s.needs_js and not simweb_server.world.is_down(i))
    plan = simweb_server.world.plan(index)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], proxy={"server": simweb_server.proxy_url}
        )
        try:
            page = browser.new_page()
            for section in SECTION_IDS:  # inline JSON on even section ids, fetch() on odd ones
                docs = plan.section_docs(section)
                page.goto(plan.url(plan.listing_path(section)))
                page.wait_for_function(f"document.querySelectorAll('#items a').length >= {len(docs)}")
                hrefs = set(page.eval_on_selector_all("#items a", "els => els.map(e => e.href)"))
                wanted = {plan.doc_url(d) if section == "download" else plan.url(plan.detail_path(d)) for d in docs}
                assert hrefs == wanted
        finally:
            browser.close()
