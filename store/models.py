"""Plain records that go into and come out of the store (callers never see SQL or cursors).

All timestamps are naive UTC ``datetime`` values; convert to Asia/Bangkok only for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from store.privacy import storable_url

FOUND_BY = ("link", "sitemap", "wp-media", "archive", "off-site")
"""How a sweep reaches a URL: a link of the site, its sitemaps, its WordPress media API, a web
archive's index of the host (fetched live), or a file host the site links (Drive, viewers...)."""
GONE_STATUSES = frozenset({404, 410})
"""HTTP statuses that mean a document was taken down: its open leaks are remediated."""


def utcnow() -> datetime:
    """Naive UTC now: the time base of every record here."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One fetched document (the Document contract). Archive members use ``<archive url>!<member>``."""

    url: str
    final_url: str
    lao_code: str
    content_hash: str | None
    """sha256 hex of the bytes; None when nothing was downloaded."""
    media_type: str
    size: int | None
    etag: str | None
    last_modified: str | None
    http_status: int | None
    status: str
    """Parse status: ok, ocr, encrypted, too_large, timeout, corrupt, unsupported (or a fetch failure)."""
    reason: str
    fetched_at: datetime | None = None
    """When it was fetched; None means now."""
    links: tuple[Link, ...] | None = None
    """An HTML page's in-scope links, so an unchanged page is followed without downloading it again;
    None for attachments and for pages whose links only a browser draws."""
    unchanged_since: datetime | None = None
    """Read from the store: the first fetch that got the stored bytes (the store sets it on write)."""
    found_by: str = "link"
    """How the sweep reached the URL: link, sitemap, wp-media, archive or off-site (``FOUND_BY``)."""
    linked_from: str | None = None
    """The LAO page that links an off-site file (evidence keeps both the page and the file)."""


class Link(NamedTuple):
    """One link of a page to a URL inside the same site, with the crawl priority it was given.

    A named tuple, not a dataclass: a sweep reads hundreds of thousands of them back from the store,
    and a tuple is built several times faster."""

    url: str
    priority: int


class RobotsCopy(NamedTuple):
    """A robots.txt as a host served it, and when."""

    body: bytes
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class KnownSite:
    """What the store knows of one LAO's site before a sweep visits it (read in one query)."""

    documents: dict[str, DocumentRecord]
    open_urls: frozenset[str]
    """URLs of documents with open cases: always fetched again, they carry the evidence of a fix."""
    timeouts: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    """URLs whose fetch timed out since they were last read: in how many sweeps, and when last."""
    robots: dict[str, RobotsCopy] = field(default_factory=dict)
    """The site's last robots.txt per host (``netloc``), reused while it is recent (``crawler.robots``)."""

    def record(self, url: str) -> DocumentRecord | None:
        """The stored record of ``url`` (kept under its masked form when it holds an ID)."""
        return self.documents.get(storable_url(url))


TLS_ISSUES = {
    "legacy_protocol": "ใช้ TLS 1.0/1.1 ที่เลิกใช้แล้ว",
    "weak_dh": "กุญแจ DH สั้นเกินไป",
    "weak_key": "กุญแจใบรับรองสั้นเกินไป",
    "weak_signature": "ลายมือชื่อใบรับรองอ่อน",
    "legacy_cipher": "ชุดรหัสลับที่เลิกใช้แล้ว",
    "expired_certificate": "ใบรับรองหมดอายุ",
    "not_yet_valid_certificate": "ใบรับรองยังไม่เริ่มใช้",
    "self_signed_certificate": "ใบรับรองลงนามเอง",
    "name_mismatch": "ใบรับรองไม่ตรงกับชื่อเว็บไซต์",
}
"""Every issue of a site's TLS posture (``crawler.tls``), in the Thai the dashboard shows."""


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """What a sweep learned about an LAO's website as a whole."""

    lao_code: str
    home_url: str
    final_url: str = ""
    http_status: int | None = None
    status: str = "ok"
    """ok, dead, timeout, robots, error ... (the crawler's words)."""
    reason: str = ""
    pages: int = 0
    documents: int = 0
    tls_protocol: str = ""
    """The TLS version the site's HTTPS negotiated ("" when it was not reached over HTTPS)."""
    tls_legacy: bool = False
    """Reached only through the crawler's legacy TLS fallback."""
    tls_issues: tuple[str, ...] = ()
    """What its HTTPS needs fixed (``TLS_ISSUES``' keys)."""
    spam_pages: int = 0
    """Gambling-spam links and pages cut on the site: more than none means compromised."""
    spam_examples: tuple[str, ...] = ()
    """A few of those URLs, the evidence shown to analysts and in the LAO's mail."""


@dataclass(frozen=True, slots=True)
class Case:
    """One leak: an identifier (by fingerprint) published in one document of one LAO."""

    id: int
    lao_code: str
    url: str
    fingerprint: str
    kind: str
    masked: str
    state: str
    deadline: datetime | None
    assignee: str | None
    opened_at: datetime
    updated_at: datetime
    notified_at: datetime | None
    remediated_at: datetime | None
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class Sweep:
    """A sweep (or recheck) run and its progress."""

    id: int
    kind: str
    params: dict[str, Any]
    started_at: datetime
    finished_at: datetime | None
    status: str
    counts: dict[str, Any]
    sites_total: int
    sites_done: int
    pages: int
    documents: int
    findings: int
    errors: int


@dataclass(frozen=True, slots=True)
class Overview:
    """The headline numbers of the dashboard's first page."""

    laos: int
    laos_with_website: int
    laos_inspected: int
    laos_leaking: int
    documents: int
    findings: int
    cases: int
    open_cases: int
    overdue: int
    by_state: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def leak_rate(self) -> float:
        """Share of inspected LAOs with at least one open case."""
        return self.laos_leaking / self.laos_inspected if self.laos_inspected else 0.0


@dataclass(frozen=True, slots=True)
class AlertCase:
    """An open case with what an alert mail says of it: the LAO, the document and page, the masked
    identifier, the deadline, and whom to write to (never the identifier itself)."""

    case_id: int
    lao_code: str
    lao_type: str
    lao_name: str
    province: str
    province_code: str
    url: str
    page: int | None
    """The first page the identifier is on (None for formats without pages)."""
    kind: str
    masked: str
    state: str
    deadline: datetime | None
    """Naive UTC, set when the LAO was notified."""
    email: str
    """The coordinator's address cell as given (may hold several, or none)."""
    province_email: str
    confirmed_before: bool = False
    """Whether an analyst ever confirmed it (a reopened case so confirmed is mailed again at once)."""


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A mail notify wants sent exactly once; ``key`` makes enqueueing idempotent."""

    key: str
    kind: str
    """digest (to an LAO coordinator) or escalation (to a province office), or notify's own kinds."""
    to: tuple[str, ...]
    """Addresses, one per element (the outbox's ``recipient`` column holds them joined)."""
    subject: str
    body_text: str
    body_html: str = ""
    case_ids: tuple[int, ...] = ()
    lao_code: str = ""
    province_code: str = ""
    cc: tuple[str, ...] = ()
    id: int | None = None
    state: str = "queued"
    attempts: int = 0
    last_error: str = ""
    created_at: datetime | None = None
    sent_at: datetime | None = None
    deadline: datetime | None = None
    """The deadline the mail promises its cases (naive UTC); they get it when it is sent."""
