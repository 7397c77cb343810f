"""The simulated web over real HTTP on loopback: routing, validators, and every fault as declared."""

from __future__ import annotations

import http.client
import io
import json
import socket
import time
import zipfile
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

import documents
from simweb import SimWeb
from simweb.model import HUGE_BYTES, SITE_FAULTS, SLOW_SECONDS, DocPlan
from simweb.plan import SitePlan
from simweb.server import TRUTH_PATH
from simweb.testing import TEST_KEY, fetch, links, page_text


def site_with(web: SimWeb, fault: str) -> SitePlan:
    index = next(i for i, s in enumerate(web.sites) if fault in s.faults and "dead" not in s.faults)
    return web.world.plan(index)


def fault_doc(plan: SitePlan, fault: str) -> DocPlan:
    return next(d for d in plan.live_docs if d.fault == fault)


def clean_plan(web: SimWeb, **want: object) -> SitePlan:
    for index, spec in enumerate(web.sites):
        disruptive = spec.faults & {"dead", "slow", "redirects", "wrong_type"}
        if (
            not disruptive
            and not spec.needs_js
            and spec.down_from is None
            and all(getattr(spec, k) == v for k, v in want.items())
        ):
            return web.world.plan(index)
    raise LookupError(want)


def test_every_fault_is_on_some_site_of_the_test_web(simweb_server: SimWeb) -> None:
    seen = set().union(*(s.faults for s in simweb_server.sites))
    assert seen == set(SITE_FAULTS)
    assert any(s.needs_js for s in simweb_server.sites)
    assert {s.encoding for s in simweb_server.sites} >= {"utf-8", "tis-620"}


def test_home_page_is_served_through_the_proxy_in_thai(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server, encoding="utf-8")
    page = fetch(simweb_server, plan.spec.home_url)
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    text = page_text(page)
    for menu in ("หน้าหลัก", "ข่าวประชาสัมพันธ์", "ประกาศจัดซื้อจัดจ้าง", "เบี้ยยังชีพ", "ดาวน์โหลดเอกสาร"):
        assert menu in text


def test_tis620_site_sends_tis620_bytes(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server, encoding="tis-620")
    page = fetch(simweb_server, plan.spec.home_url)
    assert page.headers["content-type"] == "text/html; charset=tis-620"
    assert "หน้าหลัก".encode("tis-620") in page.body
    with pytest.raises(UnicodeDecodeError):
        page.body.decode("utf-8")


def test_host_header_routes_an_origin_form_request_on_a_kept_alive_connection(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server)
    conn = http.client.HTTPConnection("127.0.0.1", simweb_server.port, timeout=5)
    for path in ("/robots.txt", "/"):
        conn.request("GET", path, headers={"Host": plan.spec.host})
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Connection") == "keep-alive"
        response.read()
    conn.close()


def test_unknown_host_is_a_bad_gateway_counted_as_off_site(simweb_server: SimWeb) -> None:
    before = simweb_server.counters.offsite.get("www.facebook.com", 0)
    assert fetch(simweb_server, "http://www.facebook.com/somewhere").status == 502
    assert simweb_server.counters.offsite["www.facebook.com"] == before + 1


def test_pages_link_off_site_to_facebook_and_a_neighbour_lao(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server)
    hosts = {urlsplit(u).hostname for u in links(fetch(simweb_server, plan.spec.home_url), plan.spec.home_url)}
    assert "www.facebook.com" in hosts
    assert hosts & {s.host for s in simweb_server.sites} - {plan.spec.host}


def test_truth_endpoint_serves_the_same_truth_as_the_api(simweb_server: SimWeb) -> None:
    page = fetch(simweb_server, f"http://anything.example{TRUTH_PATH}", timeout=60)
    truth = json.loads(page.body)
    assert [d for d in truth["documents"] if d["leaks"]]
    assert truth == simweb_server.truth(TEST_KEY).to_json()


