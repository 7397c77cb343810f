"""The real dashboard in Debian's headless chromium, started by ``x4watch dashboard --port P``.

Logs in, opens the map, drills down to a finding, confirms it, reloads and sees the state kept.
Screenshots go to the test's tmp folder (and to $X4WATCH_SCREENSHOTS when set, to look at them).
Every request the page makes must stay on loopback: the map draws without any basemap.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from dashdata import HOSTILE_URL, build_store
from playwright.sync_api import Page

from testkit.dashboard import choose, chromium, log_in, running_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]


def shoot(page: Page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("X4WATCH_SCREENSHOTS"):
        shutil.copy(path, Path(os.environ["X4WATCH_SCREENSHOTS"]) / path.name)


def test_analyst_logs_in_drills_down_confirms_and_the_state_survives_a_reload(tmp_path: Path) -> None:
    store = build_store(tmp_path / "x4watch.duckdb")
    requests: list[str] = []
    with running_dashboard(tmp_path) as (url, password), chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="th-TH")
        page.on("request", lambda request: requests.append(request.url))
        log_in(page, url, password)
        page.get_by_text("การรั่วไหลที่ยังเปิดอยู่").wait_for(timeout=30_000)
        page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        shoot(page, tmp_path, "1-overview")

        page.get_by_role("link", name="เจาะลึก").click()
        page.get_by_text("ค้นหา อปท. ตามชื่อหรือรหัส").wait_for(timeout=30_000)
        choose(page, "จังหวัด", "เชียงใหม่")
        choose(page, "เลือก อปท.", "เทศบาลตำบลสันทราย (5500102) · 4")
        choose(page, "เลือกเอกสาร", f"{HOSTILE_URL} · 2")
        choose(page, "เลือกรายการ", "เลขประจำตัวประชาชน")
        shoot(page, tmp_path, "2-drilldown")
        page.get_by_role("button", name="ดูหลักฐาน").click()
        page.get_by_text("เหตุผลของความเชื่อมั่น").wait_for(timeout=30_000)
        case_id = int(page.url.rsplit("case=", 1)[1])

        page.get_by_role("button", name="บันทึก").click()
        page.get_by_text("บันทึกแล้ว 1 รายการ").wait_for(timeout=30_000)
        shoot(page, tmp_path, "3-confirmed")

        page.reload()  # the session cookie keeps the analyst signed in
        page.get_by_text(f"#{case_id} · เลขประจำตัวประชาชน · ยืนยันแล้ว").wait_for(timeout=30_000)
        shoot(page, tmp_path, "4-after-reload")

    assert store.case(case_id).state == "confirmed"
    assert list(store.case_history(case_id)["who"])[-1] == "admin"
    local = (url.rstrip("/"), "data:", f"blob:{url.rstrip('/')}")
    outside = [r for r in requests if not r.startswith(local)]
    assert outside == [], outside
