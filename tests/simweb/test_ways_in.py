"""The ways into a site that no link shows: each unlinked document is named where its truth says,
off-site files are served by their hosts under real path shapes, and the archive lists gone URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler import offsite, unlinked
from simweb import SimWeb, reach
from simweb.testing import TEST_KEY, fetch, links
from simweb.world import TruthDoc


def _site(web: SimWeb, doc: TruthDoc) -> str:
    return next(s.host for s in web.sites if s.lao_code == doc.lao_code)


def _sitemap_urls(web: SimWeb, host: str) -> set[str]:
    """What the site's sitemaps list, as a crawler reads them (robots.txt's, else /sitemap.xml)."""
    robots = fetch(web, f"http://{host}/robots.txt").body
    todo = unlinked.robots_sitemaps(robots, f"http://{host}/") or [f"http://{host}/sitemap.xml"]
    found: set[str] = set()
    while todo:
        index, locations = unlinked.read_sitemap(fetch(web, todo.pop()).body)
        if index:
            todo.extend(locations)
        else:
            found.update(locations)
    return found


def _media_urls(web: SimWeb, host: str) -> set[str]:
    return set(unlinked.media_sources(fetch(web, unlinked.media_url(f"http://{host}/", 1)).body))


def _archive_urls(web: SimWeb, host: str) -> set[str]:
    query = unlinked.archive_query(reach.ARCHIVE_URL, host.removeprefix("www."))
    return set(unlinked.archive_urls(fetch(web, query).body))


LISTS = {"sitemap": _sitemap_urls, "wp-media": _media_urls, "archive": _archive_urls}


def test_each_unlinked_document_is_listed_where_its_truth_says_and_served_live(simweb_server: SimWeb) -> None:
    docs = [d for d in simweb_server.truth(TEST_KEY).documents if d.found_by in LISTS and not d.unreachable]
    assert {d.found_by for d in docs} == set(LISTS)
    for doc in docs:
        host = _site(simweb_server, doc)
        assert doc.url in LISTS[doc.found_by](simweb_server, host), (doc.found_by, doc.url)
        for way in {"sitemap", "wp-media"} - {doc.found_by}:  # the archive knows linked files too
            assert doc.url not in LISTS[way](simweb_server, host), (doc.found_by, way, doc.url)
        assert fetch(simweb_server, doc.url).status == 200


def test_the_archive_lists_old_urls_the_live_site_no_longer_serves(simweb_server: SimWeb) -> None:
    world = simweb_server.world
    site = next(s for s in simweb_server.sites if "archive" in s.extras and not world.is_down(world.index_of[s.host]))
    listed = _archive_urls(simweb_server, site.host)
    gone = {url for url in listed if fetch(simweb_server, url).status == 404}
    assert len(gone) == len(reach.GONE_IDS) and listed - gone
    assert fetch(simweb_server, f"http://{reach.ARCHIVE_HOST}/web/2022/{site.home_url}").status == 404


def test_off_site_files_are_linked_by_their_lao_and_served_at_the_address_a_resolver_derives(
    simweb_server: SimWeb,
) -> None:
    resolver = offsite.Resolver(reach.ALIASES)
    docs = [d for d in simweb_server.truth(TEST_KEY).documents if d.found_by == "off-site" and not d.unreachable]
    assert {urlsplit(d.url).hostname for d in docs} == reach.FILE_HOSTS
    for doc in docs:
        index = simweb_server.world.code_index[doc.lao_code]
        plan = simweb_server.world.plan(index)
        item = next(d for d in plan.live_docs if plan.doc_url(d) == doc.url)
        page = fetch(simweb_server, plan.url(plan.detail_path(item)))
        shares = [u for u in links(page, plan.url("/")) if urlsplit(u).hostname in reach.FILE_HOSTS]
        assert shares == [reach.share_url(doc.lao_code, item)]
        target = resolver.resolve(shares[0])
        assert target is not None
        if target.viewer:
            target = resolver.resolve(offsite.viewers.pdf_in(page_text_of(simweb_server, target.url), target.url))
        assert target is not None and target.url == doc.url
        served = fetch(simweb_server, doc.url)
        assert served.status == 200 and not served.headers["content-type"].startswith("text/html")


def page_text_of(web: SimWeb, url: str) -> str:
    return fetch(web, url).body.decode()