def test_document_has_validators_and_answers_304_when_unchanged(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server)
    doc = next(d for d in plan.live_docs if d.fmt == "pdf")
    first = fetch(simweb_server, plan.doc_url(doc))
    assert first.status == 200 and first.body.startswith(b"%PDF")
    assert first.headers["content-type"] == "application/pdf"
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert fetch(simweb_server, plan.doc_url(doc), headers={"If-None-Match": etag}).status == 304
    assert fetch(simweb_server, plan.doc_url(doc), headers={"If-Modified-Since": modified}).status == 304
    assert fetch(simweb_server, plan.doc_url(doc), headers={"If-None-Match": '"other"'}).status == 200


@pytest.mark.parametrize("style", ["wp", "joomla"])
def test_cached_cms_pages_have_validators_and_answer_304(simweb_server: SimWeb, style: str) -> None:
    plan = clean_plan(simweb_server, style=style)
    doc = next(d for d in plan.live_docs if d.section != "download")
    home = fetch(simweb_server, plan.url("/"))
    assert home.headers["etag"].startswith('W/"') and "last-modified" not in home.headers
    assert fetch(simweb_server, plan.url("/"), headers={"If-None-Match": home.headers["etag"]}).status == 304
    page = fetch(simweb_server, plan.url(plan.detail_path(doc)))
    modified = page.headers["last-modified"]
    assert fetch(simweb_server, plan.url(plan.detail_path(doc)), headers={"If-Modified-Since": modified}).status == 304
    assert fetch(simweb_server, plan.url("/"), headers={"If-None-Match": 'W/"other"'}).status == 200


def test_hand_written_php_pages_send_no_validators(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server, style="php")
    home = fetch(simweb_server, plan.url("/"))
    assert home.status == 200 and "etag" not in home.headers and "last-modified" not in home.headers
    assert (
        fetch(simweb_server, plan.url("/"), headers={"If-Modified-Since": "Sun, 01 Jan 2090 00:00:00 GMT"}).status
        == 200
    )


def test_download_php_links_have_no_extension_and_name_the_file(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server, style="php")
    doc = next(d for d in plan.live_docs if d.fmt not in ("html",) and not d.fault)
    assert "download.php?id=" in plan.doc_url(doc)
    page = fetch(simweb_server, plan.doc_url(doc))
    assert page.headers["content-disposition"].startswith("attachment; filename*=UTF-8''")


def test_slow_site_answers_late(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "slow")
    started = time.monotonic()
    assert fetch(simweb_server, plan.url("/robots.txt")).status == 200
    assert time.monotonic() - started >= SLOW_SECONDS


def test_timeout_document_never_answers(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "timeout")
    with pytest.raises(TimeoutError):
        fetch(simweb_server, plan.doc_url(fault_doc(plan, "timeout")), timeout=0.5)


def test_reset_document_resets_the_connection(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "reset")
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        fetch(simweb_server, plan.doc_url(fault_doc(plan, "reset")))


@pytest.mark.parametrize(("fault", "status"), [("server_error", 503), ("not_found", 404)])
def test_linked_document_answers_an_error(simweb_server: SimWeb, fault: str, status: int) -> None:
    plan = site_with(simweb_server, fault)
    assert fetch(simweb_server, plan.doc_url(fault_doc(plan, fault))).status == status


def test_redirect_chain_leads_home_in_three_hops(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "redirects")
    url, hops = plan.spec.home_url, 0
    page = fetch(simweb_server, url)
    while page.status in (301, 302):
        url, hops = urljoin(url, page.headers["location"]), hops + 1
        page = fetch(simweb_server, url)
    assert (page.status, hops) == (200, 3)
    assert "หน้าหลัก" in page_text(page)


def test_redirect_loop_comes_back_to_its_start(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "redirect_loop")
    first = fetch(simweb_server, plan.url("/eoffice/"))
    second = fetch(simweb_server, first.headers["location"])
    assert second.headers["location"] == plan.url("/eoffice/")


def test_calendar_always_has_a_next_month(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "calendar")
    url = plan.url("/calendar.php?y=2567&m=6")
    for _ in range(15):
        months = [parse_qs(urlsplit(u).query) for u in links(fetch(simweb_server, url), url) if "calendar" in u]
        year, month = max((int(q["y"][0]), int(q["m"][0])) for q in months if "d" not in q)
        url = plan.url(f"/calendar.php?y={year}&m={month}")
    assert (year, month) == (2568, 9)


