"""Discovery as the monthly job: decisions, probes and coverage in the store; a second run resumes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.config import Config
from seeds.model import UrlSource
from seeds.urls import host_key
from service.discovery import DISCOVERY_WHO, run_discovery, with_decisions
from simweb.laos import synthetic_laos
from simweb.sources import SimSources
from simweb.web import SimWeb
from store import Store

SITES = 16


@pytest.mark.timeout(180)
def test_the_job_records_sites_probes_and_coverage_and_resumes(tmp_path: Path) -> None:
    laos = synthetic_laos(SITES)
    web = SimWeb(laos, sites=SITES, seed=9, cache_dir=tmp_path / "cache")
    served = [(web.world.laos[i], spec.host) for i, spec in enumerate(web.sites)]
    sources = SimSources(served, laos, seed=9)
    web.server.services.update(sources.services())
    truth = {lao.code: host_key(f"http://{host}/") for lao, host in served}
    down = {lao.code for i, (lao, _) in enumerate(served) if web.world.is_down(i)}
    hidden = [replace(lao, website="", url_source=UrlSource.NONE, url_raw="") for lao in laos]
    cfg = Config(home=str(tmp_path / "home"))
    cfg.crawl.delay_seconds = 0.0
    cfg.discovery = replace(sources.settings(), timeout_seconds=3.0, workers=16)
    store = Store(tmp_path / "x4watch.duckdb")
    with web:
        cfg.crawl.proxy = web.proxy_url
        cfg.crawl.allow_loopback = True  # test mode: names exist only behind simweb's proxy
        line = run_discovery(cfg, store, hidden)
        decisions = store.site_decisions()
        assert {code: host_key(d.website) for code, d in decisions.items()} == {
            code: site for code, site in truth.items() if code not in down
        }, line
        assert {d.decided_by for d in decisions.values()} == {DISCOVERY_WHO}
        probes = store.probes()
        assert any(p.outcome == "refused" and "ชื่อหน้าเว็บ" in p.reason for p in probes)  # a decoy's title
        assert {p.lao_code for p in probes if p.outcome == "accepted"} >= set(decisions)
        (day,) = store.coverage_history()
        assert (day.laos, day.with_site) == (SITES, len(decisions))

        refused = {(p.lao_code, p.host) for p in probes if p.outcome == "refused" and p.lao_code in down}
        before = dict(web.counters.by_host)
        run_discovery(cfg, store, hidden)
        asked_again = {h for h, n in web.counters.by_host.items() if n > before.get(h, 0)}
    assert refused and not {host for _, host in refused} & asked_again
    current = with_decisions(hidden, store.site_decisions())
    assert {lao.url_source for lao in current if lao.website} == {UrlSource.DISCOVERED}


def test_an_analysts_decision_is_manual_and_wins(tmp_path: Path) -> None:
    store = Store(tmp_path / "x4watch.duckdb")
    lao = synthetic_laos(1)[0]
    store.record_site_decision(lao.code, "http://www.found.go.th/", "discovered", DISCOVERY_WHO)
    store.record_site_decision(lao.code, "http://www.right.go.th/", "entered", "analyst-a", "โทรถาม")
    (current,) = with_decisions([lao], store.site_decisions())
    assert (current.website, current.url_source) == ("http://www.right.go.th/", UrlSource.MANUAL)
    decision = store.site_decisions()[lao.code]
    assert decision.decided_by == "analyst-a" and decision.decided_at is not None


def test_seeds_stats_shows_site_and_contact_coverage_over_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from seeds.dla import write_laos
    from service.cli import main

    laos = [replace(lao, website="", url_source=UrlSource.NONE) for lao in synthetic_laos(4)]
    listed = tmp_path / "laos.csv"
    write_laos(laos, listed)
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    store = Store(tmp_path / "x4watch.duckdb")
    store.record_site_decision(laos[0].code, "http://www.a.go.th/", "entered", "analyst-a")
    store.record_contact_candidates([(laos[1].code, "email", "saraban@b.go.th", "http://www.b.go.th/")])
    store.decide_contact(laos[1].code, "email", "saraban@b.go.th", "confirmed", "analyst-a")
    assert main(["seeds", "stats", "--list", str(listed)]) == 0
    out = capsys.readouterr().out
    assert "ความครอบคลุมตามเวลา" in out
    assert "  4  1 (25.0)  1 (25.0)  0" in out
    (day,) = store.coverage_history()
    assert (day.with_site, day.with_contact) == (1, 1)
