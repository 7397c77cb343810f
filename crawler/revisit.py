"""When a URL the store already knows is worth a request again in this sweep.

A weekly sweep that asked every server for every URL again would spend most of its night learning
that nothing changed. HTTP's own answer is freshness: RFC 9111 §4.2.2 lets a cache treat a response
without explicit expiry as fresh for a fraction (typically 10%) of the time since it was last
modified, which is also what Scrapy's RFC2616 cache policy does. A document last modified a year
before it was fetched stays fresh for about five weeks; one modified last week, for under a day.

The monitoring mission bounds that rule three ways:

* a URL whose stored findings hold an open case is always asked again: its fix (the evidence that
  closes the case) must be seen in the next sweep;
* a record that was not read completely (a parse error, a timeout) is always asked again;
* freshness never exceeds ``crawl.revisit_days`` (0 asks for everything every sweep), so an old
  document changed in place without its listing changing is still caught within that many days.

New URLs are always fetched, and listings and home pages carry no Last-Modified, so they are asked
every sweep (conditionally): that is where new documents appear.

A server that sends no Last-Modified at all (hand-written PHP sites send no validators) would have
every page fetched whole every sweep. For those the store keeps its own evidence, the first fetch
that got the current bytes (``documents.unchanged_since``), and once they have stood for a day the
same tenth-of-the-age rule applies to it. Never to listings (a page reached through a listing or
download link) or home pages, for the reason above.

A URL that never answered is the opposite case: the sweep learns nothing from it and holds one of
the site's connections for ``crawl.timeout_seconds``. After a timeout it is asked again a day later,
then after two, four... days with each timeout in a row (the backoff of Nutch's and Heritrix's
retry schedules), never later than ``crawl.revisit_days``: in a weekly sweep that means every week
for the first three timeouts, then every other week, then every fourth.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from documents.model import PARSED
from store.models import DocumentRecord

HEURISTIC_FRACTION = 0.1
"""RFC 9111 §4.2.2's "typical setting" of the share of a response's age it may be reused for."""
OBSERVED_SPAN = timedelta(days=1)
"""How long bytes must have stood unchanged before the crawler's own record stands for Last-Modified
(sweeps minutes apart say nothing about how often a page changes)."""
TIMEOUT_BACKOFF = timedelta(days=1)
"""How long a URL that timed out once is left alone; it doubles with each further timeout in a row."""


def needs_whole_fetch(record: DocumentRecord, *, document_url: bool) -> bool:
    """A stored page without stored links (a browser draws them, or the depth limit cut them) must
    be fetched whole, never skipped nor asked conditionally: its links, and its browser rendering,
    come only from its bytes. A page under a document-like address (``/category/download/``) too:
    going by the address alone, a listing whose rendering a killed sweep never finished was answered
    304 ever after and never rendered again."""
    return record.links is None and (not document_url or record.media_type == "text/html")


def changed_at(record: DocumentRecord, *, listing: bool = False) -> datetime | None:
    """The latest time the URL's bytes are known to have changed, None when nothing is known.

    The server's Last-Modified when it sent one. Otherwise, except for listings, the first fetch
    that got the stored bytes, once they have stood for ``OBSERVED_SPAN``: a lower bound of the age
    the server did not state, so never more generous than a Last-Modified would be.
    """
    if record.last_modified:
        return last_modified(record.last_modified)
    since, fetched = record.unchanged_since, record.fetched_at
    if listing or since is None or fetched is None or fetched - since < OBSERVED_SPAN:
        return None
    return since


def fresh_for(record: DocumentRecord, cap: timedelta, *, listing: bool = False) -> timedelta:
    """How long after its fetch the stored record may stand for the URL (zero: ask again at once)."""
    if record.fetched_at is None or record.status not in PARSED:
        return timedelta(0)
    modified = changed_at(record, listing=listing)
    if modified is None or modified > record.fetched_at:
        return timedelta(0)
    return min(cap, (record.fetched_at - modified) * HEURISTIC_FRACTION)


def is_fresh(
    record: DocumentRecord, now: datetime, *, cap: timedelta, has_open_case: bool, listing: bool = False
) -> bool:
    """True when this sweep may skip the URL entirely: fresh by the rule above, no open case on it."""
    if has_open_case or record.fetched_at is None:
        return False
    return now - record.fetched_at < fresh_for(record, cap, listing=listing)


def last_modified(header: str) -> datetime | None:
    """A Last-Modified value as naive UTC (the store's convention), None when unreadable."""
    try:
        value = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def retry_after(timeouts: int, last: datetime, cap: timedelta) -> datetime:
    """When a URL whose fetch timed out ``timeouts`` sweeps in a row, the last at ``last``, is worth
    asking for again (never later than ``cap`` after it; a zero cap asks at once)."""
    doublings = min(max(timeouts - 1, 0), 16)  # 2**16 days is past any cap, and cannot overflow
    return last + min(cap, TIMEOUT_BACKOFF * (1 << doublings))
