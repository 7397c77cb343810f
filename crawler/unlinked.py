"""Where a site's unlinked URLs are listed: its sitemaps, WordPress's media API, a web archive's index.

Old attachments that no page links any more are often still online, and menus hide pages that
sitemaps list. Three lists name them: the sitemaps (robots.txt ``Sitemap:`` lines and
``/sitemap.xml``, sitemap indexes included, read with Scrapy's ``Sitemap``), a WordPress site's
media API (``/wp-json/wp/v2/media``, paged, every upload's ``source_url``), and a CDX index of the
host (the Wayback Machine's JSON rows, or a Common Crawl index's JSON lines). Each is read for
addresses only: a candidate is fetched from the live site like a linked URL (scope, robots.txt,
budgets), never from the archive. Pure functions of the answers here; the spider asks and follows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit, urlunsplit

import lxml.etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from scrapy.utils.url import strip_url

MAX_SITEMAPS = 20
"""Sitemaps read per site (an index may name hundreds: one per month of posts)."""
MAX_MEDIA_PAGES = 20
MEDIA_PER_PAGE = 100
"""The media API's largest page: 20 pages are 2,000 uploads, beyond a site's document budget."""
ARCHIVE_LIMIT = 5000
"""Rows asked of the archive index per site."""
MAX_INDEX_BYTES = 20_000_000
"""A sitemap (uncompressed) or index answer read at most this far."""
WORDPRESS_MARKS = ("/wp-content/", "/wp-json", "wp-includes")
GZIP = b"\x1f\x8b"


def robots_sitemaps(robots: bytes, base_url: str) -> list[str]:
    """The sitemaps a robots.txt names (``Sitemap:`` lines, relative ones made absolute)."""
    return list(sitemap_urls_from_robots(robots, base_url=base_url))


def read_sitemap(body: bytes) -> tuple[bool, list[str]]:
    """(is an index, the locations it lists); a gzipped sitemap is unpacked under the size cap,
    and an answer that is no sitemap (an HTML error page) lists nothing."""
    if body.startswith(GZIP):
        try:
            body = gunzip(body, max_size=MAX_INDEX_BYTES)
        except (OSError, ValueError):
            return False, []
    body = body[:MAX_INDEX_BYTES]
    try:
        sitemap = Sitemap(body)
    except (lxml.etree.LxmlError, StopIteration):  # empty, or not XML at all
        return False, []
    if sitemap.type not in ("sitemapindex", "urlset"):
        return False, []
    return sitemap.type == "sitemapindex", [entry["loc"] for entry in sitemap if entry.get("loc")]


def looks_like_wordpress(html: str) -> bool:
    """A page a WordPress site served (its uploads folder, its API announced in the head)."""
    return any(mark in html for mark in WORDPRESS_MARKS)


def media_url(root: str, page: int) -> str:
    """Page ``page`` of a WordPress site's media list (``root``: any URL of the site)."""
    parts = urlsplit(root)
    query = urlencode({"per_page": MEDIA_PER_PAGE, "page": page})
    return urlunsplit((parts.scheme, parts.netloc, "/wp-json/wp/v2/media", query, ""))


def media_sources(body: bytes) -> list[str]:
    """Every upload's ``source_url`` in one page of the media API (nothing when it is no list)."""
    try:
        items = json.loads(body[:MAX_INDEX_BYTES])
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(items, list):
        return []
    return [str(item["source_url"]) for item in items if isinstance(item, dict) and item.get("source_url")]


def media_pages(total_pages: bytes | None) -> int:
    """The media API's ``X-WP-TotalPages`` header as a number, capped (1 when absent or unreadable)."""
    try:
        return max(1, min(int(total_pages or b"1"), MAX_MEDIA_PAGES))
    except ValueError:
        return 1


def archive_query(index_url: str, domain: str) -> str:
    """The CDX query for every capture under a domain (its subdomains too), HTML pages left out,
    one row per URL."""
    query = urlencode(
        {
            "url": domain,
            "matchType": "domain",
            "output": "json",
            "fl": "original,mimetype",
            "filter": "!mimetype:text/html",
            "collapse": "urlkey",
            "limit": ARCHIVE_LIMIT,
        }
    )
    return f"{index_url}?{query}"


def archive_urls(body: bytes) -> list[str]:
    """The original URLs an index answer lists: Wayback's JSON rows (a header row naming
    ``original``) or a Common Crawl index's JSON lines (``url``); default ports dropped."""
    text = body[:MAX_INDEX_BYTES].decode("utf-8", "replace").strip()
    return [strip_url(url, strip_credentials=False, strip_fragment=False) for url in _originals(text)]


def _originals(text: str) -> Iterator[str]:
    if text.startswith("["):
        try:
            rows = json.loads(text)
        except ValueError:
            return
        if rows and isinstance(rows[0], list) and "original" in rows[0]:
            column = rows[0].index("original")
            yield from (str(row[column]) for row in rows[1:] if isinstance(row, list) and len(row) > column)
        return
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and row.get("url"):
            yield str(row["url"])
