"""Website discovery: candidates from the romanized name, probes over real HTTP on loopback.

The loopback server acts as a forward proxy (absolute-form requests routed by host), the way the
simweb server does, so no request leaves 127.0.0.1. Decoy sites name a different LAO (another
type, a longer name, a namesake in another province): precision must be 1.0.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from seeds.discover import (
    Discovery,
    apply_discoveries,
    candidate_hosts,
    discover,
    distinguishing_places,
    http_fetcher,
    names_lao,
    page_texts,
    without_conflicts,
)
from seeds.guess import romanized
from seeds.model import Lao, LaoType, UrlSource


def make_lao(code: str, lao_type: LaoType, name: str, province: tuple[str, str], district: str) -> Lao:
    return Lao(
        code=code,
        type=lao_type,
        name=name,
        province_code=province[0],
        province=province[1],
        district=district,
        subdistrict=name,
    )


KHON_KAEN, UDON, KRABI, KALASIN = ("40", "ขอนแก่น"), ("41", "อุดรธานี"), ("81", "กระบี่"), ("46", "กาฬสินธุ์")
NONGBUA_KK = make_lao("6400190", LaoType.SAO, "หนองบัว", KHON_KAEN, "เมืองขอนแก่น")
NONGBUA_UD = make_lao("6410190", LaoType.SAO, "หนองบัว", UDON, "เมืองอุดรธานี")
KHLONGPHON = make_lao("5810402", LaoType.SUBDISTRICT_MUNICIPALITY, "คลองพน", KRABI, "คลองท่อม")
DINCHI = make_lao("6461005", LaoType.SAO, "ดินจี่", KALASIN, "คำม่วง")
SAIKHAO = make_lao("6810490", LaoType.SAO, "ดอนแก้ว", KRABI, "คลองท่อม")
NADI_LISTED = replace(
    make_lao("6400191", LaoType.SAO, "นาดี", KHON_KAEN, "เมืองขอนแก่น"),
    website="http://www.nadi.go.th/",
    url_source=UrlSource.REGISTRY,
)
NADI_TARGET = make_lao("6410191", LaoType.SAO, "นาดี", UDON, "เมืองอุดรธานี")
LAOS = [NONGBUA_KK, NONGBUA_UD, KHLONGPHON, DINCHI, SAIKHAO, NADI_LISTED, NADI_TARGET]
TARGETS = [lao for lao in LAOS if not lao.website]


def page(title: str, h1: str = "", body: str = "", charset: str = "utf-8") -> bytes:
    html = (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><h1>{h1}</h1><p>{body}</p></body></html>"
    )
    return html.encode(charset)


SITES: dict[str, bytes] = {
    # Udon's อบต.หนองบัว holds the plain name; Khon Kaen's uses the province abbreviation
    "www.nongbua.go.th": page("องค์การบริหารส่วนตำบลหนองบัว", body="องค์การบริหารส่วนตำบลหนองบัว อำเภอเมืองอุดรธานี จังหวัดอุดรธานี"),
    # Khon Kaen's: the plain host above names Udon's, and this decoy names Khon Kaen on another line
    "www.nongbuasao.go.th": page("อบต.หนองบัว", body="อบต.หนองบัว จ.อุดรธานี</p><p>ขอนแก่น"),
    "nongbua-kk.go.th": page("หน้าแรก", h1="อบต.หนองบัว", body="อบต.หนองบัว อ.เมืองขอนแก่น จ.ขอนแก่น"),
    # decoys for เทศบาลตำบลคลองพน: a longer name, then the right name with the wrong type
    "www.khlongphon.go.th": page("เทศบาลตำบลคลองพนพัฒนา", body="จังหวัดกระบี่"),
    "www.khlongphoncity.go.th": page("อบต.คลองพน", body="จังหวัดกระบี่"),
    # the right LAO, TIS-620 encoded, a space between type and name
    "www.dinchi.go.th": page("อบต. ดินจี่", h1="ยินดีต้อนรับ", charset="tis-620"),
    # a parked host answering for ดอนแก้ว: names nobody
    "www.donkaeo.go.th": page("It works!"),
    # names Udon's อบต.นาดี, but the host is already Khon Kaen's อบต.นาดี in the list
    "www.nadi.go.th": page("อบต.นาดี", body="อบต.นาดี จังหวัดอุดรธานี"),
}


class ProxyHandler(BaseHTTPRequestHandler):
    """Answers absolute-form proxy requests (and Host-header requests) from SITES."""

    def do_GET(self) -> None:
        host = urlsplit(self.path).hostname or self.headers.get("Host", "").split(":")[0]
        body = SITES.get(host)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def proxy_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ProxyHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def found(proxy_url: str) -> dict[str, str]:
    fetch = http_fetcher(proxy_url, "x4watch-test", timeout=5, allow_loopback=True)
    return {d.code: d.website for d in discover(LAOS, TARGETS, fetch, workers=4)}


def test_discovery_precision_is_one_and_finds_the_named_sites(found: dict[str, str]) -> None:
    truth = {
        NONGBUA_UD.code: "http://www.nongbua.go.th/",
        NONGBUA_KK.code: "http://nongbua-kk.go.th/",
        DINCHI.code: "http://www.dinchi.go.th/",
    }
    correct = sum(1 for code, site in found.items() if truth.get(code) == site)
    assert found and correct / len(found) == 1.0
    assert found == truth


@pytest.mark.parametrize("decoy_target", [KHLONGPHON, SAIKHAO, NADI_TARGET])
def test_sites_naming_another_lao_or_nobody_or_already_listed_are_refused(
    found: dict[str, str], decoy_target: Lao
) -> None:
    assert decoy_target.code not in found


def test_discovered_sites_are_recorded_with_their_source(found: dict[str, str]) -> None:
    discoveries = [Discovery(code, website, "") for code, website in found.items()]
    updated = {lao.code: lao for lao in apply_discoveries(LAOS, discoveries)}
    assert updated[DINCHI.code].website == "http://www.dinchi.go.th/"
    assert updated[DINCHI.code].url_source is UrlSource.DISCOVERED
    assert updated[KHLONGPHON.code].url_source is UrlSource.NONE


def test_candidates_follow_the_usual_host_patterns() -> None:
    hosts = candidate_hosts(NONGBUA_KK)
    for expected in (
        "www.nongbua.go.th",
        "nongbua.go.th",
        "www.nongbuasao.go.th",
        "www.tambonnongbua.go.th",
        "nongbua-kk.go.th",
    ):
        assert expected in hosts
    assert "www.khlongphoncity.go.th" in candidate_hosts(KHLONGPHON)
    assert "www.krabipao.go.th" in candidate_hosts(make_lao("2810101", LaoType.PAO, "กระบี่", KRABI, ""))


def test_romanization_is_royin_and_host_safe() -> None:
    assert romanized("หนองบัว")[0] == "nongbua"
    assert all(n.replace("-", "").isalnum() and n.isascii() for n in romanized("กม.5"))


def test_an_email_at_the_laos_own_domain_is_a_candidate() -> None:
    lao = replace(DINCHI, url_raw="saraban@dinchi-sao.go.th")
    assert candidate_hosts(lao)[:2] == ["www.dinchi-sao.go.th", "dinchi-sao.go.th"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("องค์การบริหารส่วนตำบลหนองบัว", True),
        ("อบต.หนองบัว - หน้าแรก", True),
        ("อบต. หนองบัว", True),
        ("อบต.หนองบัวแดง", False),
        ("เทศบาลตำบลหนองบัว", False),
        ("หนองบัว", False),
    ],
)
def test_the_title_must_name_type_and_whole_name(title: str, expected: bool) -> None:
    heads, blocks = page_texts(page(title).decode())
    assert names_lao(heads, blocks, NONGBUA_KK, []) is expected


def test_the_places_must_be_on_the_same_line_as_the_name() -> None:
    same_line = page("อบต.หนองบัว", body="อบต.หนองบัว จังหวัดขอนแก่น").decode()
    other_line = page("อบต.หนองบัว", body="อบต.หนองบัว</p><p>จังหวัดขอนแก่น").decode()
    assert names_lao(*page_texts(same_line), NONGBUA_KK, ["ขอนแก่น"])
    assert not names_lao(*page_texts(other_line), NONGBUA_KK, ["ขอนแก่น"])


def test_namesakes_require_the_province_and_in_the_same_province_the_district() -> None:
    twin = replace(NONGBUA_KK, code="6400999", district="บ้านฝาง")
    assert distinguishing_places(NONGBUA_KK, [NONGBUA_KK]) == []
    assert distinguishing_places(NONGBUA_KK, [NONGBUA_KK, NONGBUA_UD]) == ["ขอนแก่น"]
    assert distinguishing_places(NONGBUA_KK, [NONGBUA_KK, twin]) == ["ขอนแก่น", "เมืองขอนแก่น"]


def test_a_site_claimed_by_two_laos_or_already_listed_is_dropped() -> None:
    claims = [Discovery("1", "http://www.a.go.th/", ""), Discovery("2", "http://a.go.th/", "")]
    claims.append(Discovery("3", "http://b.go.th/", ""))
    claims.append(Discovery("4", "http://c.go.th/", ""))
    assert without_conflicts(claims, taken={"c.go.th"}) == [claims[2]]


def _listed(lao: Lao, host: str) -> Lao:
    return replace(lao, website=f"http://{host}/", url_source=UrlSource.REGISTRY)


def _roman(name: str) -> str:
    return romanized(name)[0]


NONSUNG_UD = make_lao("6410192", LaoType.SAO, "โนนสูง", UDON, "เมืองอุดรธานี")
NONSUNG_KORAT = make_lao("6300192", LaoType.SAO, "โนนสูง", ("30", "นครราชสีมา"), "โนนสูง")
BANPHAI = make_lao("4400193", LaoType.TOWN, "บ้านไผ่", KHON_KAEN, "บ้านไผ่")
KRABI_PAO = make_lao("2810101", LaoType.PAO, "กระบี่", KRABI, "เมืองกระบี่")
SIMWEB_POSITIVES = {
    NONGBUA_KK: "nongbua-kk.go.th",
    DINCHI: f"www.{_roman('ดินจี่')}.go.th",
    KHLONGPHON: f"www.{_roman('คลองพน')}city.go.th",
    NADI_TARGET: f"www.{_roman('นาดี')}sao.go.th",
    NONSUNG_UD: f"www.tambon{_roman('โนนสูง')}.go.th",
    BANPHAI: f"www.{_roman('บ้านไผ่')}city.go.th",
    KRABI_PAO: "www.krabipao.go.th",
}
NONGBUA_TESSABAN = make_lao("5400194", LaoType.SUBDISTRICT_MUNICIPALITY, "หนองบัว", KHON_KAEN, "เมืองขอนแก่น")
SIMWEB_DECOYS = {
    # same name, another type, at the host the SAO tries first
    NONGBUA_TESSABAN: "www.nongbua.go.th",
    # a longer name that starts with the target's
    make_lao("6410195", LaoType.SAO, "นาดีใต้", UDON, "เมืองอุดรธานี"): f"www.{_roman('นาดี')}.go.th",
    # the namesake in another province
    NONSUNG_KORAT: f"www.{_roman('โนนสูง')}.go.th",
    # an SAO with the town's name, at the host the town tries first
    make_lao("6400196", LaoType.SAO, "บ้านไผ่", KHON_KAEN, "บ้านไผ่"): f"www.{_roman('บ้านไผ่')}.go.th",
}


@pytest.mark.timeout(120)
def test_discovery_on_simweb_sites_with_their_urls_removed_has_precision_one(tmp_path: Path) -> None:
    """simweb serves the real-looking CMS pages; the seed rows handed to discovery have no URL."""
    simweb = pytest.importorskip("simweb.web")
    served = [_listed(lao, host) for lao, host in {**SIMWEB_POSITIVES, **SIMWEB_DECOYS}.items()]
    targets = list(SIMWEB_POSITIVES)
    everyone = [*targets, NONGBUA_UD, *SIMWEB_DECOYS]
    with simweb.SimWeb(served, sites=len(served), seed=3, cache_dir=tmp_path) as web:
        fetch = http_fetcher(web.proxy_url, "x4watch-test", timeout=5, allow_loopback=True)
        found = {d.code: d.website for d in discover(everyone, targets, fetch, workers=4)}
    truth = {lao.code: f"http://{host}/" for lao, host in SIMWEB_POSITIVES.items()}
    assert found, "nothing discovered at all"
    wrong = {code: site for code, site in found.items() if truth[code] != site}
    assert wrong == {}  # precision 1.0
    assert found == truth  # recall 1.0 too: seed 3 puts no 'dead' fault on these 11 sites


def test_x4watch_seeds_discover_updates_the_list_through_the_configured_proxy(
    proxy_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from seeds.dla import write_laos
    from seeds.load import load_laos
    from service.cli import main

    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.setenv("X4WATCH_CRAWL_PROXY", proxy_url)
    monkeypatch.setenv("X4WATCH_CRAWL_ALLOW_LOOPBACK", "true")  # test mode: the names exist behind the proxy only
    listed = tmp_path / "laos.csv"
    write_laos(LAOS, listed)
    assert main(["seeds", "discover", "--list", str(listed), "--limit", "4", "--timeout", "5"]) == 0
    assert "4 LAOs without a website probed, 0 hosts listed by the sources, 3 sites found" in capsys.readouterr().out
    after = {lao.code: lao for lao in load_laos(listed)}
    assert after[DINCHI.code].url_source is UrlSource.DISCOVERED
    assert after[DINCHI.code].website == "http://www.dinchi.go.th/"
    assert after[KHLONGPHON.code].website == ""
