"""robots.txt, obeyed as Scrapy obeys it, and reused from the store for up to a day.

Scrapy's ``RobotsTxtMiddleware`` asks each host for robots.txt once per crawl, and a sweep is one
crawl: a resumed sweep, a recheck or a second sweep on the same day asked every host again, a tenth
of the requests of an unchanged re-sweep. RFC 9309 §2.4 lets a crawler cache robots.txt for up to
24 hours, so here a host's copy fetched less than ``crawl.robots_hours`` ago (never more than those
24) is parsed from the store instead of being asked for, and every robots.txt fetched is handed to
the recorder to keep. Only what the server meant is kept: a 2xx, or a 4xx (RFC 9309 §2.3.1.3: no
rules); after a 5xx or a failed fetch the next sweep asks again. The ``Sitemap:`` lines of every
robots.txt read, fetched or reused, are noted for the site (``crawler.unlinked``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

from crawler import unlinked
from crawler.context import context_of
from store.models import RobotsCopy, utcnow

MAX_HOURS = 24.0
"""RFC 9309 §2.4: a cached robots.txt SHOULD NOT be used for longer."""
MAX_BODY = 512 * 1024
"""RFC 9309 §2.5 asks parsers to read at least 500 KiB; larger files are parsed but not kept."""


def reusable(copy: RobotsCopy | None, now: datetime, max_age: timedelta) -> bool:
    """True when a stored robots.txt may stand in for a fetch (``now`` and the copy in naive UTC)."""
    return copy is not None and timedelta(0) <= now - copy.fetched_at < max_age


class RobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with the store as a cache shared by the sweeps of one day."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        hours = min(crawler.settings.getfloat("X4_ROBOTS_HOURS"), MAX_HOURS)
        self.max_age = timedelta(hours=max(hours, 0.0))

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        lao = request.meta.get("lao")
        if netloc not in self._parsers and lao is not None and self.max_age:
            site = await context_of(self.crawler).known.site(lao)
            copy = site.robots.get(netloc)
            if netloc not in self._parsers and reusable(copy, utcnow(), self.max_age):
                assert copy is not None
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, copy.body)
                self._stats.inc_value("robotstxt/reused")
                self.note_sitemaps(lao, request, copy.body)
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        # Scrapy's private hook for a fetched robots.txt, the one place that sees both the answer and
        # the request of the site it was asked for; the sweep tests fail if a Scrapy release renames it
        await super()._parse_robots(response, netloc, request)
        lao = request.meta.get("lao")
        if lao is not None and response.status < 300:
            self.note_sitemaps(lao, request, response.body)
        if lao is not None and self.max_age and response.status < 500 and len(response.body) <= MAX_BODY:
            context_of(self.crawler).recorder.robots(lao, netloc, response.body)

    def note_sitemaps(self, lao: str, request: Request, body: bytes) -> None:
        """The sitemaps a site's robots.txt names, for the spider to read once its links are done."""
        found = unlinked.robots_sitemaps(body[:MAX_BODY], request.url)
        context_of(self.crawler).tracker.site(lao).sitemaps.update(found)
