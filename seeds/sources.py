"""Sources that enumerate hosts instead of guessing them; each is a setting, off by default.

Guessing tops out near two LAOs in three. The rest are found where hosts are listed:

- **Certificate Transparency**: every certificate issued for a ``*.go.th`` name is logged; a
  crt.sh-style JSON query (``?q=%.go.th&output=json``) lists their names.
- **Web-archive host indexes**: the Wayback Machine's CDX API and a Common Crawl index, queried by
  domain (``url=*.go.th``), list URLs they archived.
- **Provincial offices** (สถจ.): each province's local-administration office links the LAOs of its
  province; the page's links are read.
- **A search-engine API** (optional, with a key), queried with an LAO's Thai name and province.

A source only proposes hosts. Every host is then probed and accepted only by the page test of
``seeds.discover`` (the page names the LAO, namesakes told apart, no site given to two LAOs), so a
source may be noisy without ever assigning a wrong site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import geothai
import lxml.html

from core.config import DiscoverySettings
from seeds.model import Lao

Get = Callable[[str], bytes | None]
"""GET a URL and return its body (``None`` on any failure): guarded, polite, size-capped."""

LAO_HOST = re.compile(r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.go\.th$")
"""What an LAO's own host looks like: one label under go.th, with or without ``www.``."""


def lao_host(name: str) -> str:
    """The host of a URL or name that may be an LAO's site (``x.go.th``, ``www.x.go.th``); '' otherwise.
    Kept as listed: a site may answer on only one of the two forms."""
    name = name.strip().lower().removeprefix("*.")
    host = (urlsplit(name).hostname or "") if "//" in name else name.split("/")[0].split(":")[0]
    return host if LAO_HOST.match(host) else ""


def hosts_in(names: Iterable[str]) -> set[str]:
    return {host for host in (lao_host(n) for n in names) if host}


def certificate_hosts(get: Get, base_url: str, domain: str = "go.th") -> set[str]:
    """Names of the certificates logged for ``*.domain`` (crt.sh JSON: ``name_value`` holds the
    names, one a line; ``common_name`` one more)."""
    body = get(f"{base_url.rstrip('/')}/?q={quote('%.' + domain)}&output=json")
    rows = _json(body)
    if not isinstance(rows, list):
        return set()
    names = (
        name
        for row in rows
        if isinstance(row, dict)
        for field in ("name_value", "common_name")
        for name in str(row.get(field, "")).splitlines()
    )
    return hosts_in(names)


def wayback_hosts(get: Get, cdx_url: str, domain: str = "go.th", limit: int = 100_000) -> set[str]:
    """Hosts of the URLs the Wayback CDX API archived under ``domain`` (JSON rows after a header)."""
    body = get(f"{cdx_url}?url=*.{domain}&output=json&fl=original&collapse=urlkey&limit={limit}")
    rows = _json(body)
    if not isinstance(rows, list):
        return set()
    return hosts_in(str(row[0]) for row in rows[1:] if isinstance(row, list) and row)


def commoncrawl_hosts(get: Get, index_url: str, domain: str = "go.th", limit: int = 100_000) -> set[str]:
    """Hosts of the URLs a Common Crawl index holds under ``domain`` (one JSON object a line)."""
    body = get(f"{index_url}?url=*.{domain}&output=json&fl=url&limit={limit}")
    if not body:
        return set()
    urls = (_json(line) for line in body.splitlines() if line.strip())
    return hosts_in(str(u.get("url", "")) for u in urls if isinstance(u, dict))


def office_url(pattern: str, province_code: str) -> str:
    """A provincial office's URL from ``pattern`` (``{province}``: the compact English name)."""
    province = geothai.province(province_code)
    name = "".join(province.name_en.lower().split()) if province else province_code
    return pattern.replace("{province}", name)


def office_hosts(get: Get, url: str) -> set[str]:
    """Hosts the provincial office's page links to (the LAOs of its province, and the rest)."""
    body = get(url)
    if not body:
        return set()
    try:
        doc = lxml.html.fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return set()
    return hosts_in(urljoin(url, href) for href in doc.xpath("//a/@href"))


def search_hosts(get: Get, url_pattern: str, key: str, lao: Lao) -> set[str]:
    """Hosts a search API answers for the LAO's Thai name and province. ``url_pattern`` holds
    ``{q}`` and ``{key}``; every URL anywhere in the JSON answer counts (Bing: webPages.value[].url,
    Google: items[].link)."""
    query = quote(f"{lao.display_name} {lao.province}")
    body = get(url_pattern.replace("{q}", query).replace("{key}", quote(key)))
    return hosts_in(_strings(_json(body)))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _json(body: bytes | None) -> object:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


@dataclass(frozen=True, slots=True)
class Found:
    """A host a source listed, and which source (kept to say where a discovery came from)."""

    host: str
    source: str


def enumerate_hosts(settings: DiscoverySettings, get: Get, targets: Sequence[Lao]) -> list[Found]:
    """Every host the enabled sources list, first source first, each once, at most ``max_hosts``."""
    found: dict[str, str] = {}

    def add(hosts: Iterable[str], source: str) -> None:
        for host in sorted(hosts):
            found.setdefault(host, source)

    if settings.certificates:
        add(certificate_hosts(get, settings.certificates_url), "certificates")
    if settings.wayback:
        add(wayback_hosts(get, settings.wayback_url), "wayback")
    if settings.commoncrawl:
        add(commoncrawl_hosts(get, settings.commoncrawl_url), "commoncrawl")
    if settings.province_offices:
        for code in sorted({lao.province_code for lao in targets}):
            add(office_hosts(get, office_url(settings.province_office_url, code)), "province_office")
    if settings.search_url and settings.search_key:
        for lao in targets[: settings.search_max_queries]:
            add(search_hosts(get, settings.search_url, settings.search_key, lao), "search")
    return [Found(host, source) for host, source in list(found.items())[: settings.max_hosts]]