def test_webboard_links_carry_a_new_session_id_on_every_page(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "session_ids")
    home = fetch(simweb_server, plan.spec.home_url)
    url = next(u for u in links(home, plan.spec.home_url) if "webboard" in u)
    sids = set()
    for _ in range(5):
        url = next(u for u in links(fetch(simweb_server, url), url) if "topic.php" in u)
        sids.add(url.rsplit("sid=", 1)[1])
    assert len(sids) == 5


def test_huge_document_declares_its_size_and_streams(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "huge")
    conn = http.client.HTTPConnection("127.0.0.1", simweb_server.port, timeout=5)
    conn.request("GET", plan.doc_url(fault_doc(plan, "huge")))
    response = conn.getresponse()
    assert int(response.getheader("Content-Length") or 0) == HUGE_BYTES
    assert response.read(1024).startswith(b"%PDF")
    conn.close()


def test_wrong_type_site_serves_a_pdf_as_html(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "wrong_type")
    doc = next(d for d in plan.live_docs if d.fmt == "pdf" and not d.fault)
    page = fetch(simweb_server, plan.doc_url(doc))
    assert page.headers["content-type"] == "text/html" and page.body.startswith(b"%PDF")


def test_corrupt_pdf_yields_no_text(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "corrupt_pdf")
    page = fetch(simweb_server, plan.doc_url(fault_doc(plan, "corrupt_pdf")))
    assert page.body.startswith(b"%PDF")
    parsed = documents.extract(page.body, name="x.pdf")
    assert all(p.status != "ok" or not "".join(pg.text for pg in p.pages).strip() for p in parsed)


def test_zip_bomb_declares_a_huge_member_in_a_small_file(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "zip_bomb")
    page = fetch(simweb_server, plan.doc_url(fault_doc(plan, "zip_bomb")), timeout=30)
    assert len(page.body) < 1_000_000
    (member,) = zipfile.ZipFile(io.BytesIO(page.body)).infolist()
    assert member.file_size >= 256 * 1024 * 1024
    assert all(p.status != "ok" for p in documents.extract(page.body, name="x.zip"))


def test_robots_disallows_the_folder_of_a_leaking_document(simweb_server: SimWeb) -> None:
    plan = site_with(simweb_server, "robots")
    robots = fetch(simweb_server, plan.url("/robots.txt")).body.decode()
    doc = fault_doc(plan, "robots")
    assert "Disallow: /intranet/" in robots
    assert urlsplit(plan.doc_url(doc)).path.startswith("/intranet/")
    truth = {d.url: d for d in simweb_server.truth(TEST_KEY).documents}[plan.doc_url(doc)]
    assert truth.leaks and truth.unreachable == "robots"
    assert plan.doc_url(doc) not in simweb_server.truth(TEST_KEY).expected()
    assert plan.doc_url(doc) in simweb_server.truth(TEST_KEY).expected(obey_robots=False)


def test_dead_host_closes_the_connection_without_answering(simweb_server: SimWeb) -> None:
    spec = next(s for s in simweb_server.sites if "dead" in s.faults)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError, socket.error)):
        fetch(simweb_server, spec.home_url)


def test_http10_request_gets_its_answer_and_a_closed_connection(simweb_server: SimWeb) -> None:
    plan = clean_plan(simweb_server)
    with socket.create_connection(("127.0.0.1", simweb_server.port), timeout=5) as sock:
        sock.sendall(f"GET {plan.url('/robots.txt')} HTTP/1.0\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):  # ends only because the server closes
            received += chunk
    assert received.startswith(b"HTTP/1.1 200 OK") and b"Connection: close" in received
    assert received.rstrip().endswith((b"Disallow: /admin/", b"Disallow: /intranet/"))


def test_garbage_request_gets_400_and_the_server_keeps_serving(simweb_server: SimWeb) -> None:
    with socket.create_connection(("127.0.0.1", simweb_server.port), timeout=5) as sock:
        sock.sendall(b"NONSENSE\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 400 Bad Request")
    assert fetch(simweb_server, clean_plan(simweb_server).spec.home_url).status == 200
