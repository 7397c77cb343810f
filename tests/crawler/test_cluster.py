"""The celery documents backend over a real Redis and real ``x4watch worker`` processes.

Each test checks a promise of ``crawler.cluster`` against the local pool on the same input: same
findings, a killed worker's document parsed once more elsewhere, a hostile file ending with its
status on the worker.
"""

from __future__ import annotations

import functools
import os
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import redis
from sweeptools import kill_tree, new_store

from bench.cluster import free_port, redis_server, worker
from bench.crawl import descendants, sweep_config
from core.config import DocumentsSettings
from crawler.analyse import analyse
from crawler.cluster import QUEUE, ClusterPool, cluster_status
from crawler.sweep import run_sweep, start_sweep_process
from crawler.throughput import backend
from documents import DocumentPool
from documents.model import TOO_LARGE, ParsedDocument
from service.cli import main
from simweb import SimWeb
from simweb.laos import synthetic_laos
from testkit import samples
from testkit.score import found_leaks, simweb_laos
from testkit.tls import certificate

KEY = b"cluster-tests"
TASK = functools.partial(analyse, key=KEY)


@pytest.fixture(scope="module")
def broker() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture(scope="module")
def workers(broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Two worker processes for the module; yields their log."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with worker(broker, log, concurrency=2):
        yield log


def cluster_settings(url: str, **changes: object) -> DocumentsSettings:
    settings = DocumentsSettings(backend="celery", broker_url=url, timeout_seconds=60)
    for name, value in changes.items():
        setattr(settings, name, value)
    return settings


def comparable(docs: list[ParsedDocument]) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    return [(d.source, d.status, sorted((f.kind, f.masked, f.fingerprint) for f in d.findings)) for d in docs]


def scan_pdf(pages: int, seed: int = 7) -> bytes:
    """A scanned allowance list: text only OCR reads, ``pages`` pages of synthetic IDs."""
    rng = random.Random(seed)
    lines = [samples.person_lines(samples.people(rng, 8)) for _ in range(pages)]
    return samples.images_to_pdf(samples.scanned(samples.reportlab_pdf(lines), rng))


def test_a_document_parsed_on_a_worker_matches_the_local_pool(broker: str, workers: Path) -> None:
    rng = random.Random(3)
    persons = samples.people(rng, 12)
    files = {
        "list.pdf": samples.reportlab_pdf([samples.person_lines(persons)]),
        "list.xlsx": samples.xlsx_bytes(persons),
        "lists.zip": samples.zip_bytes({"a.csv": samples.csv_bytes(persons), "b.csv": samples.csv_bytes(persons[:3])}),
    }
    settings = cluster_settings(broker)
    cluster = ClusterPool(settings)
    with DocumentPool(settings) as local:
        for name, data in files.items():
            remote = cluster.submit(data, name, None, TASK).result(timeout=60)
            assert comparable(remote) == comparable(local.submit(data, name, None, TASK).result())
            assert all(doc.findings for doc in remote if doc.source.endswith((".pdf", ".xlsx", "a.csv")))
            assert all(doc.pages == () for doc in remote)
    cluster.close()


def test_workers_and_the_crawl_node_talk_to_a_tls_only_broker(tmp_path: Path) -> None:
    """rediss:// (README "Several machines"): Redis listens on TLS alone, the worker takes the
    document and the crawl node reads its result through it; a client without TLS, or trusting
    another CA, is refused."""
    (tmp_path / "ca").mkdir()
    tls, stranger = certificate(tmp_path), certificate(tmp_path / "ca")
    data = samples.reportlab_pdf([samples.person_lines(samples.people(random.Random(4), 6))])
    settings = cluster_settings("")
    with DocumentPool(settings) as local:
        expected = comparable(local.submit(data, "list.pdf", None, TASK).result())
    with redis_server(tls=tls) as url, worker(url, tmp_path / "worker.log", concurrency=1):
        assert url.startswith("rediss://")
        settings.broker_url = url
        cluster = ClusterPool(settings)
        result = cluster.submit(data, "list.pdf", None, TASK).result(timeout=60)
        cluster.close()
        parse = backend(settings)
        plain = url.replace("rediss://", "redis://").partition("?")[0]
        for refused in (plain, url.replace(str(tls.ca), str(stranger.ca))):
            with pytest.raises(redis.ConnectionError):
                redis.Redis.from_url(refused, socket_timeout=5).ping()
    assert comparable(result) == expected and result[0].findings
    assert len(parse.workers) == 1 and parse.queued == 0 and not parse.problem


def test_a_zip_bomb_ends_with_its_status_on_a_worker(broker: str, workers: Path) -> None:
    cluster = ClusterPool(cluster_settings(broker))
    [doc] = cluster.submit(samples.zip_bomb(300), "bomb.zip", None, TASK).result(timeout=60)
    cluster.close()
    assert doc.status == TOO_LARGE, doc


def test_a_worker_killed_mid_document_hands_it_to_another(tmp_path: Path) -> None:
    """kill -9 the process parsing a scan: the broker redelivers it, it comes back once and whole."""
    data = scan_pdf(3)
    settings = cluster_settings("", ocr=True)
    with DocumentPool(settings) as local:
        expected = comparable(local.submit(data, "scan.pdf", None, TASK).result())
    assert expected[0][1] == "ocr" and expected[0][2], expected
    with redis_server() as url, worker(url, tmp_path / "worker.log", concurrency=1) as process:
        settings.broker_url = url
        client = redis.Redis.from_url(url)
        cluster = ClusterPool(settings)
        future = cluster.submit(data, "scan.pdf", None, TASK)
        deadline = time.monotonic() + 30
        while not client.keys("x4watch-attempts-*"):  # the task has started on the worker
            assert time.monotonic() < deadline, "no worker started the document"
            time.sleep(0.02)
        [child] = descendants(process.pid)
        os.kill(child, signal.SIGKILL)
        result = future.result(timeout=120)
        cluster.close()
    assert comparable(result) == expected
    assert [doc.ocr_pages for doc in result] == [3]  # counted on the worker, carried back in the result
    assert b"exited with 'signal 9 (SIGKILL)'" in (tmp_path / "worker.log").read_bytes()


@pytest.mark.slow
def test_a_sweep_through_the_cluster_finds_what_the_local_pool_finds(
    broker: str, workers: Path, tmp_path: Path
) -> None:
    """Same simweb sites, same secret: the same open cases and the same document statuses."""
    with SimWeb(synthetic_laos(12), sites=12, seed=5, cache_dir=tmp_path / "web") as web:
        quick = {s.lao_code for s in web.sites if not s.faults & {"slow", "timeout", "dead", "reset", "huge"}}
        laos = [lao for lao in simweb_laos(web) if lao.code in quick]
        results = []
        for backend in ("local", "celery"):
            cfg = sweep_config(tmp_path / backend, web.proxy_url)
            cfg.store.secret = "cluster-tests"
            cfg.documents.backend = backend
            cfg.documents.broker_url = broker
            store = new_store(cfg, laos)
            run_sweep(cfg, laos, store=store)
            with duckdb.connect(str(store.path), read_only=True) as con:
                statuses = con.execute("SELECT url, status, reason FROM documents ORDER BY url").fetchall()
            results.append((found_leaks(store), statuses))
    (local_found, local_docs), (cluster_found, cluster_docs) = results
    worker_log = workers.parent / "logs" / "x4watch.log"  # the worker's own log (core.logs), not its console
    assert worker_log.read_bytes().count(b"Task x4watch.analyse[") >= len(cluster_docs) // 2  # archives: 1 task
    assert local_found and cluster_found == local_found
    assert cluster_docs == local_docs


def documents(store_path: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(store_path), read_only=True) as con:
        return con.execute("SELECT url, status FROM documents ORDER BY url").fetchall()


@pytest.mark.slow
def test_a_sweep_killed_with_documents_on_the_broker_resumes_to_the_same_findings(tmp_path: Path) -> None:
    """kill -9 the crawl process while the broker holds its documents (queued, or on the worker),
    then run the sweep again: the store ends with what an uninterrupted sweep finds, every document
    and case once (about 60 s: ``pytest -m slow tests/crawler/test_cluster.py -k killed``)."""
    with (
        SimWeb(synthetic_laos(8), sites=8, seed=5, cache_dir=tmp_path / "web") as web,
        redis_server() as url,
        worker(url, tmp_path / "worker.log", concurrency=1),  # one process: OCR'd scans queue up
    ):
        quick = {s.lao_code for s in web.sites if not s.faults & {"slow", "timeout", "dead", "reset", "huge"}}
        laos = [lao for lao in simweb_laos(web) if lao.code in quick]

        def configured(name: str) -> tuple[object, object]:
            cfg = sweep_config(tmp_path / name, web.proxy_url, ocr=True)
            cfg.store.secret = "cluster-kill"
            cfg.store.batch_size = 5
            cfg.documents.backend, cfg.documents.broker_url = "celery", url
            return cfg, new_store(cfg, laos)

        clean_cfg, clean = configured("clean")
        run_sweep(clean_cfg, laos, store=clean)
        cfg, store = configured("killed")
        process, state, _ = start_sweep_process(cfg, laos, store=store)
        client = redis.Redis.from_url(url)
        deadline, held = time.monotonic() + 120, False
        while process.is_alive() and time.monotonic() < deadline and not held:
            held = bool(state.done()) and bool(client.llen(QUEUE) or client.keys("x4watch-attempts-*"))
            time.sleep(0 if held else 0.02)
        assert held and process.is_alive(), "the sweep ended before the broker held its documents: use more sites"
        kill_tree(process.pid)  # type: ignore[arg-type]
        process.join()
        assert 1 <= len(state.done()) < len(laos)
        resumed = run_sweep(cfg, laos, store=store)
    assert resumed.resumed and resumed.sweep_id == state.sweep_id
    expected = found_leaks(clean)
    assert any(url.endswith(".pdf") for url in expected) and found_leaks(store) == expected
    assert not store.cases().duplicated(["lao_code", "url", "fingerprint"]).any()
    assert documents(store.path) == documents(clean.path)
    assert ("ocr",) in {(status,) for _, status in documents(store.path)}


@pytest.mark.slow
def test_documents_out_when_redis_restarts_are_sent_again_and_come_back_once(tmp_path: Path) -> None:
    """Redis keeps nothing on disk: stop it mid-batch and start it again, every document comes back."""
    scans = {f"scan{n}.pdf": scan_pdf(1, seed=n) for n in range(4)}
    settings = cluster_settings("", ocr=True)
    with DocumentPool(settings) as local:
        expected = {name: comparable(local.submit(data, name, None, TASK).result()) for name, data in scans.items()}
    port, password = free_port(), "restart-test"
    first = redis_server(port, password)
    url = first.__enter__()
    settings.broker_url = url
    with worker(url, tmp_path / "worker.log", concurrency=1):
        cluster = ClusterPool(settings)
        futures = {name: cluster.submit(data, name, None, TASK) for name, data in scans.items()}
        client = redis.Redis.from_url(url)
        while not client.keys("x4watch-attempts-*"):
            time.sleep(0.02)
        first.__exit__(None, None, None)  # the queue and every result go with it
        with redis_server(port, password):
            results = {name: comparable(future.result(timeout=90)) for name, future in futures.items()}
        cluster.close()
    assert results == expected


def test_worker_and_serve_status_show_the_workers_online_and_the_queue(
    broker: str, workers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    online, waiting = cluster_status(cluster_settings(broker))
    [name] = online
    assert name.startswith("x4watch@") and online[name] == 2  # the module's worker runs 2 processes
    assert waiting == 0
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)
    monkeypatch.setenv("X4WATCH_DOCUMENTS_BACKEND", "celery")
    monkeypatch.setenv("X4WATCH_DOCUMENTS_BROKER_URL", broker)
    assert main(["worker", "--status"]) == 0
    assert main(["serve", "--status"]) == 0
    out = capsys.readouterr().out
    assert f"worker: 1 online: {name}" in out and "worker: 2 parser processes, 0 documents queued" in out
    assert f"serve: parsing: celery, 1 workers online ({name}), 2 processes, 0 documents queued" in out
