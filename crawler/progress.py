"""Which sites are still being swept, and the running totals a progress line shows.

Scrapy knows requests, not sites. A sweep needs to know when a site is finished (to mark it done
for resumption and to count sites done/total for the ETA), so every request the spider makes carries
a *ticket*: the ticket is held from the moment the spider creates the request, through redirects
and retries (they copy the request's meta and so the ticket) until the callback or errback has run,
or the scheduler dropped it as a duplicate. (Nothing else may drop a request silently: the spider
applies the depth limit itself.) Items hold their own ticket until the pipeline has put them
in a batch. A site with no ticket left is done.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.tls import TlsPosture

SPAM_EXAMPLES = 5
RATE_SECONDS = 60.0
"""Time constant of the smoothed rate of sites done: a burst of sites finishing at once (the small
ones, all at the end) moves the ETA by a fraction of itself, not from 77 min to 4."""


@dataclass
class SiteState:
    """What one site has used of its budgets, and what is still in flight for it."""

    started: float = field(default_factory=time.monotonic)
    pages: int = 0
    documents: int = 0
    bytes: int = 0
    tickets: set[int] = field(default_factory=set)
    visited: set[str] = field(default_factory=set)
    """URLs requested this sweep (to find stored documents no longer linked)."""
    orphans_checked: bool = False
    unlinked_checked: bool = False
    """Sitemaps, the media API and the archive index were asked for URLs no link led to."""
    root: str = ""
    """Where the site's home page was answered (after redirects): the base of its API and sitemap."""
    wordpress: bool = False
    """A page showed WordPress's marks: its media API is worth asking."""
    sitemaps: set[str] = field(default_factory=set)
    """Sitemaps that robots.txt names."""
    hosts: set[str] = field(default_factory=set)
    cut: set[str] = field(default_factory=set)
    """Budgets already reported as exhausted (each is reported once)."""
    queries: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """Distinct query strings seen per (host, path): an endless query-string trap grows this."""
    tls: TlsPosture | None = None
    """The TLS posture of the site's host with the most to fix (``crawler.tls.worse``)."""
    spam: int = 0
    """Gambling-spam links and pages cut on the site."""
    spam_examples: list[str] = field(default_factory=list)
    """The first few of them (``SPAM_EXAMPLES``), the evidence of a compromised site."""


@dataclass
class Totals:
    sites_total: int = 0
    sites_done: int = 0
    pages: int = 0
    documents: int = 0
    findings: int = 0
    errors: int = 0
    unchanged: int = 0
    """Pages and documents whose bytes were the stored ones (304 or same hash): not parsed."""
    not_modified: int = 0
    """Of those, how many the server answered 304 (not even downloaded)."""
    parsed: int = 0
    """Pages and documents handed to the parser."""
    ocr_pages: int = 0
    """Pages the parser OCR'd (``ParsedDocument.ocr_pages``): the bulk of a first sweep's CPU."""
    sites_resumed: int = 0
    """Of ``sites_done``, those done before this crawl process started (the counts above are this
    process's: a resumed sweep starts them again at zero)."""
    fresh: int = 0
    """Known pages and documents not asked for at all: still fresh (see ``crawler.revisit``)."""
    peak_in_flight: int = 0
    """Most sites under way at once (bounded by ``crawler.settings.sites_in_flight``)."""
    bytes: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


