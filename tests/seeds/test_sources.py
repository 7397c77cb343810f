"""Discovery sources against their simulated endpoints (simweb.sources), over real HTTP on loopback.

Each source is switched on alone: discovery must find exactly the hidden sites that source lists
(none of the others, which only guessing could reach and guessing is off here) and never a decoy.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from core.config import DiscoverySettings
from seeds.discover import discover, http_fetcher
from seeds.fetch import http_getter
from seeds.model import Lao, UrlSource
from seeds.sources import certificate_hosts, enumerate_hosts, lao_host, search_hosts
from seeds.urls import host_key
from simweb.laos import synthetic_laos
from simweb.sources import SOURCES, SimSources
from simweb.web import SimWeb

SITES = 40
LISTED = 6  # the first sites keep their website in the list handed to discovery


@dataclasses.dataclass
class World:
    web: SimWeb
    sources: SimSources
    everyone: list[Lao]
    targets: list[Lao]
    truth: dict[str, str]
    down: set[str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    laos = synthetic_laos(SITES)
    web = SimWeb(laos, sites=SITES, seed=5, cache_dir=tmp_path_factory.mktemp("simweb"))
    served = [(web.world.laos[i], spec.host) for i, spec in enumerate(web.sites)]
    sources = SimSources(served, laos, seed=5)
    web.server.services.update(sources.services())
    hidden = {lao.code for lao, _ in served[LISTED:]}
    everyone = [
        replace(lao, website="", url_source=UrlSource.NONE, url_raw="") if lao.code in hidden else lao for lao in laos
    ]
    with web:
        yield World(
            web,
            sources,
            everyone,
            [lao for lao in everyone if lao.code in hidden],
            {lao.code: host_key(f"http://{host}/") for lao, host in served},
            {lao.code for i, (lao, _) in enumerate(served) if web.world.is_down(i)},
        )


def only(source: str, settings: DiscoverySettings) -> DiscoverySettings:
    """``settings`` with every source off but ``source``."""
    switches = {
        "certificates": "certificates",
        "wayback": "wayback",
        "commoncrawl": "commoncrawl",
        "province_office": "province_offices",
    }
    off = {name: False for name in switches.values()}
    if source in switches:
        off[switches[source]] = True
    return replace(settings, **off, search_key=settings.search_key if source == "search" else "")


def run(world: World, settings: DiscoverySettings) -> dict[str, str]:
    get = http_getter(world.web.proxy_url, "x4watch-test", 5.0, allow_loopback=True)
    listed = enumerate_hosts(settings, lambda url: a.body if (a := get(url)) else None, world.targets)
    fetch = http_fetcher(world.web.proxy_url, "x4watch-test", 5.0, allow_loopback=True)
    found = discover(world.everyone, world.targets, fetch, workers=4, hosts=[f.host for f in listed], guess=False)
    return {d.code: host_key(d.website) for d in found}


@pytest.mark.parametrize("source", SOURCES)
def test_each_source_finds_the_sites_it_lists_and_no_decoy(world: World, source: str) -> None:
    found = run(world, only(source, world.sources.settings()))
    listed = {host_key(f"http://{h}/") for h in world.sources.listed[source]}
    expected = {
        lao.code: world.truth[lao.code]
        for lao in world.targets
        if world.truth[lao.code] in listed and lao.code not in world.down
    }
    assert expected, f"the simulated {source} lists no hidden site"
    assert {code: site for code, site in found.items() if world.truth[code] != site} == {}
    assert found == expected


def test_all_sources_together_reach_every_hidden_site(world: World) -> None:
    found = run(world, world.sources.settings())
    reachable = {lao.code for lao in world.targets if lao.code not in world.down}
    assert found == {code: world.truth[code] for code in reachable}


def test_sources_are_off_by_default() -> None:
    assert enumerate_hosts(DiscoverySettings(), lambda url: pytest.fail(f"asked {url}"), []) == []


def test_the_search_api_is_not_asked_without_a_key(world: World) -> None:
    settings = replace(only("search", world.sources.settings()), search_key="")
    assert run(world, settings) == {}


def test_a_wrong_search_key_gets_nothing(world: World) -> None:
    get = http_getter(world.web.proxy_url, "x4watch-test", 5.0, allow_loopback=True)
    settings = world.sources.settings()
    assert (
        search_hosts(lambda url: a.body if (a := get(url)) else None, settings.search_url, "wrong", world.targets[0])
        == set()
    )


def test_only_single_label_go_th_hosts_are_taken_from_a_listing() -> None:
    rows = [{"name_value": "*.nadi.go.th\nnadi.go.th\nmail.nadi.go.th", "common_name": "www.ban-na.go.th"}]
    rows.append({"name_value": "www.example.com\nwww.dla.go.th.evil.com"})
    assert certificate_hosts(lambda url: json.dumps(rows).encode(), "http://ct/") == {
        "nadi.go.th",
        "www.ban-na.go.th",
    }
    assert lao_host("https://WWW.Nadi.go.th:443/index.php") == "www.nadi.go.th"
    assert lao_host("http://a.b.c.go.th/") == ""


# the HTTP client: SSRF guard, User-Agent -----------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        Recorder.seen.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/jump":
            self.send_response(302)
            port = self.server.server_address[1]
            self.send_header("Location", f"http://metadata.google.internal:{port}/secret")
            self.end_headers()
            return
        body = b"<html><title>ok</title></html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def recorder() -> Iterator[int]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_a_name_resolving_to_loopback_is_refused_before_any_connection(recorder: int) -> None:
    get = http_getter("", "x4watch-test", 2.0, resolver=lambda host: ["127.0.0.1"])
    assert get(f"http://lao.go.th:{recorder}/") is None
    assert Recorder.seen == []


def test_a_redirect_to_a_metadata_host_is_not_followed(recorder: int) -> None:
    """The metadata name resolves to the recorder here: had the hop been followed, it would show."""
    addresses = {"lao.go.th": ["127.0.0.1"], "metadata.google.internal": ["127.0.0.1"]}
    get = http_getter("", "x4watch-ua", 2.0, allow_loopback=True, resolver=lambda host: addresses.get(host, []))
    assert get(f"http://lao.go.th:{recorder}/") is not None
    assert get(f"http://lao.go.th:{recorder}/jump") is None
    assert [path for path, _ in Recorder.seen] == ["/", "/jump"]
    assert {agent for _, agent in Recorder.seen} == {"x4watch-ua"}


def test_discover_reads_sources_through_the_configured_proxy(world: World, tmp_path: Path) -> None:
    """``x4watch seeds discover`` with sources on, through crawl.proxy (simweb), finds listed sites."""
    from core.config import Config
    from seeds.dla import write_laos
    from seeds.load import load_laos
    from service.commands.seeds import run_discover

    path = tmp_path / "laos.csv"
    write_laos(world.everyone, path)
    cfg = Config()
    cfg.crawl.proxy = world.web.proxy_url
    cfg.crawl.allow_loopback = True  # test mode: names exist only behind simweb's proxy
    cfg.crawl.delay_seconds = 0.0
    cfg.discovery = only("certificates", world.sources.settings())
    args = type("Args", (), {"list": path, "limit": None, "workers": 4, "timeout": 5.0, "no_guesses": True})()
    assert run_discover(args, cfg) == 0  # type: ignore[arg-type]
    after = {lao.code: lao for lao in load_laos(path)}
    listed = {host_key(f"http://{h}/") for h in world.sources.listed["certificates"]}
    for lao in world.targets:
        if world.truth[lao.code] in listed and lao.code not in world.down:
            assert host_key(after[lao.code].website) == world.truth[lao.code]
            assert after[lao.code].url_source is UrlSource.DISCOVERED
