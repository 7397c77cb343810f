"""Dashboard sessions in Debian's headless chromium: a reload and a deep link keep the session, an
expired one asks to sign in again and returns to the page asked for.

The session lasts ``dashboard.session_hours``; here 0.004 h (14.4 s), so the expiry is seen quickly.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dashdata import build_store

from dashboard.session import COOKIE
from testkit.dashboard import chromium, running_dashboard, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

SESSION_SECONDS = 0.004 * 3600
EVIDENCE = "เหตุผลของความเชื่อมั่น"


def test_reload_and_deep_link_keep_the_session_and_an_expired_one_returns_to_the_page(tmp_path: Path) -> None:
    store = build_store(tmp_path / "x4watch.duckdb")
    case_id = int(store.cases()["id"].iloc[0])
    deep = f"evidence?case={case_id}"
    with (
        running_dashboard(tmp_path, {"X4WATCH_DASHBOARD_SESSION_HOURS": "0.004"}) as (url, password),
        chromium() as browser,
    ):
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH")
        page = context.new_page()
        page.goto(url + deep)  # a link from a mail: the sign-in page first, then the case
        assert "/session/login" in page.url
        sign_in(page, password)
        signed_in = time.monotonic()
        page.get_by_text(EVIDENCE).wait_for(timeout=30_000)
        assert page.url == url + deep

        [cookie] = [c for c in context.cookies() if c["name"] == COOKIE]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert page.evaluate("document.cookie").find(COOKIE) == -1  # not readable by scripts

        page.reload()
        page.get_by_text(EVIDENCE).wait_for(timeout=30_000)
        assert page.get_by_label("รหัสผ่าน").count() == 0

        other = context.new_page()  # a second link opened in the same browser
        other.goto(url + "cases")
        other.get_by_text("ออกจากระบบ").wait_for(timeout=30_000)
        assert "/session/login" not in other.url

        time.sleep(max(SESSION_SECONDS - (time.monotonic() - signed_in) + 1.0, 0.0))
        page.reload()
        page.get_by_text("หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง").wait_for(timeout=30_000)
        assert "/session/login" in page.url
        sign_in(page, password)
        page.get_by_text(EVIDENCE).wait_for(timeout=30_000)
        assert page.url == url + deep
