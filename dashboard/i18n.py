"""Every string the dashboard shows, in Thai (the default) and English.

One table, keyed by a short id, so a page never hard-codes a sentence and a test can check that
both languages cover every key. Codes that come from the store (case states, identifier kinds,
confidence reasons) are translated through the same table under a prefix (``state.confirmed``);
the Thai of the detectors' reasons is theirs (``detectors.context.REASON_TH``). An unknown code is
shown as it is rather than hidden.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from detectors.context import REASON_TH
from detectors.registry import NAMES_TH

LANGUAGES = {"th": "ไทย", "en": "English"}
DEFAULT_LANGUAGE = "th"

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("x4watch ศูนย์เฝ้าระวังข้อมูลส่วนบุคคล", "x4watch monitoring centre"),
    "login.title": ("เข้าสู่ระบบ", "Sign in"),
    "login.name": ("ชื่อผู้ใช้", "User name"),
    "login.password": ("รหัสผ่าน", "Password"),
    "login.submit": ("เข้าสู่ระบบ", "Sign in"),
    "login.failed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong user name or password"),
    "login.locked": (
        "เข้าสู่ระบบผิดหลายครั้ง กรุณารอ {seconds} วินาทีแล้วลองใหม่",
        "Too many failed sign-ins: wait {seconds} s and try again",
    ),
    "login.no_users": (
        "ยังไม่มีผู้ใช้: เพิ่มด้วยคำสั่ง x4watch users add หรือเริ่มด้วย x4watch dashboard",
        "No users yet: add one with `x4watch users add` or start with `x4watch dashboard`",
    ),
    "login.expired": (
        "หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง",
        "Your session has ended: please sign in again",
    ),
    "login.required": ("กรุณาเข้าสู่ระบบก่อนใช้งาน", "Please sign in first"),
    "login.as": ("ผู้ใช้: {name} ({role})", "Signed in as {name} ({role})"),
    "logout": ("ออกจากระบบ", "Sign out"),
    "language": ("ภาษา", "Language"),
    "filter.province": ("จังหวัด", "Province"),
    "filter.all": ("ทั้งหมด", "All"),
    "filter.period": ("ช่วงเวลาที่พบ", "First seen"),
    "period.all": ("ทั้งหมด", "Any time"),
    "period.7": ("7 วันล่าสุด", "Last 7 days"),
    "period.30": ("30 วันล่าสุด", "Last 30 days"),
    "period.90": ("90 วันล่าสุด", "Last 90 days"),
    "period.365": ("1 ปีล่าสุด", "Last year"),
    "nav.overview": ("ภาพรวม", "Overview"),
    "nav.drilldown": ("เจาะลึก", "Drill-down"),
    "nav.evidence": ("หลักฐาน", "Evidence"),
    "nav.cases": ("จัดการกรณี", "Case work"),
    "nav.sweeps": ("สถานะการตรวจ", "Sweep status"),
    "metric.open": ("การรั่วไหลที่ยังเปิดอยู่", "Open leaks"),
    "metric.laos": ("อปท. ที่ได้รับผลกระทบ", "LAOs affected"),
    "metric.new_week": ("พบใหม่สัปดาห์นี้", "New this week"),
    "metric.overdue": ("เกินกำหนดแก้ไข", "Overdue"),
    "metric.remediated": ("แก้ไขแล้ว", "Remediated"),
    "metric.rate": ("สัดส่วน อปท. ที่พบการรั่วไหล", "Leak rate per inspected LAO"),
    "overview.map": ("แผนที่การรั่วไหลรายจังหวัด", "Open leaks by province"),
    "overview.table": ("รายจังหวัด", "By province"),
    "overview.trend": ("แนวโน้มรายสัปดาห์", "Weekly trend"),
    "col.province": ("จังหวัด", "Province"),
    "col.lao": ("อปท.", "LAO"),
    "col.lao_code": ("รหัส อปท.", "LAO code"),
    "col.lao_type": ("ประเภท อปท.", "LAO type"),
    "col.open": ("ยังเปิดอยู่", "Open"),
    "col.total": ("ทั้งหมด", "Total"),
    "col.laos": ("อปท. ที่พบ", "LAOs with leaks"),
    "col.week": ("สัปดาห์", "Week"),
    "col.new": ("พบใหม่", "New"),
    "col.remediated": ("แก้ไขแล้ว", "Remediated"),
    "col.url": ("ที่อยู่เอกสาร", "Document URL"),
    "col.status": ("สถานะการอ่าน", "Parse status"),
    "col.findings": ("จำนวนที่พบ", "Findings"),
    "col.case": ("เลขที่กรณี", "Case"),
    "col.sweep": ("รอบ", "Sweep"),
    "col.sweep_kind": ("ชนิดการตรวจ", "Kind"),
    "col.started": ("เริ่ม", "Started"),
    "col.finished": ("เสร็จ", "Finished"),
    "col.sites": ("เว็บไซต์ที่ตรวจแล้ว", "Sites done"),
    "col.pages": ("หน้าเว็บ", "Pages"),
    "col.documents": ("เอกสาร", "Documents"),
    "col.errors": ("ข้อผิดพลาด", "Errors"),
    "col.overdue": ("เกินกำหนด", "Overdue"),
    "col.inspected": ("อปท. ที่ตรวจแล้ว", "LAOs inspected"),
    "col.rate": ("สัดส่วนที่พบ", "Leak rate"),
    "col.kind": ("ประเภทข้อมูล", "Kind"),
    "col.masked": ("ข้อมูล (ปกปิดแล้ว)", "Masked value"),
    "col.page": ("หน้า", "Page"),
    "col.confidence": ("ความเชื่อมั่น", "Confidence"),
    "col.state": ("สถานะ", "State"),
    "col.first_seen": ("พบครั้งแรก", "First seen"),
    "col.last_seen": ("พบล่าสุด", "Last seen"),
    "col.deadline": ("กำหนดแก้ไข", "Deadline"),
    "col.snippet": ("ข้อความแวดล้อม (ปกปิดแล้ว)", "Masked snippet"),
    "col.when": ("เมื่อ", "When"),
    "col.who": ("ผู้ดำเนินการ", "By"),
    "col.from": ("จาก", "From"),
    "col.to": ("เป็น", "To"),
    "col.note": ("หมายเหตุ", "Note"),
    "col.error_type": ("ประเภทข้อผิดพลาด", "Error type"),
    "col.count": ("จำนวน", "Count"),
    "col.reason": ("สาเหตุ", "Reason"),
    "drill.search": ("ค้นหา อปท. ตามชื่อหรือรหัส", "Search an LAO by name or code"),
    "drill.state": ("สถานะ", "State"),
    "drill.kind": ("ประเภทข้อมูล", "Kind"),
    "drill.lao_type": ("ประเภท อปท.", "LAO type"),
    "drill.min_confidence": ("ความเชื่อมั่นขั้นต่ำ", "Minimum confidence"),
    "drill.laos": ("อปท. ในจังหวัด {province}", "LAOs in {province}"),
    "drill.pick_lao": ("เลือก อปท.", "Pick an LAO"),
    "drill.documents": ("เอกสารของ {lao}", "Documents of {lao}"),
    "drill.pick_document": ("เลือกเอกสาร", "Pick a document"),
    "drill.findings": ("สิ่งที่พบในเอกสาร", "Findings in the document"),
    "drill.open_evidence": ("ดูหลักฐาน", "Open evidence"),
    "drill.choose": ("เลือก...", "Choose..."),
    "drill.pick_finding": ("เลือกรายการ", "Pick a finding"),
    "drill.pick_province": (
        "เลือกจังหวัดจากแถบด้านข้าง หรือค้นหา อปท.",
        "Pick a province in the sidebar or search an LAO",
    ),
    "evidence.none": ("ยังไม่ได้เลือกรายการ: เลือกจากหน้าเจาะลึก", "No finding chosen: pick one in the drill-down"),
    "evidence.document": ("เอกสาร", "Document"),
    "evidence.reasons": ("เหตุผลของความเชื่อมั่น", "Why this confidence"),
    "evidence.others": ("รายการอื่นในเอกสารเดียวกัน", "Other findings in the same document"),
    "evidence.history": ("ประวัติการดำเนินการ", "Case history"),
    "evidence.found_by": ("พบจาก", "Found by"),
    "evidence.linked_from": ("หน้าเว็บของ อปท. ที่ลิงก์ไปยังไฟล์", "The LAO page linking the file"),
    "found_by.link": ("ลิงก์ในเว็บไซต์", "a link of the site"),
    "found_by.sitemap": ("แผนผังเว็บไซต์ (sitemap)", "the site's sitemap"),
    "found_by.wp-media": ("คลังสื่อของ WordPress", "the WordPress media list"),
    "found_by.archive": ("ดัชนีเว็บอาร์ไคฟ์ (ดาวน์โหลดจากเว็บไซต์จริง)", "a web archive's index (fetched live)"),
    "found_by.off-site": ("ไฟล์บนบริการฝากไฟล์ภายนอก", "a file on another host"),
    "evidence.link_unsafe": ("ลิงก์ไม่ใช่ http(s): แสดงเป็นข้อความ", "Not an http(s) link: shown as text"),
    "cases.action": ("การดำเนินการ", "Action"),
    "cases.note": ("หมายเหตุ (ถ้ามี)", "Note (optional)"),
    "cases.apply": ("บันทึก", "Apply"),
    "cases.apply_bulk": ("บันทึกกับ {n} รายการที่เลือก", "Apply to the {n} selected"),
    "cases.done": ("บันทึกแล้ว {n} รายการ", "Recorded {n} case(s)"),
    "cases.refused": ("ไม่สามารถเปลี่ยนสถานะได้: {reason}", "Not changed: {reason}"),
    "cases.hidden": (
        "ตัวกรองสถานะซ่อนไว้ {n} รายการ: {detail}",
        "The state filter hides {n} case(s): {detail}",
    ),
    "cases.show_all_states": ("แสดงทุกสถานะ", "Show every state"),
    "cases.select_all": ("เลือกทั้ง {n} รายการที่แสดง", "Select all {n} shown"),
    "cases.limited": (
        "แสดง {n} รายการล่าสุด: ใช้ตัวกรองเพื่อจำกัดขอบเขต",
        "Showing the latest {n}: narrow with the filters",
    ),
    "cases.viewer": ("สิทธิ์ผู้ชมอ่านได้อย่างเดียว", "Viewers can read only"),
    "cases.select": ("เลือกรายการในตารางเพื่อดำเนินการพร้อมกัน", "Select rows to act on several at once"),
    "cases.busy": ("ฐานข้อมูลกำลังถูกใช้งาน โปรดลองอีกครั้ง", "The store is busy; please try again"),
    "action.confirmed": ("ยืนยันว่ารั่วไหล", "Confirm"),
    "action.false_positive": ("ไม่ใช่การรั่วไหล", "False positive"),
    "action.notified": ("แจ้ง อปท. แล้ว", "Mark notified"),
    "action.acknowledged": ("อปท. รับทราบแล้ว", "Acknowledged"),
    "action.remediated": ("แก้ไขแล้ว", "Remediated"),
    "action.reopened": ("เปิดใหม่", "Reopen"),
    "sweeps.current": ("การตรวจล่าสุด", "Latest sweep"),
    "sweeps.none": ("ยังไม่มีการตรวจ", "No sweep yet"),
    "sweeps.errors": ("ข้อผิดพลาดตามประเภท", "Errors by type"),
    "sweeps.unreachable": ("เว็บไซต์ที่เข้าไม่ได้", "Unreachable sites"),
    "sweeps.history": ("ประวัติการตรวจ", "Sweep history"),
    "sweeps.parse": ("เอกสารตามสถานะการอ่าน", "Documents by parse status"),
    "sweeps.jobs": ("งานตามกำหนดเวลา (ครั้งล่าสุด)", "Scheduled jobs (last run)"),
    "parsing.title": ("การอ่านเอกสาร", "Document parsing"),
    "parsing.workers": ("เครื่องอ่านเอกสารที่ออนไลน์", "Workers online"),
    "parsing.local": ("เครื่องนี้", "This machine"),
    "parsing.processes": ("โปรเซสอ่านเอกสาร", "Parser processes"),
    "parsing.queued": ("เอกสารที่รอในคิว", "Documents queued"),
    "parsing.no_queue": ("ไม่มีคิว", "No broker"),
    "parsing.ocr_rate": ("หน้าที่ OCR ต่อนาที", "Pages OCR'd per minute"),
    "parsing.eta": ("คาดว่าจะเสร็จใน", "ETA"),
    "parsing.eta_value": ("{hours} ชม. {minutes} นาที", "{hours} h {minutes} min"),
    "parsing.unknown": ("ยังประเมินไม่ได้", "Not known yet"),
    "parsing.names": ("เครื่องที่ออนไลน์: {names}", "Online: {names}"),
    "parsing.problem": (
        "ติดต่อตัวกลาง (Redis) ไม่ได้: {problem} ตรวจ documents.broker_url และว่า redis-server ทำงานอยู่",
        "Cannot reach the broker (Redis): {problem}; check documents.broker_url and that redis-server runs",
    ),
    "col.job": ("งาน", "Job"),
    "col.outcome": ("ผล", "Outcome"),
    "col.detail": ("รายละเอียด", "Detail"),
    "export.csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "export.xlsx": ("ดาวน์โหลด XLSX", "Download XLSX"),
    "empty": ("ไม่มีข้อมูล", "Nothing to show"),
    "state.new": ("ใหม่", "New"),
    "state.confirmed": ("ยืนยันแล้ว", "Confirmed"),
    "state.false_positive": ("ไม่ใช่การรั่วไหล", "False positive"),
    "state.notified": ("แจ้งแล้ว", "Notified"),
    "state.acknowledged": ("รับทราบแล้ว", "Acknowledged"),
    "state.remediated": ("แก้ไขแล้ว", "Remediated"),
    "state.reopened": ("พบซ้ำ", "Reopened"),
    "kind.thai_id": (NAMES_TH["thai_id"], "Thai national ID"),
    "kind.phone": (NAMES_TH["phone"], "Phone number"),
    "kind.juristic_id": (NAMES_TH["juristic_id"], "Juristic person ID"),
    "kind.bulk": (NAMES_TH["bulk"], "Document full of numbers (check it whole)"),
    "role.admin": ("ผู้ดูแลระบบ", "admin"),
    "role.analyst": ("นักวิเคราะห์", "analyst"),
    "role.viewer": ("ผู้ชม", "viewer"),
    "nav.sites": ("เว็บไซต์และผู้ติดต่อ อปท.", "LAO sites and contacts"),
    "sites.missing": ("อปท. ที่ยังไม่มีเว็บไซต์: {n:,} แห่ง", "LAOs without a website: {n:,}"),
    "sites.choose": ("เลือก อปท.", "Choose an LAO"),
    "sites.probes": ("โฮสต์ที่ตรวจแล้วและผล", "Hosts probed and why each was refused"),
    "sites.website": ("เว็บไซต์ของ อปท. นี้", "This LAO's website"),
    "sites.save": ("บันทึกเว็บไซต์", "Save the website"),
    "sites.saved": ("บันทึกเว็บไซต์ {url} โดย {who} แล้ว", "Website {url} saved by {who}"),
    "sites.bad_url": ("ไม่ใช่ที่อยู่เว็บไซต์ที่ใช้ได้: {reason}", "Not a usable website address: {reason}"),
    "sites.import": (
        "นำเข้ารายชื่อเว็บไซต์ของจังหวัด (CSV: lao_code, website)",
        "Import a province's list (CSV: lao_code, website)",
    ),
    "sites.imported": ("นำเข้าแล้ว {n} แห่ง", "{n} imported"),
    "sites.import_problem": ("บรรทัด {line}: {problem}", "Line {line}: {problem}"),
    "sites.contacts": ("ผู้ติดต่อที่พบบนเว็บไซต์ (รอยืนยัน)", "Contacts found on the site (to confirm)"),
    "sites.confirm": ("ยืนยัน", "Confirm"),
    "sites.reject": ("ไม่ใช่", "Reject"),
    "sites.decided": ("บันทึกแล้ว: {value}", "Recorded: {value}"),
    "sites.coverage": ("ความครอบคลุมตามเวลา", "Coverage over time"),
    "sites.posture": ("ความปลอดภัยของเว็บไซต์ อปท.", "Security of the LAOs' websites"),
    "sites.upgrade": ("ต้องปรับปรุงความปลอดภัย (TLS เก่า, ใบรับรอง)", "Need a security upgrade (old TLS, certificate)"),
    "sites.compromised": ("ถูกเจาะ (ฝังหน้าเว็บพนัน)", "Compromised (gambling spam injected)"),
    "sites.read_only": ("ผู้ชมดูได้อย่างเดียว", "Viewers can only look"),
    "col.host": ("โฮสต์", "Host"),
    "col.tls_protocol": ("โปรโตคอล TLS", "TLS protocol"),
    "col.tls_issues": ("ปัญหาความปลอดภัย", "Security issues"),
    "col.spam_pages": ("ลิงก์/หน้าเว็บพนัน", "Spam links/pages"),
    "col.spam_examples": ("ตัวอย่าง URL", "Example URLs"),
    "col.source": ("ที่มา", "Source"),
    "col.district": ("อำเภอ", "District"),
    "col.probes": ("โฮสต์ที่ตรวจ", "Hosts probed"),
    "col.contact_candidates": ("ผู้ติดต่อรอยืนยัน", "Contacts to confirm"),
    "col.value": ("ที่อยู่ / หมายเลข", "Address / number"),
    "col.day": ("วันที่", "Day"),
    "col.with_site": ("มีเว็บไซต์", "With a website"),
    "col.with_contact": ("มีผู้ประสานงาน", "With a coordinator"),
    "col.laos_total": ("อปท. ทั้งหมด", "LAOs"),
}


REASON_EN = {
    "checksum_ok": "Check digit is valid",
    "valid_number": "A valid phone number",
    "label_near": "A label is next to the number",
    "name_near": "A person's name is next to the number",
    "official_layout": "Written in the ID card's layout",
    "line_join": "The number was split across lines",
    "juristic_near": "A company or agency name is next to the number",
    "zero_prefix_personal": "Starts with 0 but sits next to a person's name",
    "office_near": "Probably an office's or agency's own line",
    "agency_prefix": "Starts with 099: a government agency's tax number",
    "irregular_spacing": "Unusual spacing, but a label or a person's name is next to it",
    "form_boxes": "Written one digit per box of a form",
    "many_unlabelled": "Many valid numbers with no label or name: check the whole document by hand",
}
"""English for the detectors' reason codes; the Thai comes from ``detectors.context.REASON_TH``."""
STRINGS.update({f"reason.{code}": (thai, REASON_EN.get(code, code)) for code, thai in REASON_TH.items()})


def current_language() -> str:
    """The language chosen in this browser session (Thai until the analyst switches)."""
    lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def text(key: str, lang: str, **values: Any) -> str:
    """The string for ``key`` in ``lang``, formatted with ``values``; unknown keys show as the key."""
    pair = STRINGS.get(key)
    if pair is None:
        return key.partition(".")[2] or key
    template = pair[0] if lang == "th" else pair[1]
    return template.format(**values) if values else template


def t(key: str, **values: Any) -> str:
    """:func:`text` in the session's language: what pages call."""
    return text(key, current_language(), **values)


def code(prefix: str, value: str) -> str:
    """A store code (state, kind, reason) in the session's language, or the code itself."""
    return t(f"{prefix}.{value}") if f"{prefix}.{value}" in STRINGS else value
