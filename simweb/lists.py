"""The lists that name a site's unlinked URLs, as the simulated web serves them: its sitemaps,
its WordPress media API, and the archive index's rows for its domain (see ``simweb.reach``)."""

from __future__ import annotations

import json
from html import escape
from urllib.parse import parse_qs

from simweb.plan import SitePlan
from simweb.reach import GONE_IDS


def robots_sitemaps(plan: SitePlan) -> list[str]:
    """``Sitemap:`` lines of the site's robots.txt (sites whose sitemap is an index name it)."""
    return [f"Sitemap: {plan.url('/sitemap_index.xml')}"] if _indexed(plan) else []


def _indexed(plan: SitePlan) -> bool:
    """Hand-written PHP and WordPress sites keep an index of sitemaps; Joomla ones one sitemap."""
    return "sitemap" in plan.spec.extras and plan.spec.style != "joomla"


def sitemap(plan: SitePlan, path: str) -> str | None:
    """The XML of one of the site's sitemaps, or None when the site has no such sitemap."""
    if "sitemap" not in plan.spec.extras:
        return None
    pages = [plan.home_path] + [plan.listing_path(s) for s in _SECTIONS]
    hidden = [d for d in plan.live_docs if d.via == "sitemap"]
    pages += [plan.detail_path(d) for d in hidden if d.fmt == "html"]
    files = [plan.file_path(d) for d in hidden if d.fmt != "html"]
    if _indexed(plan):
        children = {"/sitemap-pages.xml": pages, "/sitemap-files.xml": files}
        if path == "/sitemap_index.xml":
            return _xml("sitemapindex", "sitemap", [plan.url(p) for p in children])
        return _xml("urlset", "url", [plan.url(p) for p in children[path]]) if path in children else None
    return _xml("urlset", "url", [plan.url(p) for p in pages + files]) if path == "/sitemap.xml" else None


_SECTIONS = ("news", "procurement", "oit", "allowance", "download")


def _xml(root: str, entry: str, urls: list[str]) -> str:
    rows = "".join(f"<{entry}><loc>{escape(url)}</loc></{entry}>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</{root}>'


def media(plan: SitePlan, query: str) -> tuple[str, int]:
    """One page of a WordPress site's media list (every upload, linked or not) and the page count."""
    asked = parse_qs(query)
    per_page = max(1, min(_int(asked.get("per_page"), 10), 100))
    page = max(1, _int(asked.get("page"), 1))
    uploads = [d for d in plan.live_docs if d.fmt != "html" and d.via in ("link", "wp-media") and not d.shared]
    chosen = uploads[(page - 1) * per_page : page * per_page]
    items = [
        {"id": d.doc_id, "source_url": plan.url(plan.file_path(d)), "title": {"rendered": d.title}} for d in chosen
    ]
    return json.dumps(items, ensure_ascii=False), max(1, -(-len(uploads) // per_page))


def archived(plan: SitePlan) -> list[str]:
    """The site's document URLs the archive knows: its linked files, and on sites with the
    ``archive`` extra an unlinked one still served and two the live site no longer has."""
    docs = [d for d in plan.live_docs if d.fmt != "html" and d.via in ("link", "archive") and not d.fault]
    urls = [plan.url(plan.file_path(d)) for d in docs if d.via == "link" or "archive" in plan.spec.extras]
    if "archive" in plan.spec.extras:
        urls += [plan.url(f"/images/files/doc-{doc_id}.pdf") for doc_id in GONE_IDS]
    return urls


def _int(values: list[str] | None, default: int) -> int:
    try:
        return int(values[0]) if values else default
    except ValueError:
        return default
