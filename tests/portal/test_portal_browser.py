"""The coordinators' portal in Debian's headless chromium: one LAO's link reaches that LAO only,
expired and revoked links are refused, uploads are size-limited, acknowledging moves the cases,
and requests are rate-limited."""

from __future__ import annotations

import random
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page
from portaldata import LAO_A, LAO_B, Clock, link_for, notified_store, portal_config, serving, states

from portal import tokens
from portal.app import COOKIE
from store.portal import PortalData
from testkit import synthetic
from testkit.dashboard import chromium

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

URL_A = "http://www.tambon1.go.th/files/beer-yang-cheep.pdf"
URL_B = "http://www.tambon2.go.th/news/list.xlsx"


def post_from_page(page: Page, path: str, fields: list[tuple[str, str]]) -> int:
    """A form post made with the browser's cookie and the page's CSRF field (what a tampered form
    would send; the page's CSP forbids scripts to fetch): returns the status of the answer."""
    csrf = page.locator("input[name=csrf]").first.get_attribute("value") or ""
    base = page.url.split("/", 3)
    answer = page.request.post(
        f"{base[0]}//{base[2]}{path}",
        data=urllib.parse.urlencode([("csrf", csrf), *fields]),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    return answer.status


def test_a_link_for_lao_a_shows_a_only_and_cannot_touch_lao_b(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, seeded = notified_store(tmp_path / "x.duckdb")
    b_ids = seeded.cases_by_lao[LAO_B]
    with serving(cfg, store) as running, chromium() as browser:
        context = browser.new_context(locale="th-TH")
        page = context.new_page()
        page.goto(link_for(cfg, store, LAO_A))
        page.get_by_role("heading", name="อบต.ทดสอบ101").wait_for()
        assert page.url == running.url + "/"  # the token left the address bar
        assert URL_A in page.content() and URL_B not in page.content() and "ทดสอบ102" not in page.content()
        [cookie] = [c for c in context.cookies() if c["name"] == COOKIE]
        assert cookie["httpOnly"] and page.evaluate("document.cookie").find(COOKIE) == -1
        for raw in seeded.raw:
            assert raw not in page.content()
        assert post_from_page(page, "/ack", [("case", str(i)) for i in b_ids]) == 303
        assert states(store, b_ids) == ["notified"] * len(b_ids)
        assert post_from_page(page, "/fixed", [("url", URL_B)]) == 303
        assert running.rechecker.pending(LAO_B) == set() and running.rechecker.pending(LAO_A) == set()
        assert all("portal" not in str(n) for n in store.case_history(b_ids[0])["note"])

        other = browser.new_context(locale="th-TH").new_page()  # B's own link opens B's page
        other.goto(link_for(cfg, store, LAO_B))
        other.get_by_role("heading", name="อบต.ทดสอบ102").wait_for()
        assert URL_B in other.content() and URL_A not in other.content()


def test_a_post_without_the_pages_csrf_field_is_refused(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, seeded = notified_store(tmp_path / "x.duckdb")
    a_ids = seeded.cases_by_lao[LAO_A]
    with serving(cfg, store), chromium() as browser:
        page = browser.new_context().new_page()
        page.goto(link_for(cfg, store, LAO_A))
        page.get_by_role("heading", name="อบต.ทดสอบ101").wait_for()
        page.locator("input[name=csrf]").first.evaluate("(field) => field.value = '0'")
        page.locator(f'div.doc[data-url="{URL_A}"]').get_by_role("button", name="รับทราบ").click()
        page.get_by_text("คำขอไม่ถูกต้อง").first.wait_for()
        assert states(store, a_ids) == ["notified"] * len(a_ids)


def test_expired_and_revoked_links_are_refused(tmp_path: Path) -> None:
    clock = Clock()
    cfg = portal_config(tmp_path, link_days=1.0)
    store, _ = notified_store(tmp_path / "x.duckdb", clock)
    with serving(cfg, store) as running, chromium() as browser:
        expiring = link_for(cfg, store, LAO_A)
        revoked = link_for(cfg, store, LAO_B)
        page = browser.new_context().new_page()
        page.goto(revoked)
        page.get_by_role("heading", name="อบต.ทดสอบ102").wait_for()
        PortalData(store).revoke(who="ann", lao_code=LAO_B)
        page.reload()  # signed in by cookie: the revocation counts at once
        page.get_by_text("ลิงก์นี้ถูกยกเลิกแล้ว").wait_for()
        assert URL_B not in page.content()
        answer = page.goto(revoked)
        assert answer is not None and answer.status == 403
        page.get_by_text("ลิงก์นี้ถูกยกเลิกแล้ว").wait_for()

        clock.now += timedelta(days=1, minutes=1)
        fresh = browser.new_context().new_page()
        answer = fresh.goto(expiring)
        assert answer is not None and answer.status == 403
        fresh.get_by_text("ลิงก์นี้หมดอายุแล้ว").wait_for()
        assert URL_A not in fresh.content()
        assert fresh.goto(running.url + "/").status == 403  # type: ignore[union-attr]
        forged = (
            expiring.rsplit("/", 1)[0]
            + "/"
            + tokens.sign(cfg, tokens.Claims("made-up", LAO_A, clock.now + timedelta(days=5)))
        )
        assert fresh.goto(forged).status == 403  # type: ignore[union-attr]
        fresh.get_by_text("ลิงก์นี้ไม่ถูกต้อง").wait_for()


def test_an_upload_over_the_limit_or_of_another_type_is_refused(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path, max_upload_bytes=4000)
    store, _ = notified_store(tmp_path / "x.duckdb")
    with serving(cfg, store), chromium() as browser:
        page = browser.new_context().new_page()
        page.goto(link_for(cfg, store, LAO_A))
        page.get_by_role("heading", name="อบต.ทดสอบ101").wait_for()
        big = b"%PDF-1.7\n" + b"0" * 5000
        page.set_input_files("#file", files=[{"name": "big.pdf", "mimeType": "application/pdf", "buffer": big}])
        with page.expect_response(lambda r: r.url.endswith("/mask")) as answer:
            page.get_by_role("button", name="ขอไฟล์ฉบับปกปิด").click()
        assert answer.value.status == 413
        page.get_by_text("ไฟล์ใหญ่เกินกำหนด").wait_for()

        page.goto(cfg.portal.base_url + "/")
        archive = b"PK\x03\x04" + b"\x00" * 200
        page.set_input_files("#file", files=[{"name": "a.zip", "mimeType": "application/zip", "buffer": archive}])
        with page.expect_response(lambda r: r.url.endswith("/mask")) as answer:
            page.get_by_role("button", name="ขอไฟล์ฉบับปกปิด").click()
        assert answer.value.status == 415
        page.get_by_text("ไม่รองรับไฟล์ประเภทนี้").wait_for()


def test_acknowledge_moves_the_documents_notified_cases_as_the_laos_action(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, seeded = notified_store(tmp_path / "x.duckdb")
    a_ids = seeded.cases_by_lao[LAO_A]
    with serving(cfg, store), chromium() as browser:
        page = browser.new_context(locale="th-TH").new_page()
        page.goto(link_for(cfg, store, LAO_A))
        document = page.locator(f'div.doc[data-url="{URL_A}"]')
        document.get_by_role("button", name="รับทราบ").click()
        page.get_by_text("บันทึกการรับทราบแล้ว 3 รายการ").wait_for()
        assert document.locator("td.state").all_inner_texts() == ["รับทราบแล้ว"] * 3
        assert document.get_by_role("button", name="รับทราบ").count() == 0
    acknowledged = [i for i in a_ids if store.case(i).state == "acknowledged"]
    assert len(acknowledged) == 3 and states(store, a_ids).count("notified") == 1
    last = store.case_history(acknowledged[0]).iloc[-1]
    assert (last["from_state"], last["to_state"]) == ("notified", "acknowledged")
    assert str(last["who"]).startswith(f"lao:{LAO_A} ")


def test_requests_past_the_rate_limit_are_refused(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path, requests_per_minute=4)
    store, _ = notified_store(tmp_path / "x.duckdb")
    with serving(cfg, store) as running, chromium() as browser:
        page = browser.new_context().new_page()
        page.goto(link_for(cfg, store, LAO_A))  # the link, then the page: 2 requests
        statuses = [page.goto(running.url + "/").status for _ in range(3)]  # type: ignore[union-attr]
        assert statuses == [200, 200, 429]
        page.get_by_text("ใช้งานถี่เกินไป").wait_for()


def test_an_uploaded_document_comes_back_masked_and_nothing_is_kept(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, _ = notified_store(tmp_path / "x.duckdb")
    rng = random.Random(5)
    person, phone = synthetic.thai_id(rng), synthetic.mobile(rng)
    sheet = f"ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,โทรศัพท์\n1,นายสมชาย ใจดี,{person},{phone}\n".encode()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with serving(cfg, store), chromium() as browser:
        page = browser.new_context(accept_downloads=True).new_page()
        page.goto(link_for(cfg, store, LAO_A))
        page.set_input_files("#file", files=[{"name": "รายชื่อ.csv", "mimeType": "text/csv", "buffer": sheet}])
        with page.expect_download() as download:
            page.get_by_role("button", name="ขอไฟล์ฉบับปกปิด").click()
        masked = Path(download.value.path()).read_bytes().decode("utf-8")
        assert download.value.suggested_filename == "รายชื่อ-masked.csv"
    # counts and flags: a failing assert prints no number (pytest shows the operands of `in`)
    whole = masked.count(person) + masked.count(phone)
    assert whole == 0
    masked_forms = person[:9] + "XXXX" in masked and phone[:6] + "XXXX" in masked
    assert masked_forms and "นายสมชาย ใจดี" in masked
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing of the upload written here
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    kept = stored.count(person.encode()) + stored.count(phone.encode())
    assert kept == 0
