"""Stopping a sweep: the crawl tree ends with its parent, SIGTERM stops it cleanly, and whatever way
it stopped, the resumed sweep finds what a clean one finds, the JavaScript listing included.

The swept site is simweb's JavaScript site (its listings exist only once Chromium ran their script)
under a one-second politeness delay, so a sweep lasts long enough to be stopped midway.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sweeptools import kill_tree, new_store

from bench.crawl import descendants, sweep_config
from crawler.state import SweepState
from crawler.sweep import run_sweep, start_sweep_process
from simweb import SimWeb
from simweb.laos import synthetic_laos
from testkit.score import found_leaks, simweb_laos

pytestmark = pytest.mark.browser
SITES = 8  # site 7 builds its listings with JavaScript
PARENT = Path(__file__).with_name("sweep_parent.py")


@pytest.fixture(scope="module")
def js_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimWeb]:
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=1, cache_dir=tmp_path_factory.mktemp("stop-web")) as web:
        yield web


@pytest.fixture(scope="module")
def js_laos(js_web: SimWeb) -> list[Any]:
    codes = {s.lao_code for s in js_web.sites if s.needs_js}
    assert codes, "simweb should have a JavaScript site among the first eight"
    return [lao for lao in simweb_laos(js_web) if lao.code in codes]


def js_config(home: Path, web: SimWeb, *, delay: float = 0.0) -> Any:
    cfg = sweep_config(home, web.proxy_url, playwright=True)
    cfg.store.secret = "stop-tests"
    cfg.store.batch_size = 5
    cfg.crawl.delay_seconds = delay
    cfg.crawl.per_host = 1
    return cfg


@pytest.fixture(scope="module")
def clean(js_web: SimWeb, js_laos: list[Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What an uninterrupted sweep of the JavaScript site finds."""
    cfg = js_config(tmp_path_factory.mktemp("clean"), js_web)
    store = new_store(cfg, js_laos)
    run_sweep(cfg, js_laos, store=store)
    found = found_leaks(store)
    rendered = {u for u in found if u in js_web.truth(cfg.secret_key()).needs_js}
    assert rendered, "the clean sweep should find leaks linked only from rendered listings"
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command_names(pids: list[int]) -> list[str]:
    names = []
    for pid in pids:
        try:
            names.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:
            continue
    return names


