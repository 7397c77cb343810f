"""The sweep page in Debian's headless chromium with the celery backend: a real Redis on loopback,
documents waiting on it, then a real ``x4watch worker`` coming online and taking them, while the
page refreshes on its own (issue 18: workers online, queue depth, pages OCR'd a minute, ETA).

About 25 s (a dashboard and a worker start): ``pytest -m slow tests/dashboard/test_sweep_browser.py``;
``tests/dashboard/test_pages.py`` checks the same section with the local pool in the default run."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from bench.cluster import redis_server, worker
from core.config import DocumentsSettings
from crawler.analyse import analyse
from crawler.cluster import ClusterPool
from store import Store
from testkit import samples
from testkit.dashboard import chromium, log_in, running_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(240)]


def metric(page: Page, label: str) -> Locator:
    return page.locator("[data-testid='stMetric']").filter(has_text=label).locator("[data-testid='stMetricValue']")


def test_the_sweep_page_shows_the_queue_then_the_worker_that_takes_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "x4watch.duckdb")
    sweep = store.start_sweep("sweep", {})
    counts = {"sites_total": 40, "sites_done": 10, "documents": 400, "ocr_pages": 1200, "elapsed": 600.0}
    store.update_sweep(sweep, counts)  # 40 documents a minute, 30 sites of 40 documents left
    data = samples.reportlab_pdf([samples.person_lines(samples.people(random.Random(2), 4))])
    with redis_server() as url:
        settings = {"X4WATCH_DOCUMENTS_BACKEND": "celery", "X4WATCH_DOCUMENTS_BROKER_URL": url}
        cluster = ClusterPool(DocumentsSettings(backend="celery", broker_url=url))
        futures = [cluster.submit(data, f"list{n}.pdf", None, functools.partial(analyse, key=b"k")) for n in range(3)]
        with running_dashboard(tmp_path, settings) as (address, password), chromium() as browser:
            page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="th-TH")
            log_in(page, address, password)
            page.get_by_role("link", name="สถานะการตรวจ").click()
            page.get_by_text("การอ่านเอกสาร").wait_for(timeout=30_000)
            expect(metric(page, "เครื่องอ่านเอกสารที่ออนไลน์")).to_have_text("0", timeout=30_000)
            expect(metric(page, "โปรเซสอ่านเอกสาร")).to_have_text("0")
            expect(metric(page, "เอกสารที่รอในคิว")).to_have_text("3")
            expect(metric(page, "หน้าที่ OCR ต่อนาที")).to_have_text("120.0")
            expect(metric(page, "คาดว่าจะเสร็จใน")).to_have_text("0 ชม. 30 นาที")
            page.screenshot(path=str(tmp_path / "sweep-queued.png"), full_page=True)
            (tmp_path / "worker").mkdir()  # the worker's X4WATCH_HOME: its logs stay out of the dashboard's
            with worker(url, tmp_path / "worker" / "worker.log", concurrency=1):
                assert all(len(future.result(timeout=60)) == 1 for future in futures)
                expect(metric(page, "เครื่องอ่านเอกสารที่ออนไลน์")).to_have_text("1", timeout=30_000)
                expect(metric(page, "โปรเซสอ่านเอกสาร")).to_have_text("1")
                expect(metric(page, "เอกสารที่รอในคิว")).to_have_text("0")
                page.get_by_text("เครื่องที่ออนไลน์: x4watch@").wait_for(timeout=10_000)
                page.screenshot(path=str(tmp_path / "sweep-worker.png"), full_page=True)
            cluster.close()
