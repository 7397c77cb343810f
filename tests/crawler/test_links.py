"""Link judgement: documents and listings first, traps cut, session ids dropped."""

from __future__ import annotations

import pytest

from crawler import links


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://www.a.go.th/calendar.php?year=2031&month=4", "calendar"),
        ("http://www.a.go.th/index.php/ปฏิทิน/2024/05/", "calendar"),
        ("http://www.a.go.th/x?a=1&b=2&c=3&d=4&e=5&f=6&g=7", "too many query parameters"),
        ("http://www.a.go.th/news/a/news/a/news/a/", "repeated path segments"),
        ("http://www.a.go.th/a/b/c/b/c/", "repeated path segments"),
        ("http://www.a.go.th/" + "x" * 500, "url too long"),
    ],
)
def test_traps_are_recognised(url: str, reason: str) -> None:
    assert links.trap_reason(url) == reason


@pytest.mark.parametrize(
    "url",
    [
        "http://www.a.go.th/news.php?page=3",
        "http://www.a.go.th/news/2024/05/ประกาศ.pdf",
        "http://www.a.go.th/wp-content/uploads/2567/04/" + "%E0%B8%9B" * 60 + ".pdf",
        "http://www.a.go.th/index.php?option=com_content&view=article&id=12&Itemid=5",
    ],
)
def test_ordinary_pages_and_long_thai_file_names_are_not_traps(url: str) -> None:
    assert links.trap_reason(url) is None


def test_session_ids_and_fragments_are_dropped_so_a_page_is_fetched_once() -> None:
    a = links.canonical_url("http://WWW.A.go.th/board.php?id=4&PHPSESSID=abc123#top")
    b = links.canonical_url("http://www.a.go.th/board.php;jsessionid=XYZ?sid=99&id=4")
    assert a == b == "http://www.a.go.th/board.php?id=4"


def test_documents_come_before_listings_before_other_pages() -> None:
    document = links.priority("http://www.a.go.th/download.php?id=5", "")
    listing = links.priority("http://www.a.go.th/index.php?cat=3", "ประกาศจัดซื้อจัดจ้าง")
    page = links.priority("http://www.a.go.th/about.php", "ประวัติความเป็นมา")
    assert document > listing > page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.a.go.th/files/list.XLSX", True),
        ("http://www.a.go.th/download.php?id=5", True),
        ("http://www.a.go.th/news.php?id=5", False),
    ],
)
def test_documents_are_known_by_extension_or_download_handler(url: str, expected: bool) -> None:
    assert links.is_document_url(url) is expected


def test_assets_without_text_are_skipped() -> None:
    assert links.is_skipped("http://www.a.go.th/theme/site.css")
    assert not links.is_skipped("http://www.a.go.th/theme/page.html")
