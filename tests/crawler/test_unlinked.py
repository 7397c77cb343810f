"""Reading the lists that name a site's unlinked URLs: sitemaps, WordPress's media API, CDX indexes."""

from __future__ import annotations

import asyncio
import gzip
import json

import pytest
from scrapy import Request

from core.guard import Guard
from crawler import unlinked
from crawler.middlewares import Refused, SsrfGuardMiddleware

URLSET = (
    b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>http://www.sao.go.th/</loc></url><url><loc> http://www.sao.go.th/old/list.pdf </loc></url></urlset>"
)
INDEX = (
    b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<sitemap><loc>http://www.sao.go.th/sitemap-files.xml</loc></sitemap></sitemapindex>"
)


def test_a_sitemap_lists_its_locations_plain_or_gzipped() -> None:
    expected = (False, ["http://www.sao.go.th/", "http://www.sao.go.th/old/list.pdf"])
    assert unlinked.read_sitemap(URLSET) == expected
    assert unlinked.read_sitemap(gzip.compress(URLSET)) == expected


def test_a_sitemap_index_lists_its_sitemaps() -> None:
    assert unlinked.read_sitemap(INDEX) == (True, ["http://www.sao.go.th/sitemap-files.xml"])


@pytest.mark.parametrize("body", [b"", b"<html><body>404</body></html>", b"\x1f\x8bnot gzip", b"not xml at all"])
def test_an_answer_that_is_no_sitemap_lists_nothing(body: bytes) -> None:
    assert unlinked.read_sitemap(body) == (False, [])


def test_a_gzip_bomb_sitemap_is_cut_at_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unlinked, "MAX_INDEX_BYTES", 1000)
    assert unlinked.read_sitemap(gzip.compress(URLSET + b" " * 10_000)) == (False, [])


def test_robots_txt_names_its_sitemaps_relative_ones_made_absolute() -> None:
    robots = b"User-agent: *\nDisallow: /admin/\nSitemap: /sitemap_index.xml\nsitemap: http://www.sao.go.th/s2.xml\n"
    assert unlinked.robots_sitemaps(robots, "http://www.sao.go.th/news.php") == [
        "http://www.sao.go.th/sitemap_index.xml",
        "http://www.sao.go.th/s2.xml",
    ]


def test_the_media_api_gives_each_uploads_source_and_a_capped_page_count() -> None:
    body = json.dumps([{"id": 1, "source_url": "http://www.sao.go.th/wp-content/uploads/a.pdf"}, {"id": 2}, 3])
    assert unlinked.media_sources(body.encode()) == ["http://www.sao.go.th/wp-content/uploads/a.pdf"]
    assert unlinked.media_sources(b'{"code": "rest_no_route"}') == []
    assert unlinked.media_sources(b"<html>") == []
    assert [unlinked.media_pages(v) for v in (b"3", None, b"x", b"9999")] == [3, 1, 1, unlinked.MAX_MEDIA_PAGES]
    assert unlinked.media_url("https://www.sao.go.th/index.php?x=1", 2) == (
        "https://www.sao.go.th/wp-json/wp/v2/media?per_page=100&page=2"
    )


def test_wordpress_is_known_by_its_marks() -> None:
    assert unlinked.looks_like_wordpress('<link rel="https://api.w.org/" href="http://x/wp-json/">')
    assert not unlinked.looks_like_wordpress("<html><body>Joomla!</body></html>")


def test_a_cdx_answer_gives_the_original_urls_in_wayback_or_common_crawl_form() -> None:
    wayback = json.dumps(
        [
            ["urlkey", "timestamp", "original", "mimetype"],
            ["th,go,sao)/a.pdf", "2020", "http://www.sao.go.th:80/a.pdf", "application/pdf"],
            ["th,go,sao)/b.xls", "2021", "https://sao.go.th:443/b.xls", "application/vnd.ms-excel"],
        ]
    ).encode()
    assert unlinked.archive_urls(wayback) == ["http://www.sao.go.th/a.pdf", "https://sao.go.th/b.xls"]
    common_crawl = b'{"url": "http://www.sao.go.th:8080/c.pdf", "mime": "application/pdf"}\nnot json\n'
    assert unlinked.archive_urls(common_crawl) == ["http://www.sao.go.th:8080/c.pdf"]
    assert unlinked.archive_urls(b"[]") == [] and unlinked.archive_urls(b"<html>") == []


def test_the_archive_query_asks_for_the_whole_domain_without_html_pages() -> None:
    query = unlinked.archive_query("https://web.archive.org/cdx/search/cdx", "sao.go.th")
    assert query.startswith("https://web.archive.org/cdx/search/cdx?url=sao.go.th&matchType=domain&output=json")
    assert "filter=%21mimetype%3Atext%2Fhtml" in query and "collapse=urlkey" in query


def test_the_ssrf_guard_refuses_an_off_site_file_on_a_private_address_before_any_connection() -> None:
    """Off-site requests pass the scope guard, never the SSRF guard (test mode behind the proxy:
    only 127.0.0.1 may be reached, and 127.0.0.2 is judged without a connection)."""
    guard = SsrfGuardMiddleware(Guard.for_crawl(allow_loopback=True, proxy="http://127.0.0.1:9"))
    request = Request("http://127.0.0.2/uc?export=download&id=1AbCdEfGhIjKlMnOpQr", meta={"offsite": True})
    with pytest.raises(Refused) as refused:
        asyncio.run(guard.process_request(request))
    assert refused.value.kind == "ssrf"
