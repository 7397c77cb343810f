"""Each dashboard page and action, run by Streamlit's AppTest on a store filled through its API."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from dashdata import HOSTILE_URL, document, finding
from streamlit.testing.v1 import AppTest

from dashboard import auth
from store import Store

APP = Path(__file__).resolve().parents[2] / "dashboard"
ANALYST = auth.User("somchai", "analyst")


def page(name: str, user: auth.User | None = ANALYST, **state: object) -> AppTest:
    """One page run on its own, as if the entrypoint had let ``user`` in with ``state`` chosen."""
    at = AppTest.from_file(str(APP / name), default_timeout=60)
    if user is not None:
        at.session_state["user"] = user
    for key, value in state.items():
        at.session_state[key] = value
    return at


def case_of(store: Store, url: str, kind: str = "thai_id") -> int:
    frame = store.findings_for_document(url)
    return int(frame[frame["kind"] == kind]["case_id"].iloc[0])


def test_nothing_but_a_sign_in_link_shows_without_a_session(filled_store: Store) -> None:
    at = page("app.py", user=None).run()
    assert not at.exception
    assert not at.metric and not at.dataframe and not at.selectbox and not at.text_input
    assert at.info[0].value == "กรุณาเข้าสู่ระบบก่อนใช้งาน"
    [link] = at.get("link_button")
    assert link.proto.url == "/session/login?next=%2F"  # the default page's address is the root


def test_overview_counts_open_leaks_and_maps_every_province(filled_store: Store) -> None:
    at = page("app.py").run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["การรั่วไหลที่ยังเปิดอยู่"] == "16"
    assert values["อปท. ที่ได้รับผลกระทบ"] == "4"
    deck = at.get("deck_gl_json_chart")[0].proto.json
    assert deck.count('"ADM1_PCODE"') == 77 and "cartocdn" not in deck
    table = at.dataframe[0].value
    assert set(table["จังหวัด"]) == {"กรุงเทพมหานคร", "เชียงใหม่", "อำนาจเจริญ"}


def test_english_switch_translates_the_frame_and_the_page(filled_store: Store) -> None:
    at = page("app.py").run()
    at.radio(key="lang").set_value("en").run()
    assert at.header[0].value == "Overview: All"
    assert at.metric[0].label == "Open leaks"


def test_province_filter_narrows_the_overview(filled_store: Store) -> None:
    at = page("app.py", province="50").run()
    values = {m.label: m.value for m in at.metric}
    assert values["การรั่วไหลที่ยังเปิดอยู่"] == "8"
    assert at.header[0].value == "ภาพรวม: เชียงใหม่"


def test_drilldown_goes_from_province_to_the_findings_of_a_document(filled_store: Store) -> None:
    at = page("pages/drilldown.py", province="50").run()
    assert not at.exception
    assert set(at.dataframe[0].value["รหัส อปท."]) == {"5500101", "5500102"}
    at.selectbox(key="pick_lao").set_value("5500102").run()
    assert HOSTILE_URL in set(at.dataframe[1].value["ที่อยู่เอกสาร"])
    at.selectbox(key="pick_doc").set_value(HOSTILE_URL).run()
    findings = at.dataframe[2].value
    assert len(findings) == 2
    assert all(masked.endswith("XXXX") for masked in findings["ข้อมูล (ปกปิดแล้ว)"])


def test_drilldown_filters_by_kind_and_finds_an_lao_by_name(filled_store: Store) -> None:
    at = page("pages/drilldown.py").run()
    at.text_input(key="lao_search").input("ไก่คำ").run()
    assert list(at.dataframe[0].value["รหัส อปท."]) == ["6370101"]
    at.multiselect(key="f_kind").set_value(["phone"]).run()
    at.selectbox(key="pick_lao").set_value("6370101").run()
    at.selectbox(key="pick_doc").set_value("http://www.kaikham.go.th/doc1.pdf").run()
    assert list(at.dataframe[2].value["ประเภทข้อมูล"]) == ["หมายเลขโทรศัพท์"]


def test_evidence_shows_the_masked_finding_its_reasons_and_escapes_the_url(filled_store: Store) -> None:
    case_id = case_of(filled_store, HOSTILE_URL)
    at = page("pages/evidence.py")
    at.query_params["case"] = str(case_id)
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert HOSTILE_URL in texts
    assert not any("<script>" in m.value for m in at.markdown)
    assert "เลขตรวจสอบถูกต้อง" in "".join(texts)
    assert at.code[0].value.count("XXXX") == 1


def test_confirming_a_case_records_the_analyst_and_shows_in_the_history(filled_store: Store) -> None:
    case_id = case_of(filled_store, HOSTILE_URL)
    at = page("pages/evidence.py")
    at.query_params["case"] = str(case_id)
    at.run()
    at.radio(key="evidence-action-action").set_value("confirmed")
    at.text_input(key="evidence-action-note").input("เห็นชัดในหน้า 1")
    at.button[0].click().run()
    assert not at.exception
    assert filled_store.case(case_id).state == "confirmed"
    history = filled_store.case_history(case_id)
    assert list(history["who"])[-1] == "somchai" and list(history["note"])[-1] == "เห็นชัดในหน้า 1"
    assert "ยืนยันแล้ว" in at.subheader[0].value
    assert at.success[0].value == "บันทึกแล้ว 1 รายการ"


def test_an_illegal_action_is_refused_in_words_and_changes_nothing(filled_store: Store) -> None:
    case_id = case_of(filled_store, HOSTILE_URL)
    at = page("pages/evidence.py")
    at.query_params["case"] = str(case_id)
    at.run()
    at.radio(key="evidence-action-action").set_value("acknowledged")
    at.button[0].click().run()
    assert at.error and "new" in at.error[0].value
    assert filled_store.case(case_id).state == "new"


def test_viewer_cannot_act(filled_store: Store) -> None:
    case_id = case_of(filled_store, HOSTILE_URL)
    at = page("pages/evidence.py", user=auth.User("dao", "viewer"))
    at.query_params["case"] = str(case_id)
    at.run()
    assert at.button[0].disabled
    assert "อ่านได้อย่างเดียว" in at.caption[0].value


def test_bulk_action_applies_to_every_selected_case(filled_store: Store) -> None:
    at = page("pages/cases.py", province="50").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 8
    at.checkbox(key="c_all").check().run()
    at.radio(key="bulk-action-action").set_value("false_positive")
    at.button[0].click().run()
    assert not at.exception
    states = filled_store.cases(province_code="50")["state"]
    assert set(states) == {"false_positive"}
    assert set(filled_store.cases(province_code="10")["state"]) == {"new"}


def test_sweep_page_shows_progress_errors_by_type_and_unreachable_sites(filled_store: Store) -> None:
    at = page("pages/sweeps.py").run()
    assert not at.exception
    errors = at.dataframe[0].value
    assert dict(zip(errors["ประเภทข้อผิดพลาด"], errors["จำนวน"], strict=True)) == {"timeout": 2, "dns": 1}
    assert list(at.dataframe[1].value["รหัส อปท."]) == ["6370101"]


def test_page_run_on_its_own_without_login_shows_only_the_login(filled_store: Store) -> None:
    at = page("pages/cases.py", user=None).run()
    assert not at.dataframe and [b.proto.label for b in at.get("link_button")] == ["เข้าสู่ระบบ"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "//evil"])
def test_only_http_links_are_followable(url: str) -> None:
    from dashboard import ui

    assert not ui.is_web_link(url)
    assert ui.is_web_link("https://www.x.go.th/a.pdf")


def test_changing_province_after_picking_an_lao_starts_the_drilldown_again(filled_store: Store) -> None:
    at = page("pages/drilldown.py", province="50").run()
    at.selectbox(key="pick_lao").set_value("5500101").run()
    at.session_state["province"] = "37"
    at.run()
    assert not at.exception
    assert list(at.dataframe[0].value["รหัส อปท."]) == ["6370101"]
    assert at.selectbox(key="pick_lao").value is None


def test_a_broken_user_table_is_reported_on_the_login_page(filled_store: Store, tmp_path: Path) -> None:
    (tmp_path / "x4watch.toml").write_text('[dashboard.users.x]\nrole = "boss"\npassword_hash = "x"\n')
    at = page("app.py", user=None).run()
    assert not at.exception
    assert "dashboard.users.x" in at.error[0].value


def test_a_running_sweep_shows_its_progress(filled_store: Store) -> None:
    sweep = filled_store.start_sweep("recheck", {})
    filled_store.update_sweep(sweep, {"sites_total": 4, "sites_done": 1, "documents": 7})
    at = page("pages/sweeps.py").run()
    assert not at.exception
    assert f"#{sweep} · recheck · running" in at.subheader[0].value
    assert at.get("progress")[0].proto.text == "1 / 4"
    assert {m.label: m.value for m in at.metric}["เอกสาร"] == "7"


def test_a_running_sweep_shows_the_local_pool_its_ocr_rate_and_eta(
    filled_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("X4WATCH_DOCUMENTS_WORKERS", "3")
    sweep = filled_store.start_sweep("sweep", {})
    counts = {"sites_total": 40, "sites_done": 10, "documents": 400, "ocr_pages": 1200, "elapsed": 600.0}
    filled_store.update_sweep(sweep, counts)  # 40 documents a minute, 30 sites of 40 documents left
    at = page("pages/sweeps.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["เครื่องอ่านเอกสารที่ออนไลน์"] == "เครื่องนี้"
    assert metrics["โปรเซสอ่านเอกสาร"] == "3"
    assert metrics["เอกสารที่รอในคิว"] == "ไม่มีคิว"
    assert metrics["หน้าที่ OCR ต่อนาที"] == "120.0"
    assert metrics["คาดว่าจะเสร็จใน"] == "0 ชม. 30 นาที"


def test_exports_carry_the_view_as_shown_with_thai_headers_and_dates() -> None:
    import datetime as dt
    import io

    import openpyxl
    import pandas as pd

    from dashboard import ui
    from dashboard.columns import CASES

    frame = pd.DataFrame(
        {
            "case_id": [7],
            "lao": ["อบต.ไก่คำ"],
            "state": ["confirmed"],
            "masked": ["1234567890XXX"],
            "first_seen": [dt.datetime(2026, 11, 23, 3, 0)],
            "fingerprint": ["never-exported"],
        }
    )
    shown = ui.labelled(frame, CASES)
    assert list(shown.columns) == ["เลขที่กรณี", "อปท.", "ข้อมูล (ปกปิดแล้ว)", "สถานะ", "พบครั้งแรก"]
    assert shown.iloc[0]["สถานะ"] == "ยืนยันแล้ว" and shown.iloc[0]["พบครั้งแรก"] == "23 พ.ย. 2569 10:00"
    sheet = openpyxl.load_workbook(io.BytesIO(ui.xlsx_bytes(shown))).active
    assert [c.value for c in sheet[1]][:2] == ["เลขที่กรณี", "อปท."]
    assert sheet["B2"].value == "อบต.ไก่คำ"


def test_sweep_page_shows_each_scheduled_jobs_last_run_and_outcome(filled_store: Store) -> None:
    from store.outbox import JobRuns

    runs = JobRuns(filled_store)
    runs.finish(runs.start("report"), "ok", "W47")
    runs.finish(runs.start("report"), "failed", "SMTP down")
    runs.finish(runs.start("recheck"), "skipped", "already running")
    at = page("pages/sweeps.py").run()
    assert not at.exception
    jobs = at.dataframe[-1].value
    assert dict(zip(jobs["งาน"], jobs["ผล"], strict=True)) == {"recheck": "skipped", "report": "failed"}


def test_a_state_filter_that_hides_every_case_says_so_and_offers_to_show_them(filled_store: Store) -> None:
    at = page("pages/cases.py", c_state=["acknowledged"]).run()
    assert not at.exception and not at.dataframe
    total = len(filled_store.cases())
    assert at.info[-1].value.startswith(f"ตัวกรองสถานะซ่อนไว้ {total} รายการ: ใหม่ ")
    at.button(key="c_show_all").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == total


def test_sites_page_counts_sites_to_upgrade_and_compromised_with_the_evidence(filled_store: Store) -> None:
    at = page("pages/sites.py").run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["ต้องปรับปรุงความปลอดภัย (TLS เก่า, ใบรับรอง)"] == "1"
    assert values["ถูกเจาะ (ฝังหน้าเว็บพนัน)"] == "1"
    posture = next(frame.value for frame in at.dataframe if "ปัญหาความปลอดภัย" in frame.value.columns)
    assert list(posture["รหัส อปท."]) == ["5500102", "5500101"]  # compromised first
    assert "ใบรับรองหมดอายุ" in posture["ปัญหาความปลอดภัย"].iloc[1]
    assert "pg-slot-3.html" in posture["ตัวอย่าง URL"].iloc[0]


def test_evidence_of_an_off_site_file_says_how_it_was_found_and_shows_the_page_linking_it(filled_store: Store) -> None:
    drive = "http://drive.google.sim/uc?export=download&id=1sim6370101x5"
    linking = "http://www.kaikham.go.th/news.php?id=5"
    record = replace(document(drive, "6370101"), found_by="off-site", linked_from=linking)
    filled_store.record_documents(None, [(record, [finding(random.Random(3), "thai_id", 1)])])
    at = page("pages/evidence.py")
    at.query_params["case"] = str(case_of(filled_store, drive))
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert drive in texts and linking in texts
    assert "พบจาก: ไฟล์บนบริการฝากไฟล์ภายนอก" in texts
