"""The sites page in Debian's headless chromium: an analyst confirms a contact, enters an LAO's
website and imports a province's CSV; each is recorded with who and when."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from seeds.model import Lao, LaoType
from store import Store
from store.discovery import Probe
from testkit.dashboard import choose, chromium, log_in, running_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

NONGBUA = Lao("6400190", LaoType.SAO, "หนองบัว", "40", "ขอนแก่น", district="เมืองขอนแก่น")
DINCHI = Lao("6461005", LaoType.SAO, "ดินจี่", "46", "กาฬสินธุ์", district="คำม่วง")


def build(path: Path) -> Store:
    store = Store(path)
    store.upsert_laos([NONGBUA, DINCHI])
    now = datetime.now(UTC).replace(tzinfo=None)
    store.record_probes(
        [
            Probe(NONGBUA.code, "www.nongbua.go.th", "guess", "refused", "ชื่อหน้าเว็บไม่ใช่ชื่อ อปท. นี้", now),
            Probe(NONGBUA.code, "nongbua-kk.go.th", "certificates", "refused", "ไม่มีคำตอบ", now),
        ]
    )
    store.record_contact_candidates([(NONGBUA.code, "email", "saraban@nongbua-kk.go.th", "http://x/")])
    return store


def test_an_analyst_enters_a_site_and_confirms_a_contact(tmp_path: Path) -> None:
    store = build(tmp_path / "x4watch.duckdb")
    with running_dashboard(tmp_path) as (url, password), chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="th-TH")
        log_in(page, url, password)
        page.get_by_role("link", name="เว็บไซต์และผู้ติดต่อ อปท.").click()
        page.get_by_text("อปท. ที่ยังไม่มีเว็บไซต์: 2 แห่ง").wait_for(timeout=30_000)
        choose(page, "เลือก อปท.", "อบต.หนองบัว (6400190)")
        page.get_by_text("6400190 · saraban@nongbua-kk.go.th").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "sites-1.png"), full_page=True)
        page.get_by_role("button", name="ยืนยัน").first.click()
        page.get_by_text("บันทึกแล้ว: saraban@nongbua-kk.go.th").wait_for(timeout=30_000)
        page.get_by_label("เว็บไซต์ของ อปท. นี้").fill("www.nongbuakk.go.th")
        page.get_by_role("button", name="บันทึกเว็บไซต์").click()
        page.get_by_text("บันทึกเว็บไซต์ www.nongbuakk.go.th โดย admin แล้ว").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "sites-2.png"), full_page=True)
        listing = tmp_path / "kalasin.csv"
        listing.write_text("lao_code,website\n6461005,dinchi.go.th\n9999999,www.x.go.th\n", encoding="utf-8")
        page.locator("input[type=file]").set_input_files(str(listing))
        page.get_by_role("button", name="นำเข้ารายชื่อเว็บไซต์ของจังหวัด (CSV: lao_code, website)").click()
        page.get_by_text("นำเข้าแล้ว 1 แห่ง").wait_for(timeout=30_000)
        page.get_by_text("บรรทัด 3: unknown LAO code '9999999'").wait_for(timeout=30_000)

    decision = store.site_decisions()[NONGBUA.code]
    assert (decision.website, decision.action, decision.decided_by) == (
        "http://www.nongbuakk.go.th/",
        "entered",
        "admin",
    )
    (contact,) = store.contact_candidates(lao_code=NONGBUA.code)
    assert (contact.status, contact.decided_by) == ("confirmed", "admin")
    imported = store.site_decisions()[DINCHI.code]
    assert (imported.website, imported.action, imported.decided_by) == ("http://dinchi.go.th/", "imported", "admin")
    assert store.laos_without_site().empty
