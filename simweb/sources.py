"""Simulated discovery sources: a CT log, two archive indexes, provincial office pages and a search
API, each listing some of the simulated LAO sites among decoys.

Every served site is listed by at least one source, most by one or two, so that discovery reaches
all of them only by combining sources. The decoys are hosts no target may be given: parked pages,
pages naming a longer name or another type that no LAO has, and a namesake's page naming a
province where no such LAO exists. The sites of LAOs already listed are listed too (taken), and
so are mail and other non-site names, the way a real CT log lists them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from urllib.parse import parse_qs

import geothai

from core.config import DiscoverySettings
from seeds.model import Lao, LaoType
from simweb.server import Request, Response, text_response

CT_HOST = "crt.sim"
WAYBACK_HOST = "web.archive.sim"
COMMONCRAWL_HOST = "index.commoncrawl.sim"
SEARCH_HOST = "search.sim"
SEARCH_KEY = "sim-search-key"
SOURCES = ("certificates", "wayback", "commoncrawl", "province_office", "search")
SHARE = {"certificates": 0.45, "wayback": 0.3, "commoncrawl": 0.3, "province_office": 0.35, "search": 0.3}
"""The chance a site is listed by each source (a site no source drew goes to one at random)."""

Handler = Callable[[Request], Response]


@dataclass
class SimSources:
    """Which source lists which host, the decoy pages, and the handlers that serve them."""

    sites: Sequence[tuple[Lao, str]]
    everyone: Sequence[Lao]
    seed: int
    listed: dict[str, list[str]] = field(default_factory=dict)
    decoys: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        self.listed = {source: [] for source in SOURCES}
        for _, host in self.sites:
            chosen = [s for s in SOURCES if rng.random() < SHARE[s]] or [rng.choice(SOURCES)]
            for source in chosen:
                self.listed[source].append(host)
        self.decoys = decoy_pages(self.sites, self.everyone, rng)
        for host in self.decoys:
            for source in rng.sample(SOURCES, 2):
                self.listed[source].append(host)

    def settings(self) -> DiscoverySettings:
        """Discovery settings with every source on, pointed at the simulated endpoints."""
        return DiscoverySettings(
            certificates=True,
            certificates_url=f"http://{CT_HOST}/",
            wayback=True,
            wayback_url=f"http://{WAYBACK_HOST}/cdx/search/cdx",
            commoncrawl=True,
            commoncrawl_url=f"http://{COMMONCRAWL_HOST}/CC-MAIN-SIM-index",
            province_offices=True,
            search_url=f"http://{SEARCH_HOST}/search?q={{q}}&key={{key}}",
            search_key=SEARCH_KEY,
        )

    def services(self) -> dict[str, Handler]:
        """Host → handler, for ``SimWeb(services=...)``."""
        served: dict[str, Handler] = {
            CT_HOST: self._certificates,
            WAYBACK_HOST: self._wayback,
            COMMONCRAWL_HOST: self._commoncrawl,
            SEARCH_HOST: self._search,
        }
        for code in {lao.province_code for lao, _ in self.sites}:
            served[office_host(code)] = self._office
        for host, html in self.decoys.items():
            served[host] = _page_handler(html)
        return served

    def _certificates(self, request: Request) -> Response:
        if parse_qs(request.query).get("q") != ["%.go.th"]:
            return _json([])
        rows = [
            {"common_name": host, "name_value": f"{host.removeprefix('www.')}\n{host}"}
            for host in self.listed["certificates"]
        ]
        rows += [
            {"common_name": f"mail.{h.removeprefix('www.')}", "name_value": f"*.{h.removeprefix('www.')}"}
            for h in self.listed["certificates"][:5]
        ]
        return _json(rows)

    def _wayback(self, request: Request) -> Response:
        if request.path != "/cdx/search/cdx":
            return text_response(404, "not found\n")
        rows: list[list[str]] = [["original"]]
        rows += [[f"http://{host}:80/index.php?option=com_content"] for host in self.listed["wayback"]]
        return _json(rows)

    def _commoncrawl(self, request: Request) -> Response:
        if request.path != "/CC-MAIN-SIM-index":
            return text_response(404, "not found\n")
        lines = [json.dumps({"url": f"https://{host}/news/1.html"}) for host in self.listed["commoncrawl"]]
        return Response(200, [("Content-Type", "text/x-ndjson")], "\n".join(lines).encode())

    def _office(self, request: Request) -> Response:
        wanted = {host for host in self.listed["province_office"]}
        links = [
            f'<li><a href="http://{host}/">{escape(lao.display_name)}</a></li>'
            for lao, host in self.sites
            if host in wanted and office_host(lao.province_code) == request.host
        ]
        links += [f'<li><a href="http://{host}/">เว็บไซต์</a></li>' for host in self.decoys if host in wanted]
        html = (
            '<html><head><meta charset="utf-8"><title>สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด</title></head>'
            f'<body><ul>{"".join(links)}</ul><a href="http://www.dla.go.th/">สถ.</a></body></html>'
        )
        return Response(200, [("Content-Type", "text/html; charset=utf-8")], html.encode())

    def _search(self, request: Request) -> Response:
        query = parse_qs(request.query)
        if query.get("key") != [SEARCH_KEY]:
            return text_response(403, "bad key\n")
        q = (query.get("q") or [""])[0]
        items = [
            {"link": f"http://{host}/", "title": lao.display_name}
            for lao, host in self.sites
            if host in self.listed["search"] and lao.display_name in q and lao.province in q
        ]
        items.append({"link": "https://www.facebook.com/groups/local", "title": q})
        items += [{"link": f"http://{host}/"} for host in self.listed["search"] if host in self.decoys][:2]
        return _json({"items": items})


def office_host(province_code: str) -> str:
    """The simulated provincial office's host, as the default ``discovery.province_office_url`` names it."""
    province = geothai.province(province_code)
    name = "".join(province.name_en.lower().split()) if province else province_code
    return f"www.{name}local.go.th"


