"""The simulated web over real HTTP on loopback: proxy and Host routing, keep-alive, validators, faults."""

from __future__ import annotations

import http.client

from simweb import SimWeb
from simweb.server import TRUTH_PATH
from simweb.testing import TEST_KEY


def fetch(web: SimWeb, url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET through the simweb proxy (absolute-form request line)."""
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=5)
    try:
        conn.request("GET", url, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def clean_site(web: SimWeb):  # type: ignore[no-untyped-def]
    return next(s for s in web.sites if not s.faults and not s.needs_js and s.encoding == "utf-8")


def test_home_page_is_served_through_the_proxy_in_thai(simweb_server: SimWeb) -> None:
    site = clean_site(simweb_server)
    status, headers, body = fetch(simweb_server, site.home_url)
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "หน้าหลัก" in body.decode() and "ข่าวประชาสัมพันธ์" in body.decode()


def test_host_header_routes_an_origin_form_request(simweb_server: SimWeb) -> None:
    site = clean_site(simweb_server)
    conn = http.client.HTTPConnection("127.0.0.1", simweb_server.port, timeout=5)
    conn.request("GET", "/robots.txt", headers={"Host": site.host})
    response = conn.getresponse()
    assert response.status == 200
    assert b"User-agent: *" in response.read()


def test_unknown_host_is_a_bad_gateway_and_counted_as_off_site(simweb_server: SimWeb) -> None:
    before = simweb_server.counters.offsite.get("www.facebook.com", 0)
    status, _, _ = fetch(simweb_server, "http://www.facebook.com/somewhere")
    assert status == 502
    assert simweb_server.counters.offsite["www.facebook.com"] == before + 1


def test_truth_endpoint_lists_leaking_urls_with_fingerprints(simweb_server: SimWeb) -> None:
    status, _, body = fetch(simweb_server, f"http://anything.example{TRUTH_PATH}")
    assert status == 200
    import json

    truth = json.loads(body)
    leaking = [d for d in truth["documents"] if d["leaks"]]
    assert leaking
    assert truth == simweb_server.truth(TEST_KEY).to_json()
