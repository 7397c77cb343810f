"""What every component of one sweep shares: configuration, sites, progress, writer, parser pool.

Scrapy builds the middlewares, the pipeline and the extension from the crawler, not from the
spider, so they reach the context through the spider the crawler runs: :func:`context_of` is that
one typed accessor (Scrapy types ``crawler.spider`` as an optional plain ``Spider``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.config import Config
from crawler.errors import SweepError
from crawler.known import KnownDocuments
from crawler.progress import Tracker
from crawler.recorder import Recorder

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from documents.bounded import Bounded
    from store import Store


@dataclass
class SweepContext:
    cfg: Config
    sites: list[tuple[str, str]]
    """(LAO code, home URL) of every site still to sweep."""
    tracker: Tracker
    recorder: Recorder
    store: Store
    sweep_id: int
    key: bytes
    """The fingerprint key (never logged)."""
    pool: Bounded
    """The parse backend (the local pool or the cluster) behind a bound on documents in flight."""
    known: KnownDocuments
    """What the store knows of each site's documents (hashes, validators)."""
    recheck: list[tuple[str, str]] = field(default_factory=list)
    """(LAO code, URL) of open cases to re-fetch, in recheck mode (then ``sites`` is empty)."""


def context_of(crawler: Crawler) -> SweepContext:
    """The context of the sweep ``crawler`` runs (its spider's ``ctx``)."""
    ctx = getattr(crawler.spider, "ctx", None)
    if not isinstance(ctx, SweepContext):
        raise SweepError("the crawler runs no sweep: its spider has no SweepContext")
    return ctx
