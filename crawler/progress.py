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
import time
from collections.abc import Callable
from dataclasses import dataclass, field


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
    hosts: set[str] = field(default_factory=set)
    cut: set[str] = field(default_factory=set)
    """Budgets already reported as exhausted (each is reported once)."""
    queries: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """Distinct query strings seen per (host, path): an endless query-string trap grows this."""


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

    def eta_seconds(self) -> float | None:
        """Remaining time if sites keep finishing at the rate they have so far."""
        done = self.totals.sites_done
        if not done:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / done * max(self.totals.sites_total - done, 0)

    def line(self) -> str:
        """One progress line for logs and terminals."""
        t = self.totals
        eta = self.eta_seconds()
        eta_text = "?" if eta is None else f"{eta / 60:.1f} min"
        return (
            f"sites {t.sites_done}/{t.sites_total}, pages {t.pages}, documents {t.documents}, "
            f"unchanged {t.unchanged}, fresh {t.fresh}, findings {t.findings}, errors {t.errors}, ETA {eta_text}"
        )
