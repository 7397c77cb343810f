"""Old HTTPS servers and spam-injected sites, swept over real HTTP(S) through simweb (issue 19).

One sweep of simweb's three such sites (a TLS 1.0-only server with a self-signed, expired
certificate; a modern TLS server; a site injected with gambling spam), then what the store and
simweb's counters show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sweeptools import new_store

from bench.crawl import sweep_config
from crawler.sweep import run_sweep
from simweb import SimWeb, spam
from simweb.laos import synthetic_laos
from simweb.model import SITE_FAULTS
from store.weekly import WeeklySource
from testkit.score import found_leaks, recall_of, simweb_laos

FAULTS = ("legacy_tls", "modern_tls", "spam")
SITES = max(SITE_FAULTS[f][1] for f in FAULTS) + 1


@dataclass
class Posture:
    web: SimWeb
    store: Any
    hosts: dict[str, str]
    """Fault -> host of the site that has it."""
    codes: dict[str, str]
    found: dict[str, set[tuple[str, str]]]
    truth: Any
    sites: Any
    errors: Any


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Posture]:
    home = tmp_path_factory.mktemp("posture")
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=1, cache_dir=home / "cache") as web:
        specs = {f: next(s for s in web.sites if f in s.faults) for f in FAULTS}
        cfg = sweep_config(home, web.proxy_url)
        laos = [lao for lao in simweb_laos(web) if lao.code in {s.lao_code for s in specs.values()}]
        store = new_store(cfg, laos)
        summary = run_sweep(cfg, laos, store=store)
        sites = store._read(lambda con: con.execute("SELECT * FROM sites").df()).set_index("lao_code")
        yield Posture(
            web,
            store,
            {f: s.host for f, s in specs.items()},
            {f: s.lao_code for f, s in specs.items()},
            found_leaks(store),
            web.truth(cfg.secret_key()),
            sites,
            store.sweep_errors(summary.sweep_id),
        )


def test_the_tls_1_0_only_site_is_read_and_its_posture_recorded(swept: Posture) -> None:
    code = swept.codes["legacy_tls"]
    assert recall_of(swept.truth, swept.found, {code}) == 1.0
    assert any(url.startswith("https://") for url in swept.found if swept.hosts["legacy_tls"] in url)
    site = swept.sites.loc[code]
    assert (site.status, site.tls_protocol, bool(site.tls_legacy)) == ("ok", "TLSv1.0", True)
    assert set(site.tls_issues) == {"legacy_protocol", "expired_certificate", "self_signed_certificate"}
    assert swept.web.counters.handshakes.get("TLSv1", 0) > 0


def test_a_modern_site_is_not_downgraded(swept: Posture) -> None:
    code = swept.codes["modern_tls"]
    assert recall_of(swept.truth, swept.found, {code}) == 1.0
    site = swept.sites.loc[code]
    assert site.tls_protocol in ("TLSv1.2", "TLSv1.3") and not site.tls_legacy and list(site.tls_issues) == []


def test_spam_pages_are_cut_and_the_site_is_marked_compromised(swept: Posture) -> None:
    code, host = swept.codes["spam"], swept.hosts["spam"]
    assert swept.web.counters.spam == {}, "no injected page was fetched"
    assert spam.GAMBLING_HOST not in swept.web.counters.offsite, "the cloaked redirect was not followed"
    assert recall_of(swept.truth, swept.found, {code}) == 1.0  # the site's own documents are still read
    site = swept.sites.loc[code]
    assert site.spam_pages >= spam.HIDDEN_LINKS + 1
    assert 0 < len(site.spam_examples) <= 5
    assert set(site.spam_examples) <= set(swept.truth.spam) | {f"http://{host}{spam.CLOAKED_PATH}"}
    hidden_outbound = swept.errors[swept.errors["url"].str.contains(spam.BRANDS[0] + r"\d+\.com", regex=True)]
    assert set(hidden_outbound["error_type"]) == {"spam"}, "a hidden link to a gambling host is spam, not offsite"
    cut = swept.errors[swept.errors["error_type"] == "spam"]
    assert f"http://{host}{spam.CLOAKED_PATH}" in set(cut["url"])
    assert all(not swept.sites.loc[c].spam_pages for f, c in swept.codes.items() if f != "spam")


def test_spam_wastes_no_budget(swept: Posture) -> None:
    """The spam site costs the requests of its own pages and documents, its robots.txt and the
    cloaked page: none of its 60 injected pages."""
    host = swept.hosts["spam"]
    plan = swept.web.world.plan(swept.web.world.index_of[host])
    requests = swept.web.counters.by_host[host]
    assert requests <= len(plan.routes) + 1, (requests, len(plan.routes))


def test_the_weekly_figures_count_sites_to_upgrade_and_compromised(swept: Posture) -> None:
    checked = swept.sites["checked_at"].max().to_pydatetime()
    cover = WeeklySource(swept.store).coverage(checked - timedelta(days=1), checked + timedelta(days=1))
    assert (cover["upgrade"], cover["compromised"]) == (1, 1)


def test_no_spam_url_is_stored_as_a_document(swept: Posture, tmp_path: Path) -> None:
    stored = set(swept.store.lao_documents(swept.codes["spam"])["url"])
    assert not stored & set(swept.truth.spam)
    assert f"http://{swept.hosts['spam']}{spam.CLOAKED_PATH}" not in stored
