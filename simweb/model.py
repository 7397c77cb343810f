"""The simulated web's vocabulary: sites, documents and the faults they carry.

Everything here is plain frozen data derived from (seed, LAO code, day), so two processes that
build the same world agree on every URL, byte and fingerprint without talking to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SITE_FAULTS: dict[str, tuple[int, int]] = {
    # fault: (period, phase): a site at position i in the world has the fault when i % period == phase,
    # so every fault sits on an exact, known fraction (1/period) of sites, and a world of
    # len(SITE_FAULTS) + 1 sites already shows each one once (site 0 is always clean).
    "slow": (25, 1),  # every response delayed by SLOW_SECONDS
    "timeout": (25, 2),  # one linked document never answers
    "reset": (25, 3),  # one linked document resets the connection
    "server_error": (25, 4),  # one linked document answers 503
    "not_found": (20, 5),  # one linked document answers 404
    "redirects": (25, 6),  # the home page is reached through a chain of three redirects
    "redirect_loop": (25, 7),  # a menu link redirects in a circle
    "calendar": (25, 8),  # an endless event calendar (next month, forever)
    "session_ids": (25, 9),  # a webboard whose links carry a fresh session id on every page
    "huge": (40, 10),  # one linked document larger than the crawler's per-response cap
    "wrong_type": (25, 11),  # documents served with a lying Content-Type
    "corrupt_pdf": (25, 12),  # one linked PDF is garbage after its header
    "zip_bomb": (40, 13),  # one linked ZIP declares a huge, highly compressed member
    "robots": (20, 14),  # robots.txt disallows a folder that holds a leaking document
    "dead": (50, 15),  # the host never answers a request (connection closed)
    "legacy_tls": (25, 21),  # HTTPS only, TLS 1.0 only, a self-signed and expired certificate (simweb.tls)
    "modern_tls": (25, 22),  # HTTPS with TLS 1.2+ and a certificate from simweb's CA: never downgraded
    "spam": (25, 23),  # gambling spam injected: hidden links to spam pages, a cloaked redirect (simweb.spam)
}

HTTPS_FAULTS = frozenset({"legacy_tls", "modern_tls"})
"""Faults whose site is served over HTTPS only."""
SITE_EXTRAS: dict[str, tuple[int, int]] = {
    # what a link-following crawl cannot reach (``simweb.reach``), on (period, phase) positions as faults;
    # every WordPress-style site also has ``wp-media``: its media API lists an upload no page links
    "offsite": (4, 2),  # a Drive file, a Sheets export and a flip-book PDF, linked from the site's pages
    "sitemap": (3, 1),  # its sitemaps list a page and a document that no menu links
    "archive": (3, 2),  # the archive index lists an unlinked document still served, and two gone
}
VIA = ("link", "sitemap", "wp-media", "archive", "off-site")
"""How a crawler can reach a document (``TruthDoc.found_by``): the store's ``found_by`` words."""

DOC_FAULTS = ("timeout", "reset", "server_error", "not_found", "huge", "corrupt_pdf", "zip_bomb", "robots")
"""Site faults that live on one extra linked document."""

UNREACHABLE_REASON = {
    "timeout": "timeout",
    "reset": "reset",
    "server_error": "server_error",
    "not_found": "not_found",
    "huge": "too_large",
    "corrupt_pdf": "corrupt",
    "zip_bomb": "bomb",
    "robots": "robots",
}
"""Why the crawler cannot read a faulty document: the key of ``Truth.unreachable``."""

SLOW_SECONDS = 0.5
HUGE_BYTES = 64 * 1024 * 1024

FORMATS = ("pdf", "scan_pdf", "doc", "docx", "xls", "xlsx", "png", "jpg", "zip", "csv", "html")
"""Document formats: ``html`` is a detail page that carries the table itself."""

OCR_FORMATS = frozenset({"scan_pdf", "png", "jpg"})
"""Formats whose digits only OCR can read: scored apart from text documents."""


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """One simulated LAO website as a crawler's test sees it."""

    lao_code: str
    host: str
    home_url: str
    faults: frozenset[str]
    needs_js: bool
    style: str = "joomla"
    encoding: str = "utf-8"
    down_from: int | None = None  # the day from which the host stops answering
    extras: frozenset[str] = frozenset()  # SITE_EXTRAS of the site, and wp-media

    @property
    def scheme(self) -> str:
        return "https" if self.faults & HTTPS_FAULTS else "http"


@dataclass(frozen=True, slots=True)
class DocPlan:
    """One document a site publishes, with its fate over the days.

    ``leak`` says how its identifiers are printed: ``none`` (there are none), ``masked`` (X4),
    ``all`` (every one in full), ``phones`` (IDs masked, phones in full), ``some`` (a few rows
    slipped through). From ``fixed_day`` on it is replaced by a masked version; from ``gone_day`` on
    it is deleted (404); before ``born`` it does not exist yet.
    """

    doc_id: int
    section: str
    kind: str
    fmt: str
    title: str
    date_index: int
    leak: str
    born: int = 0
    fixed_day: int | None = None
    gone_day: int | None = None
    fault: str | None = None
    shared: bool = False  # a central form every LAO republishes: same bytes on every site
    via: str = "link"  # how a crawler can reach it (VIA); only link and off-site files are listed
    share: str = ""  # an off-site file's host: drive, sheets or viewer

    @property
    def listed(self) -> bool:
        """Shown in the site's listings (an off-site file through its item page)."""
        return self.via in ("link", "off-site")

    def variant(self, day: int) -> int | None:
        """0 = original, 1 = masked replacement, None = absent on that day."""
        if day < self.born or (self.gone_day is not None and day >= self.gone_day):
            return None
        if self.fixed_day is not None and day >= self.fixed_day:
            return 1
        return 0

    def leak_on(self, day: int) -> str:
        return "masked" if self.variant(day) == 1 and self.leak != "none" else self.leak


@dataclass(frozen=True, slots=True)
class Leaked:
    """One identifier printed in a document: kind, canonical digits, and whether printed in full."""

    kind: str
    canonical: str
    full: bool


@dataclass(slots=True)
class Counters:
    """What the server saw: tests read it to check scope (off-site hosts must stay at zero)."""

    requests: int = 0
    connections: int = 0  # TCP connections accepted: a crawler that keeps them alive opens few
    bytes_sent: int = 0
    robots: int = 0  # requests for /robots.txt: a crawler that reuses its copy asks for few
    offsite: dict[str, int] = field(default_factory=dict)
    services: dict[str, list[str]] = field(default_factory=dict)  # host → targets asked of a non-LAO host
    by_host: dict[str, int] = field(default_factory=dict)
    spam: dict[str, int] = field(default_factory=dict)  # URL -> requests, of the injected spam pages
    handshakes: dict[str, int] = field(default_factory=dict)  # TLS version -> completed server handshakes