class Tracker:
    """Sites in flight, their budgets and the sweep's totals; one per sweep, owned by the spider."""

    def __init__(self, sites_total: int) -> None:
        self.sites: dict[str, SiteState] = {}
        self.totals = Totals(sites_total=sites_total)
        self.started = time.monotonic()
        self.on_site_done: list[Callable[[str], None]] = []
        """Called with the LAO code of each site as it finishes."""
        self.on_drained: Callable[[str], bool] | None = None
        """Called when a site runs out of work; returns True when it found more (the site goes on)."""
        self._next = itertools.count(1)
        self._rate: float | None = None
        """Sites done per second, smoothed (see ``sample``)."""
        self._done_at_start = 0
        self._sampled_at = self.started
        self._sampled_done = 0

    def resume(self, done: int) -> None:
        """Count ``done`` sites as done before this process started (they do not speed up the rate)."""
        self.totals.sites_done = self.totals.sites_resumed = self._done_at_start = done

    def site(self, lao_code: str) -> SiteState:
        state = self.sites.get(lao_code)
        if state is None:
            state = self.sites[lao_code] = SiteState()
            self.totals.peak_in_flight = max(self.totals.peak_in_flight, len(self.sites))
        return state

    def in_flight(self) -> int:
        """Sites with work under way (a state left without tickets does not count)."""
        return sum(1 for state in self.sites.values() if state.tickets)

    def new_ticket(self) -> int:
        return next(self._next)

    def hold(self, lao_code: str, ticket: int) -> None:
        self.site(lao_code).tickets.add(ticket)

    def release(self, lao_code: str, ticket: int) -> None:
        """Drop a ticket; the site is done when its last ticket goes."""
        state = self.sites.get(lao_code)
        if state is None or ticket not in state.tickets:
            return
        state.tickets.discard(ticket)
        if not state.tickets:
            if self.on_drained is not None and self.on_drained(lao_code):
                return
            self.totals.sites_done += 1
            for listener in self.on_site_done:  # before the state goes: the recorder reads its counts
                listener(lao_code)
            del self.sites[lao_code]

    def sample(self, now: float | None = None) -> None:
        """Fold the sites done since the last sample into the smoothed rate (an EWMA over time).

        The first estimate is the average since the start; after that each sample weighs in by
        ``1 - exp(-dt / RATE_SECONDS)``, so how often it is sampled does not change the smoothing.
        """
        now = time.monotonic() if now is None else now
        done = self.totals.sites_done - self._done_at_start
        if self._rate is None:
            if done > 0:
                self._rate = done / max(now - self.started, 1e-6)
        else:
            dt = now - self._sampled_at
            if dt > 0:
                weight = 1.0 - math.exp(-dt / RATE_SECONDS)
                instant = (done - self._sampled_done) / dt
                self._rate += weight * (instant - self._rate)
        self._sampled_at, self._sampled_done = now, done

    def eta_seconds(self) -> float | None:
        """Remaining time at the smoothed rate of sites done; None before the first site is done."""
        remaining = max(self.totals.sites_total - self.totals.sites_done, 0)
        if not remaining:
            return 0.0
        if not self._rate:
            return None
        return remaining / self._rate

    def counts(self) -> dict[str, float]:
        """The totals with this process's seconds so far, as the sweep's store record keeps them
        (``crawler.throughput`` works rates and the ETA out of them)."""
        return {**self.totals.as_dict(), "elapsed": round(time.monotonic() - self.started, 1)}

    def progress(self) -> Progress:
        elapsed = time.monotonic() - self.started
        return Progress.of({**self.totals.as_dict(), "elapsed": elapsed, "eta": self.eta_seconds()})

    def line(self) -> str:
        """One progress line for logs and terminals."""
        return self.progress().line()


@dataclass
class Progress(Totals):
    """Where a sweep is, as the crawl process tells its parent (``SweepState.progress``): the
    totals, with the time so far and the smoothed ETA."""

    elapsed: float = 0.0
    eta: float | None = None

    def as_dict(self) -> dict[str, Any]:  # the times are not counts
        return dict(vars(self))

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Progress:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def counts(self) -> str:
        return (
            f"sites {self.sites_done}/{self.sites_total}, pages {self.pages}, documents {self.documents}, "
            f"findings {self.findings}, errors {self.errors}"
        )

    def eta_text(self) -> str:
        if self.eta is None:
            return "ETA ?"
        hours, rest = divmod(int(self.eta), 3600)
        return f"ETA {hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"ETA {rest // 60}:{rest % 60:02d}"

    def line(self) -> str:
        return f"{self.counts()}, unchanged {self.unchanged}, fresh {self.fresh}, {self.eta_text()}"