def start_parent(cfg: Any, laos: list[Any], store: Any, home: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A parent process running the sweep (as ``x4watch crawl`` does); returns it with its process
    tree once Chromium is up (crawl child, forkserver, parse workers, Playwright's driver, Chromium)."""
    job = home / "job.pickle"
    job.write_bytes(pickle.dumps((cfg, laos, str(store.path))))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    log = (home / "parent.log").open("wb")
    parent = subprocess.Popen([sys.executable, str(PARENT), str(job)], stdout=log, stderr=log, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and parent.poll() is None:
        if any("chrom" in name for name in command_names(descendants(parent.pid))):
            return parent, descendants(parent.pid)
        time.sleep(0.2)
    kill_tree(parent.pid)
    raise AssertionError("the sweep never started its browser")


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.2)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:  # leave nothing behind for the next test, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    return left


def unfinished_state(home: Path) -> SweepState:
    folders = sorted((home / "sweeps").iterdir(), key=lambda p: int(p.name))
    return SweepState(folders[-1])


def assert_every_leak_found(web: SimWeb, cfg: Any, laos: list[Any], found: dict[str, Any]) -> None:
    """Every leak simweb publishes on these sites is found, those linked only from rendered listings too."""
    truth = web.truth(cfg.secret_key())
    codes = {lao.code for lao in laos}
    expected = {d.url: d.leaks for d in truth.documents if d.lao_code in codes and d.url in truth.expected(ocr=False)}
    assert set(expected) & truth.needs_js, "the JavaScript site should publish leaks behind its listings"
    assert {url: found.get(url, set()) & leaks for url, leaks in expected.items()} == expected


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_stopping_the_parent_ends_the_whole_crawl_tree_within_seconds(
    sig: signal.Signals, js_web: SimWeb, js_laos: list[Any], tmp_path: Path
) -> None:
    cfg = js_config(tmp_path, js_web, delay=0.5)
    store = new_store(cfg, js_laos)
    parent, tree = start_parent(cfg, js_laos, store, tmp_path)
    assert len(tree) >= 3, command_names(tree)
    os.kill(parent.pid, sig)
    parent.wait(30)
    left = wait_gone(tree, 15)
    assert left == [], f"still running 15 s after the parent was stopped: {command_names(left)}"
    assert not unfinished_state(cfg.home_path).finished, "a stopped sweep must stay resumable"


def test_sigterm_to_the_crawl_process_marks_no_site_done_that_was_cut_short(
    js_web: SimWeb, js_laos: list[Any], tmp_path: Path
) -> None:
    cfg = js_config(tmp_path, js_web, delay=0.3)
    store = new_store(cfg, js_laos)
    process, state, _ = start_sweep_process(cfg, js_laos, store=store)
    process.join(4)
    assert process.is_alive(), "the sweep ended before it could be stopped"
    tree = [process.pid, *descendants(process.pid)]  # type: ignore[list-item]
    process.terminate()
    process.join(30)
    assert wait_gone(tree, 15) == []
    assert not state.finished and state.done() == set()
    assert store.sweeps()["status"].tolist() == ["interrupted"]


def resume_after_kill(cfg: Any, laos: list[Any], store: Any, after: float) -> None:
    """Start the sweep, SIGKILL its whole tree ``after`` seconds in (or once it ended), resume it."""
    process, _, _ = start_sweep_process(cfg, laos, store=store)
    process.join(after)
    if process.is_alive():
        kill_tree(process.pid)  # type: ignore[arg-type]
    process.join()
    run_sweep(cfg, laos, store=store)


@pytest.mark.slow
@pytest.mark.parametrize("after", [2.0, 4.0, 6.0, 8.0, 10.0])
def test_kill_and_resume_finds_what_a_clean_sweep_finds(
    after: float, js_web: SimWeb, js_laos: list[Any], clean: dict[str, Any], tmp_path: Path
) -> None:
    """Five kills spread over the sweep, each resumed, then a full sweep after it (run with
    ``pytest -m slow tests/crawler/test_stop.py``)."""
    cfg = js_config(tmp_path, js_web)
    store = new_store(cfg, js_laos)
    resume_after_kill(cfg, js_laos, store, after=after)
    assert found_leaks(store) == clean
    run_sweep(cfg, js_laos, store=store, resume=False)
    assert found_leaks(store) == clean


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_sweep_whose_parent_was_stopped_resumes_to_what_a_clean_sweep_finds(
    sig: signal.Signals, js_web: SimWeb, js_laos: list[Any], clean: dict[str, Any], tmp_path: Path
) -> None:
    cfg = js_config(tmp_path, js_web, delay=1.0)
    store = new_store(cfg, js_laos)
    parent, tree = start_parent(cfg, js_laos, store, tmp_path)
    os.kill(parent.pid, sig)
    parent.wait(30)
    assert wait_gone(tree, 15) == []
    cfg.crawl.delay_seconds = 0.0
    resumed = run_sweep(cfg, js_laos, store=store)
    assert resumed.resumed
    assert found_leaks(store) == clean


def stored_urls(path: Path) -> set[str] | None:
    """The store's document URLs, read without disturbing the crawl's writes (None while it writes)."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return {url for (url,) in con.execute("SELECT url FROM documents").fetchall()}
    except duckdb.Error:
        return None


@pytest.mark.slow
def test_a_listing_killed_between_its_fetch_and_its_rendering_is_rendered_on_resume(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """The window of the issue: the page of a JavaScript listing under a download-like address
    (``/category/download/``) is stored, its rendering is not, and the sweep is killed. Resumed, the
    page was answered 304 (it reads as a document) and never rendered again."""
    with SimWeb(synthetic_laos(200), sites=200, seed=1, cache_dir=tmp_path_factory.mktemp("wp-web")) as web:
        site = next(s for s in web.sites if s.needs_js and s.style == "wp")
        laos = [lao for lao in simweb_laos(web) if lao.code == site.lao_code]
        cfg = js_config(tmp_path, web)
        cfg.store.batch_size = 1
        store = new_store(cfg, laos)
        listing = f"{site.home_url.rstrip('/')}/category/download/"
        process, _, _ = start_sweep_process(cfg, laos, store=store)
        deadline, killed = time.monotonic() + 90, False
        while process.is_alive() and time.monotonic() < deadline and not killed:
            urls = stored_urls(store.path) or set()
            if listing in urls and f"{listing}#rendered" not in urls:
                kill_tree(process.pid)  # type: ignore[arg-type]
                killed = True
            time.sleep(0.05)
        process.join()
        assert killed, "the kill should fall between the listing's page and its rendering"
        run_sweep(cfg, laos, store=store)
        assert f"{listing}#rendered" in (stored_urls(store.path) or set())
