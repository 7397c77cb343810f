"""Digests and escalations from plain case lines: grouping, wording, keys, addresses."""

from __future__ import annotations

from datetime import date

from core.thaidate import thai_date
from notify.compose import CaseLine, CentreContact, lao_digests, province_escalations, valid_addresses

CENTRE = CentreContact("centre@pdpc.local", "1111")
TODAY = date(2026, 11, 23)


def line(case_id: int, lao: str, url: str, **kw: object) -> CaseLine:
    base: dict[str, object] = {
        "lao_name": f"อบต.ทดสอบ{lao}",
        "province": "ปัตตานี",
        "province_code": "94",
        "page": 2,
        "kind": "thai_id",
        "masked": "1-1004-0012X-XX-X",
        "email": f"a{lao}@x.go.th",
    }
    base.update(kw)
    return CaseLine(case_id=case_id, lao_code=lao, url=url, **base)  # type: ignore[arg-type]


def test_one_digest_per_lao_listing_every_document_and_page() -> None:
    cases = [
        line(1, "A", "http://a/1.pdf"),
        line(2, "A", "http://a/2.pdf", page=7),
        line(3, "B", "http://b/1.pdf"),
    ]
    mails = lao_digests(cases, today=TODAY, deadline_days=15, centre=CENTRE)
    assert [m.scope for m in mails] == ["A", "B"]
    a = mails[0]
    assert a.case_ids == (1, 2)
    assert "http://a/1.pdf" in a.text and "http://a/2.pdf" in a.text and "หน้า 7" in a.text
    assert "อบต.ทดสอบA" in a.subject and "(A)" in a.subject
    assert thai_date(date(2026, 12, 8)) in a.text  # deadline = today + 15 days, Buddhist era
    assert "2569" in a.text and "X4" in a.text and "centre@pdpc.local" in a.text and "1111" in a.text


def test_keys_are_stable_and_change_with_the_case_set() -> None:
    first = lao_digests([line(1, "A", "u")], today=TODAY, deadline_days=15, centre=CENTRE)
    again = lao_digests([line(1, "A", "u")], today=TODAY, deadline_days=15, centre=CENTRE)
    more = lao_digests([line(1, "A", "u"), line(2, "A", "v")], today=TODAY, deadline_days=15, centre=CENTRE)
    assert first[0].key == again[0].key != more[0].key


def test_html_escapes_what_came_from_the_web() -> None:
    mails = lao_digests([line(1, "A", 'http://a/<script>x</script>"')], today=TODAY, deadline_days=15, centre=CENTRE)
    assert "<script>" not in mails[0].html
    assert "&lt;script&gt;" in mails[0].html


def test_missing_and_invalid_addresses_are_reported_not_skipped() -> None:
    assert valid_addresses("") == ((), valid_addresses("")[1])
    assert valid_addresses("")[1].endswith("(missing address)")
    assert valid_addresses("nope")[1].endswith("(invalid address)")
    assert valid_addresses("a@x.go.th; bad, b@y.go.th")[0] == ("a@x.go.th", "b@y.go.th")
    mails = lao_digests([line(1, "A", "u", email="")], today=TODAY, deadline_days=15, centre=CENTRE)
    assert mails[0].to == () and "missing" in mails[0].problem


def test_escalation_groups_overdue_cases_by_province_with_centre_in_copy() -> None:
    overdue = date(2026, 11, 1)
    cases = [
        line(1, "A", "u1", deadline=overdue),
        line(2, "B", "u2", deadline=overdue),
        line(3, "C", "u3", deadline=date(2026, 12, 30)),  # not yet due
        line(4, "D", "u4", deadline=overdue, province="เชียงใหม่", province_code="50"),
    ]
    mails = province_escalations(cases, {"94": "pattani@dla.go.th"}, today=TODAY, centre=CENTRE)
    by_scope = {m.scope: m for m in mails}
    assert set(by_scope) == {"50", "94"}
    pattani = by_scope["94"]
    assert pattani.case_ids == (1, 2) and pattani.to == ("pattani@dla.go.th",) and pattani.cc == ("centre@pdpc.local",)
    assert "ปัตตานี" in pattani.subject and thai_date(overdue) in pattani.text
    assert by_scope["50"].to == () and by_scope["50"].problem


def test_an_undeliverable_digest_keeps_one_key_across_days() -> None:
    later = date(2026, 11, 30)
    nobody = [line(1, "A", "u", email="")]
    first = lao_digests(nobody, today=TODAY, deadline_days=15, centre=CENTRE)[0]
    again = lao_digests(nobody, today=later, deadline_days=15, centre=CENTRE)[0]
    fixed = lao_digests([line(1, "A", "u")], today=later, deadline_days=15, centre=CENTRE)[0]
    assert first.key == again.key != fixed.key


def test_percent_encoded_thai_file_names_are_shown_readable() -> None:
    url = "http://a.go.th/files/%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%81%E0%B8%B2%E0%B8%A8.pdf"
    mail = lao_digests([line(1, "A", url)], today=TODAY, deadline_days=15, centre=CENTRE)[0]
    assert "http://a.go.th/files/ประกาศ.pdf" in mail.text
    assert f'href="{url}"' in mail.html and ">http://a.go.th/files/ประกาศ.pdf<" in mail.html


def test_a_compromised_site_gets_a_short_note_in_its_digest_only() -> None:
    spam = {"A": ("http://a/images/stories/pg-slot-3.html", "http://a/%E0%B8%AA%E0%B8%A5%E0%B9%87%E0%B8%AD%E0%B8%95")}
    cases = [line(1, "A", "http://a/1.pdf"), line(2, "B", "http://b/1.pdf")]
    a, b = lao_digests(cases, today=TODAY, deadline_days=15, centre=CENTRE, spam=spam)
    for body in (a.text, a.html):
        assert "หน้าเว็บพนัน" in body and "pg-slot-3.html" in body and "http://a/สล็อต" in body
    assert "หน้าเว็บพนัน" not in b.text and "หน้าเว็บพนัน" not in b.html
    plain = lao_digests(cases, today=TODAY, deadline_days=15, centre=CENTRE)
    assert a.key == plain[0].key, "the note is about the site, not a case: the mail's identity is its cases"
