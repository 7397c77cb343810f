"""Scrapy settings for a sweep, built by one function from the x4watch configuration.

Nothing is set twice: every knob an operator may turn lives in ``core.config`` (crawl.*,
playwright.*), and this module only translates. The choices behind the fixed values follow Scrapy's
broad-crawl guide and what was measured (see facts.md, Crawling): many sites in parallel, few
requests per host, breadth-first with FIFO queues, documents first by priority, DNS cached with a
bigger thread pool, cookies off, short timeouts and one retry, no HTTP cache (it would keep copies
of leaked files on disk), ``DOWNLOAD_MAXSIZE`` as the memory bound of each download, and download
handlers whose connection pool fits a forward proxy (``crawler.download``).
"""

from __future__ import annotations

import os
from typing import Any

from core.config import Config
from crawler.browser import BLACKHOLE_PROXY

RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
]
"""Scrapy's list without timeouts and DNS failures: a server that hung once for crawl.timeout_seconds
usually hangs again, and retrying it doubles the time a sweep waits on it; a name that does not
resolve will not resolve a second later."""
HTTP_HANDLER = "crawler.download.HTTPDownloadHandler"
PLAYWRIGHT_HANDLER = "crawler.download.PlaywrightDownloadHandler"
WEBRTC_PROXIED_ONLY = "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"
"""WebRTC may not send UDP around the browser's proxy (it would reach any address)."""
NO_OTHER_SCHEMES = {"file": None, "ftp": None, "s3": None}
"""Scrapy's handlers for local files, FTP and S3 are off: a site's redirect must not reach them."""


def build(cfg: Config) -> dict[str, Any]:
    """The Scrapy settings of a sweep under ``cfg``."""
    c = cfg.crawl
    settings: dict[str, Any] = {
        "BOT_NAME": "x4watch",
        "USER_AGENT": c.user_agent,
        "ROBOTSTXT_OBEY": c.obey_robots,
        "CONCURRENT_REQUESTS": c.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": c.per_host,
        "DOWNLOAD_DELAY": c.delay_seconds,
        "DOWNLOAD_DELAY_JITTER": 0.5,
        "AUTOTHROTTLE_ENABLED": c.delay_seconds > 0,
        "AUTOTHROTTLE_START_DELAY": max(c.delay_seconds, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(c.per_host),
        "DOWNLOAD_TIMEOUT": c.timeout_seconds,
        "DOWNLOAD_MAXSIZE": c.max_response_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_TIMES": 1,
        "RETRY_EXCEPTIONS": RETRY_EXCEPTIONS,
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",  # the failure is recorded for the site; no traceback in the log
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "DNSCACHE_ENABLED": True,
        "DNS_TIMEOUT": 10,
        # connections resolve through the SSRF guard and go only to the addresses it approved
        "TWISTED_DNS_RESOLVER": "crawler.pinning.PinningResolver",
        "REACTOR_THREADPOOL_MAXSIZE": 20,
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 64_000_000,
        # per response, Scrapy starts this many tasks for the callback's output; a callback yields one
        # item (after its requests, so they never wait for its parse): 16 took a sixth of the reactor thread
        "CONCURRENT_ITEMS": 2,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_INSTALL_ROOT_HANDLER": False,  # core.logs owns the handlers: a rotated file, not the console
        "LOGSTATS_INTERVAL": 60.0,
        "DEFAULT_DROPITEM_LOG_LEVEL": "DEBUG",  # an unchanged document is normal, not a warning
        "REMOTE_CONTROL_ENABLED": False,  # no HTTP control port on a machine that holds leak data
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {"http": HTTP_HANDLER, "https": HTTP_HANDLER, **NO_OTHER_SCHEMES},
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.SsrfGuardMiddleware": 50,
            "crawler.middlewares.SiteGuardMiddleware": 60,
            "crawler.middlewares.ConditionalMiddleware": 70,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.robots.RobotsMiddleware": 100,  # where Scrapy's own sits
            "crawler.middlewares.ProxyMiddleware": 740,
        },
        # each spider middleware wraps every callback's output in one more async generator; these two
        # only repeat what the spider does: it counts hops (depth and breadth-first priority) itself,
        # and ``links.trap_reason`` cuts long URLs
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
        },
        "ITEM_PIPELINES": {"crawler.pipelines.DocumentPipeline": 100},
        "EXTENSIONS": {"crawler.extensions.ProgressExtension": 100},
        "X4_PROXY": c.proxy,
        "X4_ALLOW_LOOPBACK": c.allow_loopback,
        "X4_ROBOTS_HOURS": c.robots_hours,
        "X4_MAX_PAGES_PER_SITE": c.max_pages_per_site,
        "X4_MAX_DOCUMENTS_PER_SITE": c.max_documents_per_site,
        "X4_MAX_BYTES_PER_SITE": c.max_bytes_per_site,
        "X4_MAX_SECONDS_PER_SITE": c.max_seconds_per_site,
        "X4_PROGRESS_SECONDS": c.progress_seconds,
        "X4_LEGACY_TLS": c.legacy_tls,
        # certificates are not verified (an expired one must not hide a leak); what they get wrong
        # is recorded as the site's TLS posture (crawler.tls)
        "DOWNLOAD_VERIFY_CERTIFICATES": False,
    }
    if cfg.playwright.enabled:
        settings.update(playwright(cfg))
    return settings


def sites_in_flight(cfg: Config) -> int:
    """How many sites a sweep works on at once: twice what fills ``crawl.concurrency`` at
    ``crawl.per_host`` requests a site, since a site waits between its requests (politeness delay,
    robots.txt, parsing) and the pipe must stay full meanwhile."""
    return max(2 * cfg.crawl.concurrency // max(cfg.crawl.per_host, 1), 4)


def browser_context(cfg: Config) -> dict[str, Any]:
    """Options of every browser context: our User-Agent, no service workers (their requests escape
    a page's routes), and a proxy that takes no connection: everything the page gets is fetched by
    Scrapy (``crawler.browser.RouteGuard``), so Chromium needs no network, not even the forward proxy."""
    return {
        "java_script_enabled": True,
        "user_agent": cfg.crawl.user_agent,
        "service_workers": "block",
        "proxy": BLACKHOLE_PROXY,
    }


def chromium_launch(executable: str, *, sandbox: bool) -> dict[str, Any]:
    """How Chromium starts: sandboxed unless the crawl runs as root, where Chromium refuses its
    sandbox ("Running as root without --no-sandbox is not supported"); see README, Security."""
    args = [WEBRTC_PROXIED_ONLY] + ([] if sandbox else ["--no-sandbox"])
    return {"executable_path": executable, "headless": True, "chromium_sandbox": sandbox, "args": args}


def playwright(cfg: Config) -> dict[str, Any]:
    """scrapy-playwright with Debian's Chromium; only requests with ``meta["playwright"]`` use it."""
    p = cfg.playwright
    return {
        "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER, **NO_OTHER_SCHEMES},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": chromium_launch(p.executable_path, sandbox=os.geteuid() != 0),
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": p.max_pages,
        "PLAYWRIGHT_CONTEXTS": {},  # none at startup: each request names its context and options
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": cfg.crawl.timeout_seconds * 1000,
    }
