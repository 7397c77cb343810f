"""A hostile site aims the crawler at a private server: nothing reaches it, from Scrapy or Chromium,
and nothing of it lands in the store (issue 15 §1, §2). See ``hostile.py`` for the pages."""

from __future__ import annotations

import dataclasses
import http.client
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import INTERNAL_ID, PRIVATE_HOST, PUBLIC_ID, RENDERED_ID, HostileSite, PrivateListener, hostile_web
from sweeptools import new_store

from bench.crawl import sweep_config
from core.guard import Guard
from core.pinned_http import GuardRefused, guarded_opener
from crawler.sweep import run_sweep
from detectors.fingerprint import fingerprint
from simweb.laos import synthetic_laos
from simweb.tls import server_contexts
from testkit.score import found_leaks

HERE = Path(__file__).parent


@pytest.fixture
def web() -> Iterator[tuple[HostileSite, PrivateListener]]:
    with hostile_web() as pair:
        yield pair


def sweep(home: Path, url: str, *, playwright: bool, allow_loopback: bool = True) -> tuple[Any, Any, Any]:
    cfg = sweep_config(home, "", playwright=playwright)
    cfg = dataclasses.replace(cfg, crawl=dataclasses.replace(cfg.crawl, allow_loopback=allow_loopback))
    cfg.store.secret = "hostile-tests"
    lao = dataclasses.replace(synthetic_laos(1)[0], website=url)
    store = new_store(cfg, [lao])
    return cfg, store, run_sweep(cfg, [lao], store=store)


def found_ids(cfg: Any, store: Any) -> dict[str, bool]:
    """Which of the synthetic IDs the store holds a finding of (by name: a failure never prints one)."""
    found = {fp for pairs in found_leaks(store).values() for _, fp in pairs}
    key = cfg.secret_key()
    numbers = {"public": PUBLIC_ID, "rendered": RENDERED_ID, "internal": INTERNAL_ID}
    return {name: fingerprint(number, key) in found for name, number in numbers.items()}


def stored_urls(store: Any, lao_code: str) -> list[str]:
    return [str(url) for url in store.lao_documents(lao_code)["url"]]


def test_the_private_listener_counts_what_reaches_it(web: tuple[HostileSite, PrivateListener]) -> None:
    _, private = web
    conn = http.client.HTTPConnection(PRIVATE_HOST, private.port, timeout=5)
    conn.request("GET", "/x")
    answered = INTERNAL_ID in conn.getresponse().read().decode()  # a flag: a failing assert prints no number
    assert answered
    conn.close()
    assert private.connections == 1


def test_scrapy_follows_no_redirect_to_the_private_listener_in_any_spelling(
    web: tuple[HostileSite, PrivateListener], tmp_path: Path
) -> None:
    site, private = web
    cfg, store, summary = sweep(tmp_path, f"http://127.0.0.1:{site.port}/", playwright=False)
    assert private.connections == 0, private.paths
    assert found_ids(cfg, store) == {"public": True, "rendered": False, "internal": False}  # the site was crawled
    errors = store.sweep_errors(summary.sweep_id)
    refused = set(errors[errors["error_type"] == "ssrf"]["url"])
    assert len(refused) == 6, errors[["url", "error_type", "reason"]].to_dict("records")


def test_outside_test_mode_even_the_loopback_site_is_refused(
    web: tuple[HostileSite, PrivateListener], tmp_path: Path
) -> None:
    site, private = web
    _, store, summary = sweep(tmp_path, f"http://127.0.0.1:{site.port}/", playwright=False, allow_loopback=False)
    assert site.connections == 0 and private.connections == 0
    assert set(store.sweep_errors(summary.sweep_id)["error_type"]) == {"ssrf"}


@pytest.mark.browser
def test_no_browser_request_reaches_the_private_listener_and_its_text_never_lands_in_the_store(
    web: tuple[HostileSite, PrivateListener], tmp_path: Path
) -> None:
    site, private = web
    cfg, store, _ = sweep(tmp_path, f"http://127.0.0.1:{site.port}/", playwright=True)
    assert private.connections == 0, private.paths
    # the listing was rendered and its same-site link followed; nothing of the internal page was read
    assert found_ids(cfg, store) == {"public": True, "rendered": True, "internal": False}
    assert not [url for url in stored_urls(store, synthetic_laos(1)[0].code) if PRIVATE_HOST in url]
    assert "/sw.js" not in site.paths  # service workers are blocked before their script is asked for


@pytest.mark.parametrize("browser", [False, pytest.param(True, marks=pytest.mark.browser)])
def test_a_rebinding_name_is_connected_only_at_the_address_the_guard_approved(
    web: tuple[HostileSite, PrivateListener], tmp_path: Path, browser: bool
) -> None:
    """rebind.test answers 127.0.0.1 (allowed in test mode) the first time, 127.0.0.2 after: Scrapy
    (and, with the browser, every request of the rendered listing) goes on connecting to the first
    answer."""
    site, private = web
    command = [sys.executable, str(HERE / "rebinding_crawl.py"), str(tmp_path), str(site.port)]
    run = subprocess.run([*command, *(["--browser"] if browser else [])], capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert private.connections == 0, private.paths
    assert site.connections > 0 and result["public"] and not result["internal"]
    assert result["rendered"] == browser  # only the rendered listing links that document


def test_the_guarded_urllib_opener_follows_no_redirect_inside(web: tuple[HostileSite, PrivateListener]) -> None:
    """What ``seeds discover`` needs: urllib under the same guard."""
    site, private = web
    opener = guarded_opener(Guard.for_crawl(allow_loopback=True, proxy=""))
    for hop in range(6):
        with pytest.raises(GuardRefused):
            opener.open(f"http://127.0.0.1:{site.port}/go/{hop}", timeout=5)
    with opener.open(f"http://127.0.0.1:{site.port}/docs/public.txt", timeout=5) as response:
        served = PUBLIC_ID in response.read().decode()  # a flag: a failing assert prints no number
        assert served
    assert private.connections == 0, private.paths


def test_the_guarded_urllib_opener_connects_to_the_approved_address(web: tuple[HostileSite, PrivateListener]) -> None:
    site, private = web
    answers = iter([["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]])
    opener = guarded_opener(Guard(allow_loopback=True, lookup=lambda host: next(answers)))
    for _ in range(2):
        with opener.open(f"http://rebind.test:{site.port}/docs/public.txt", timeout=5) as response:
            served = PUBLIC_ID in response.read().decode()  # a flag: a failing assert prints no number
            assert served
    assert private.connections == 0 and site.connections == 2


def test_the_legacy_tls_fallback_connects_only_at_the_address_the_guard_approved(tmp_path: Path) -> None:
    """The same rebinding name over HTTPS, the site speaking TLS 1.0 only: the modern handshake
    fails at 127.0.0.1, and the legacy one is made at 127.0.0.1 again, never at 127.0.0.2, where the
    private listener would answer it."""
    legacy = server_contexts({"legacy_tls": ["rebind.test"]})["legacy_tls"]
    with hostile_web(tls=legacy) as (site, private):
        command = [sys.executable, str(HERE / "rebinding_crawl.py"), str(tmp_path), str(site.port), "--https"]
        run = subprocess.run(command, capture_output=True, text=True, timeout=240)
        assert run.returncode == 0, run.stderr[-3000:]
        result = json.loads(run.stdout.strip().splitlines()[-1])
        assert private.connections == 0, private.paths
        assert site.connections > 1 and result["public"] and not result["internal"]  # read through the fallback
