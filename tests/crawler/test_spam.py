"""Which links and pages are gambling spam (crawler.spam): table rows, each a case seen or feared."""

from __future__ import annotations

import pytest

from crawler import spam
from simweb import spam as simspam

HOST = "www.thabua.go.th"


@pytest.mark.parametrize(
    ("url", "text", "hidden", "cut"),
    [
        (f"http://{HOST}/images/stories/pg-slot-3.html", "สล็อตเว็บตรง แตกง่าย", False, True),
        (f"http://{HOST}/?p=88", "บาคาร่าออนไลน์ ufabet", False, True),
        (f"http://{HOST}/news/1", "แทงบอลออนไลน์", True, True),  # one word, in a hidden block
        (f"http://{HOST}/news/2", "ประชาสัมพันธ์ภัยจากพนันออนไลน์", False, False),  # one word, in plain sight
        (f"http://{HOST}/download.php?id=4", "ประกาศรายชื่อผู้มีสิทธิ์รับเงินเบี้ยยังชีพ", True, False),
        (f"http://{HOST}/calendar/timeslots.php", "ตารางเวลา slotted", False, False),  # slot is a whole word
        (f"http://{HOST}/%E0%B8%AA%E0%B8%A5%E0%B9%87%E0%B8%AD%E0%B8%95-casino", "อ่านต่อ", False, True),
    ],
)
def test_spam_link(url: str, text: str, hidden: bool, cut: bool) -> None:
    assert spam.spam_link(url, text, hidden=hidden) is cut
    asked: list[bool] = []
    assert spam.spam_link(url, text, hidden=lambda: asked.append(hidden) or hidden) is cut
    one_term = len(set(spam.terms(f"{url} {text}"))) == 1
    assert asked == ([hidden] if one_term else []), "a link's styles are read only when one word decides"


@pytest.mark.parametrize(
    ("styles", "hidden"),
    [
        (["display:none"], True),
        (["", "DISPLAY: NONE; color:red"], True),
        (["position:absolute; left:-9999px"], True),
        (["visibility: hidden"], True),
        (["font-size:0"], True),
        (["color:red", "margin-left:-10px"], False),
        ([], False),
    ],
)
def test_hidden(styles: list[str], hidden: bool) -> None:
    assert spam.hidden(styles) is hidden


def test_an_injected_page_is_spam_and_its_reason_names_the_sign() -> None:
    html = simspam.spam_page(HOST, 3)
    hosts = ["pgslot1.com"] * simspam.OUTBOUND_PER_PAGE + [HOST] * simspam.LINKS_PER_PAGE
    reason = spam.spam_page(html, HOST, lambda: hosts)
    assert reason is not None and "links off the site" in reason and "บาคาร่า" not in reason


def test_a_page_warning_of_gambling_is_not_spam() -> None:
    html = "<p>เตือนภัย เว็บพนันออนไลน์ บาคาร่า สล็อต แทงบอล หลอกลวงประชาชน</p>" * 5
    assert spam.spam_page(html, HOST, lambda: [HOST] * 20 + ["www.dla.go.th"]) is None


def test_the_link_hosts_are_asked_only_of_a_page_with_gambling_words() -> None:
    def never() -> list[str]:
        raise AssertionError("asked")

    assert spam.spam_page("<p>ประกาศรายชื่อผู้มีสิทธิ์</p>", HOST, never) is None


@pytest.mark.parametrize(
    ("html", "target"),
    [
        (simspam.cloaked(HOST, "x4watch/0.1", ""), simspam.GAMBLING_HOST),
        ('<script>window.location.href = "https://slotxo-88.net/";</script>', "slotxo-88.net"),
        ('<meta http-equiv="refresh" content="0; url=https://www.newname.go.th/">', None),  # a site that moved
        (f'<script>location.href = "http://{HOST}/main/";</script>', None),
    ],
)
def test_cloaked_redirect(html: str, target: str | None) -> None:
    assert spam.cloaked_redirect(html, HOST) == target


@pytest.mark.parametrize(
    ("host", "gambling"),
    [("ufabet-vip888.com", True), ("slotxo88.net", True), ("www.betflik.co", True), ("www.dla.go.th", False)],
)
def test_gambling_host(host: str, gambling: bool) -> None:
    assert spam.gambling_host(host) is gambling


def test_the_cloaked_page_serves_spam_to_search_engines_only() -> None:
    assert "refresh" in simspam.cloaked(HOST, "x4watch/0.1", "")
    assert "refresh" not in simspam.cloaked(HOST, "Mozilla/5.0 (compatible; Googlebot/2.1)", "")
    assert "refresh" not in simspam.cloaked(HOST, "Mozilla/5.0", "https://www.google.co.th/search?q=x")
