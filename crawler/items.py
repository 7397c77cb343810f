"""What the spider hands to the pipeline: one fetched page or document.

``DocumentItem`` carries the Document contract of the design (URL, final URL, LAO code, validators,
HTTP status, fetch time) plus the body, which lives only until the pipeline has hashed and parsed
it. The sniffed media type is filled by the pipeline; so is the content hash, unless the spider
already hashed the body (a page whose stored links it reuses when the bytes are unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.models import DocumentRecord, Link


@dataclass(slots=True)
class DocumentItem:
    url: str
    """The URL the spider asked for (the identity of the document in the store)."""
    final_url: str
    """Where the response came from after redirects."""
    lao_code: str
    http_status: int
    content_type: str
    """As the server declared it; the pipeline sniffs the real media type from the bytes."""
    etag: str
    last_modified: str
    fetched_at: str
    """ISO 8601 UTC."""
    is_html: bool
    """An HTML page (scanned for leaks too) rather than an attachment."""
    body: bytes = field(repr=False, default=b"")
    """The downloaded bytes; dropped by the pipeline as soon as they are parsed."""
    not_modified: bool = False
    """The server answered 304 to a conditional request: the stored version still holds."""
    known: DocumentRecord | None = None
    """The store's record of this URL, when there is one: the same hash means unchanged."""
    links: tuple[Link, ...] | None = None
    """An HTML page's in-scope links, stored so an unchanged page can be followed without a download."""
    content_hash: str = ""
    """The body's sha256 when the spider computed it; "" leaves it to the pipeline."""
    recheck: bool = False
    """Fetched to re-check open cases: every finding is reported, nothing followed."""
    ticket: int = 0
    """The spider's progress ticket for this item (see ``crawler.progress``)."""
    found_by: str = "link"
    """How the sweep reached the URL (``store.models.FOUND_BY``)."""
    linked_from: str | None = None
    """For an off-site file, the LAO page that links it."""
