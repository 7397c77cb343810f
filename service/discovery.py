"""Discovery as an unattended job, with the store as its memory (the job body `serve` runs monthly).

The seed list (``seeds/laos.csv``) is a committed file; what is learned after it lives in the store:
the sites analysts confirm, enter or import and the sites the monthly job discovers
(``site_decisions``, who and when), the probes already made (``discovery_probes``), the coverage of
each day (``coverage_history``). ``with_decisions`` lays the decisions over the seed list, so the
sweeps watch a site from the day it is decided.

A run is resumable: each probe is noted in the store in batches as it happens, and a later run
skips the hosts refused within ``discovery.recheck_days`` (an accepted one is probed again, so a run
killed before it recorded its discoveries loses nothing).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import timedelta

from core.config import Config
from seeds.discover import Fetch, apply_discoveries, discover, page_fetcher
from seeds.fetch import http_getter
from seeds.model import Lao, UrlSource
from seeds.sources import Get, enumerate_hosts
from seeds.urls import flag_shared_hosts
from store import Store
from store.discovery import CoverageDay, Probe, SiteDecision

DISCOVERY_WHO = "x4watch-discovery"
"""``decided_by`` of the sites the job discovers (an analyst's name for the others)."""

PROBE_BATCH = 500
"""Probes noted per store write."""


def with_decisions(laos: Sequence[Lao], decisions: Mapping[str, SiteDecision]) -> list[Lao]:
    """The seed list with each LAO's latest decided website: ``manual`` when an analyst decided it,
    ``discovered`` when the job did. Shared hosts flagged again."""
    decided = []
    for lao in laos:
        decision = decisions.get(lao.code)
        if decision is None:
            decided.append(lao)
            continue
        source = UrlSource.DISCOVERED if decision.decided_by == DISCOVERY_WHO else UrlSource.MANUAL
        decided.append(replace(lao, website=decision.website, url_source=source))
    return flag_shared_hosts(decided)


class StoreProbeLog:
    """Notes probes into the store in batches; skips the (LAO, host) pairs in ``refused``."""

    def __init__(self, store: Store, refused: set[tuple[str, str]]) -> None:
        self.store = store
        self.refused = refused
        self.pending: list[Probe] = []
        self.lock = threading.Lock()
        self.noted = 0

    def skip(self, lao_code: str, host: str) -> bool:
        return (lao_code, host) in self.refused

    def note(self, lao_code: str, host: str, source: str, outcome: str, reason: str) -> None:
        with self.lock:
            self.pending.append(Probe(lao_code, host, source, outcome, reason, self.store.clock()))
            self.noted += 1
            if len(self.pending) >= PROBE_BATCH:
                self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        self.store.record_probes(list({(p.lao_code, p.host): p for p in batch}.values()))


def clients(cfg: Config, timeout: float | None = None) -> tuple[Get, Fetch]:
    """The sources' GET and the probes' page fetch, sharing one guarded client (so one pace per
    host): the crawler's User-Agent, proxy and delay, discovery's time and size caps."""
    answer = http_getter(
        cfg.crawl.proxy,
        cfg.crawl.user_agent,
        timeout or cfg.discovery.timeout_seconds,
        max_bytes=cfg.discovery.max_response_bytes,
        delay=cfg.crawl.delay_seconds,
        allow_loopback=cfg.crawl.allow_loopback,
    )

    def body(url: str) -> bytes | None:
        got = answer(url)
        return got.body if got else None

    return body, page_fetcher(answer)


def run_discovery(cfg: Config, store: Store, laos: Sequence[Lao], *, limit: int | None = None) -> str:
    """Look for the websites of the LAOs that have none (after the decisions); returns a summary
    line. Every site found is recorded as a decision of ``x4watch-discovery``."""
    current = with_decisions(laos, store.site_decisions())
    targets = [lao for lao in current if not lao.website][:limit]
    since = store.clock() - timedelta(days=cfg.discovery.recheck_days)
    log = StoreProbeLog(store, store.refused_since(since))
    get, fetch = clients(cfg)
    listed = enumerate_hosts(cfg.discovery, get, targets)
    sources = {f.host: f.source for f in listed}
    try:
        found = discover(
            current, targets, fetch, workers=cfg.discovery.workers, hosts=list(sources), listed_by=sources, log=log
        )
    finally:
        log.flush()
    for item in found:
        store.record_site_decision(item.code, item.website, "discovered", DISCOVERY_WHO, f"candidate {item.candidate}")
    snapshot_coverage(store, apply_discoveries(current, found))
    return (
        f"discovery: {len(targets):,} LAOs without a site, {len(listed):,} hosts listed, "
        f"{log.noted:,} probes, {len(found):,} sites found"
    )


def snapshot_coverage(store: Store, laos: Sequence[Lao]) -> CoverageDay:
    """Today's site and contact coverage, kept for the trend (one row a day, the last wins)."""
    contacts = store.contact_codes()
    candidates = {c.lao_code for c in store.contact_candidates(status="candidate")}
    row = CoverageDay(
        store.clock().date(),
        len(laos),
        sum(1 for lao in laos if lao.website),
        sum(1 for lao in laos if lao.code in contacts),
        len(candidates),
    )
    store.record_coverage(row)
    return row
