"""pytest plugin (``-p simweb.testing``): one simulated web per test session.

``simweb_server`` serves SITES synthetic sites (seed 1, day 0; every fault appears on at least
one site) from a background thread for the whole session; tests that need another day or seed build
their own ``SimWeb``. ``TEST_KEY`` is the fingerprint key its truth endpoint uses.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin

import pytest

from simweb.laos import synthetic_laos
from simweb.model import SITE_FAULTS
from simweb.web import SimWeb

SITES = max(phase for _, phase in SITE_FAULTS.values()) + 5
SEED = 1
TEST_KEY = b"x4watch-simweb-test-key"


@pytest.fixture(scope="session")
def simweb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimWeb]:
    """A started SimWeb of SITES synthetic sites; ``.proxy_url``, ``.sites``, ``.truth(key)``."""
    cache = tmp_path_factory.mktemp("simweb-cache")
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=SEED, cache_dir=cache, truth_key=TEST_KEY) as web:
        yield web


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


def fetch(web: SimWeb, url: str, *, headers: dict[str, str] | None = None, timeout: float = 5.0) -> Fetched:
    """One GET of ``url`` through the simweb proxy (absolute-form request line), body read whole."""
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=timeout)
    try:
        conn.request("GET", url, headers=headers or {})
        response = conn.getresponse()
        return Fetched(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def page_text(page: Fetched) -> str:
    """The page decoded by its declared charset (header first, then the meta tag), as a browser does."""
    declared = re.search(r"charset=([\w-]+)", page.headers.get("content-type", "")) or re.search(
        rb'charset="?([\w-]+)', page.body[:1024]
    )
    label = declared.group(1) if declared else "utf-8"
    label = label.decode() if isinstance(label, bytes) else label
    return page.body.decode({"windows-874": "cp874"}.get(label.lower(), label))


def links(page: Fetched, base: str) -> list[str]:
    """Absolute URLs of every ``href`` in an HTML page (what a crawler without JavaScript sees)."""
    return [urljoin(base, unescape(href)) for href in re.findall(r'href="([^"]*)"', page_text(page))]
