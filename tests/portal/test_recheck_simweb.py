""" "Document removed or replaced" from the portal re-checks the document against simweb on
loopback through the crawler's recheck path: only a file that really no longer leaks closes its
cases as remediated; a file still leaking stays open and the page says so (Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from portaldata import link_for, portal_config, serving

from service.commands.portal import recheck_runner
from simweb import SimWeb
from simweb.fixes import lao_fixes, seed_cases
from simweb.laos import synthetic_laos
from store import Store
from testkit.dashboard import chromium
from testkit.score import simweb_laos

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]
"""About 50 s (two crawl processes): run with ``pytest -m slow tests/portal``."""

SITES = 12
SEED = 3
REPORTED = "นำเอกสารออกหรือแทนที่ด้วยฉบับปกปิดแล้ว"


def test_a_replaced_file_is_remediated_only_when_the_recheck_confirms_it(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path / "home", recheck_delay_seconds=0.5)
    cfg.crawl.proxy, cfg.crawl.allow_loopback, cfg.crawl.delay_seconds = "", True, 0.0
    cfg.playwright.enabled, cfg.documents.workers, cfg.documents.ocr = False, 1, False
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=SEED, cache_dir=tmp_path / "cache") as web:
        cfg.crawl.proxy = web.proxy_url
        key = cfg.secret_key()
        before = web.truth(key)
        for day in range(1, 7):  # the first later day on which some LAO replaced a leaking file
            web.set_day(day)
            fixed, kept = lao_fixes(before, web.truth(key))
            if fixed and kept:
                break
        assert fixed and kept, "the simulated web should fix some leaking files and keep others"
        fixed_doc, kept_doc = fixed[0], kept[0]
        store = Store(cfg.store_path, deadline_days=15)
        store.upsert_laos(simweb_laos(web))
        ids = seed_cases(store, [fixed_doc, kept_doc])
        store.bulk_transition(ids, "notified", "x4watch-notify")
        by_url = {url: [int(i) for i in group["id"]] for url, group in store.cases().groupby("url")}

        with serving(cfg, store, recheck_runner(cfg, store)) as running, chromium() as browser:
            page = browser.new_context(locale="th-TH").new_page()
            page.goto(link_for(cfg, store, fixed_doc.lao_code))
            document = page.locator(f'div.doc[data-url="{fixed_doc.url}"]')
            document.get_by_role("button", name=REPORTED).click()
            page.get_by_text("ระบบจะตรวจเอกสารซ้ำภายในไม่กี่นาที").wait_for()
            assert document.get_by_text("กำลังตรวจซ้ำ").count() == 1
            assert {store.case(i).state for i in by_url[fixed_doc.url]} == {"notified"}  # not on the LAO's word
            assert running.rechecker.wait_idle(240)
            page.goto(running.url + "/")
            assert page.locator(f'div.doc[data-url="{fixed_doc.url}"]').count() == 0
            assert {store.case(i).state for i in by_url[fixed_doc.url]} == {"remediated"}
            last = store.case_history(by_url[fixed_doc.url][0]).iloc[-1]
            assert (last["who"], last["to_state"]) == ("system", "remediated")

            page.goto(link_for(cfg, store, kept_doc.lao_code))
            document = page.locator(f'div.doc[data-url="{kept_doc.url}"]')
            document.get_by_role("button", name=REPORTED).click()
            page.get_by_text("ระบบจะตรวจเอกสารซ้ำภายในไม่กี่นาที").wait_for()
            assert running.rechecker.wait_idle(240)
            page.goto(running.url + "/")
            page.locator(f'div.doc[data-url="{kept_doc.url}"]').get_by_text(
                "ตรวจซ้ำแล้ว ยังพบเลขที่ไม่ได้ปกปิดในเอกสารนี้"
            ).wait_for()
            assert {store.case(i).state for i in by_url[kept_doc.url]} == {"notified"}
            assert running.rechecker.batches == 2
