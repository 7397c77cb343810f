"""simweb's HTTPS sites (reached by CONNECT through its proxy) and its spam-injected site."""

from __future__ import annotations

import http.client
import ssl
import warnings

import pytest

from simweb import SimWeb, spam
from simweb.testing import TEST_KEY, fetch, links


def site(web: SimWeb, fault: str) -> str:
    return next(s.host for s in web.sites if fault in s.faults)


def client(*, legacy: bool) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    if legacy:
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
    return context


def get_home(web: SimWeb, host: str, context: ssl.SSLContext) -> tuple[str, int]:
    """(TLS version, status) of the site's home page through a CONNECT tunnel."""
    conn = http.client.HTTPSConnection("127.0.0.1", web.port, timeout=10, context=context)
    conn.set_tunnel(host, 443)
    try:
        conn.request("GET", "/")
        status = conn.getresponse().status
        assert conn.sock is not None
        return str(conn.sock.version()), status  # type: ignore[attr-defined]
    finally:
        conn.close()


def test_the_legacy_site_speaks_tls_1_0_only_and_the_system_openssl_serves_it(simweb_server: SimWeb) -> None:
    host = site(simweb_server, "legacy_tls")
    assert get_home(simweb_server, host, client(legacy=True)) == ("TLSv1", 200)
    with pytest.raises(ssl.SSLError):
        get_home(simweb_server, host, client(legacy=False))


def test_the_modern_site_speaks_tls_1_2_and_up(simweb_server: SimWeb) -> None:
    version, status = get_home(simweb_server, site(simweb_server, "modern_tls"), client(legacy=False))
    assert status == 200 and version in ("TLSv1.2", "TLSv1.3")


def test_a_plain_site_has_no_tunnel(simweb_server: SimWeb) -> None:
    plain = simweb_server.sites[0].host
    with pytest.raises(OSError):
        get_home(simweb_server, plain, client(legacy=True))


def test_the_spam_truth_is_what_the_hidden_block_leads_to(simweb_server: SimWeb) -> None:
    host = site(simweb_server, "spam")
    truth = set(simweb_server.truth(TEST_KEY).spam)
    assert len(truth) == spam.SPAM_PAGES and all(f"http://{host}/" in url for url in truth)
    home = f"http://{host}/"
    seen, queue = set(), [url for url in links(fetch(simweb_server, home), home) if url in truth]
    assert queue
    while queue:
        url = queue.pop()
        if url not in seen:
            seen.add(url)
            page = fetch(simweb_server, url)
            text = page.body.decode()
            assert page.status == 200 and ("บาคาร่า" in text or "สล็อต" in text)
            queue += [u for u in links(page, url) if u in truth]
    assert seen == truth, "every injected page is reachable from the hidden block"
    assert f"http://{host}{spam.CLOAKED_PATH}" in links(fetch(simweb_server, home), home)


def test_no_other_site_is_spammed(simweb_server: SimWeb) -> None:
    other = next(s for s in simweb_server.sites if "spam" not in s.faults)
    page = fetch(simweb_server, f"http://{other.host}{spam.spam_path(1)}")
    assert page.status == 404