def decoy_pages(sites: Sequence[tuple[Lao, str]], everyone: Sequence[Lao], rng: random.Random) -> dict[str, str]:
    """Host → page of pages no target may be given (see the module docstring)."""
    existing = {(lao.type, lao.name) for lao in everyone}
    by_key: dict[tuple[LaoType, str], set[str]] = {}
    for lao in everyone:
        by_key.setdefault((lao.type, lao.name), set()).add(lao.province)
    pages: dict[str, str] = {}
    for i, (lao, host) in enumerate(sites):
        label = host.removeprefix("www.").split(".")[0]
        kind = i % 4
        if kind == 0:
            pages[f"www.{label}-parked.go.th"] = _html("It works!", "")
        elif kind == 1 and (lao.type, lao.name + "พัฒนา") not in existing:
            pages[f"www.{label}pattana.go.th"] = _html(
                f"{lao.display_name}พัฒนา", f"{lao.display_name}พัฒนา จังหวัด{lao.province}"
            )
        elif kind == 2 and lao.type is LaoType.SAO and (LaoType.TOWN, lao.name) not in existing:
            pages[f"www.{label}-town.go.th"] = _html(
                f"เทศบาลเมือง{lao.name}", f"เทศบาลเมือง{lao.name} จังหวัด{lao.province}"
            )
        elif kind == 3 and len(by_key[(lao.type, lao.name)]) > 1:
            other = rng.choice([p for p in ("ภูเก็ต", "ระนอง", "สตูล", "ตราด") if p not in by_key[(lao.type, lao.name)]])
            pages[f"www.{label}-{i}.go.th"] = _html(lao.display_name, f"{lao.display_name} จังหวัด{other}")
    return pages


def _html(title: str, footer: str) -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><h1>{escape(title)}</h1><p>{escape(footer)}</p></body></html>"
    )


def _page_handler(html: str) -> Handler:
    def serve(request: Request) -> Response:
        return Response(200, [("Content-Type", "text/html; charset=utf-8")], html.encode())

    return serve


def _json(value: object) -> Response:
    return Response(200, [("Content-Type", "application/json")], json.dumps(value, ensure_ascii=False).encode())
