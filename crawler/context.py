"""What every component of one sweep shares: configuration, sites, progress, writer, parser pool."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.config import Config
from crawler.known import KnownDocuments
from crawler.progress import Tracker
from crawler.recorder import Recorder


@dataclass
class SweepContext:
    cfg: Config
    sites: list[tuple[str, str]]
    """(LAO code, home URL) of every site still to sweep."""
    tracker: Tracker
    recorder: Recorder
    store: Any
    sweep_id: int
    key: bytes
    """The fingerprint key (never logged)."""
    pool: Any
    """documents.Bounded over the parse backend (local pool or cluster): isolated parser workers."""
    known: KnownDocuments
    """What the store knows of each site's documents (hashes, validators)."""
    recheck: list[tuple[str, str]] = field(default_factory=list)
    """(LAO code, URL) of open cases to re-fetch, in recheck mode (then ``sites`` is empty)."""
