"""Benchmark of the celery documents backend: an OCR-heavy sweep of simweb through the local pool and
through ``x4watch worker`` processes (1, then 2) over a real Redis on loopback, and the national
projection. Its Redis and worker helpers are also the tests' (tests/crawler/test_cluster.py).

    python -m bench.cluster                       # 3 simweb sites of scans per sweep
    python -m bench.cluster --sites 6 --laos 7850

simweb serves ``scanned`` sites (``simweb.plan``): normal LAO sites whose printed documents are
scans, as most signed announcements are, so the sweep is bound by OCR. The sites are the first
``--sites`` without a fault; a sweep with OCR off fetches them once first, so that simweb renders
its documents before any clock starts. Each measured sweep is a whole ``run_sweep`` into a fresh
store (crawl, parse, detect, record), with ``documents.workers = 2`` for the local pool.
A rate is the sweep's OCR'd pages (``SweepSummary.ocr_pages``) over its wall time: ``pages_per_s_local``
for the local pool with 2 processes, ``pages_per_s_1`` and ``pages_per_s_2`` for the cluster with 1
and 2 worker processes; ``scaling_2`` is their ratio and ``overhead`` how much slower the cluster
with 2 processes is than the local pool with 2 (the cost of the broker). ``lost`` counts documents
whose status or open cases differ from the local pool's sweep, ``doubled`` documents or cases
recorded more than once.

Projection (issue 18): LAOs (``--laos``, 3,326 with a usable website) × ``--docs-per-site`` (200) ×
``--scanned`` share (0.4) × ``--ocr-pages`` (3) OCR pages on the first sweep.
``projected_first_sweep_hours`` is that at the cluster-with-2 rate measured here (this machine);
``cores_for_8h`` the cores it takes to fit 8 hours at the per-process rate measured here.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import redis

from bench.crawl import sweep_config
from crawler.sweep import run_sweep
from seeds.model import Lao
from simweb import SimWeb
from simweb.laos import synthetic_laos
from store import Store
from testkit.score import found_leaks, simweb_laos
from testkit.tls import Certificate

KEY = b"bench-cluster"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server(port: int | None = None, password: str | None = None, tls: Certificate | None = None) -> Iterator[str]:
    """A redis-server on loopback that keeps nothing on disk; yields its broker URL. With ``tls``
    it speaks only TLS (``--port 0``), and the URL is ``rediss://`` naming the CA to verify it by."""
    port = port or free_port()
    password = password or secrets.token_hex(16)
    listen = ["--port", str(port)]
    url = f"redis://:{password}@127.0.0.1:{port}/0"
    if tls is not None:
        listen = ["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(tls.cert)]
        listen += ["--tls-key-file", str(tls.key), "--tls-ca-cert-file", str(tls.ca), "--tls-auth-clients", "no"]
        url = f"rediss://:{password}@127.0.0.1:{port}/0?ssl_cert_reqs=required&ssl_ca_certs={tls.ca}"
    process = subprocess.Popen(  # noqa: S603
        [  # noqa: S607 (redis-server from apt, on PATH)
            "redis-server",
            *listen,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--requirepass",
            password,
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def worker(url: str, log: Path, concurrency: int = 1) -> Iterator[subprocess.Popen[bytes]]:
    """``x4watch worker`` against ``url`` logging to ``log``, ready to take documents; killed after."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "X4WATCH_DOCUMENTS_BROKER_URL": url, "X4WATCH_HOME": str(log.parent)}
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-m", "service.cli", "worker", "--concurrency", str(concurrency)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"x4watch worker did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield process
    finally:
        process.kill()
        process.wait(10)


def sweep_sites(web: SimWeb, count: int) -> list[Lao]:
    """The first ``count`` sites without a fault (nor JavaScript-only pages), as LAO rows."""
    quick = {spec.lao_code for spec in web.sites if not spec.faults and not spec.needs_js}
    return [lao for lao in simweb_laos(web) if lao.code in quick][:count]


@dataclass
class Swept:
    seconds: float
    ocr_pages: int
    documents: dict[str, str]
    """Status of each document URL."""
    found: dict[str, set[tuple[str, str]]]
    doubled: int


def sweep(home: Path, web: SimWeb, laos: list[Lao], *, ocr: bool = True, broker: str = "") -> Swept:
    """One whole sweep of ``laos`` into a fresh store under ``home``, through the local pool of 2
    processes, or through the workers of ``broker``."""
    cfg = sweep_config(home, web.proxy_url, ocr=ocr)
    cfg.store.secret = KEY.decode()
    cfg.documents.workers = 2
    if broker:
        cfg.documents.backend, cfg.documents.broker_url = "celery", broker
    store = Store(cfg.store_path, batch_size=cfg.store.batch_size)
    store.upsert_laos(laos)
    started = time.perf_counter()
    summary = run_sweep(cfg, laos, store=store)
    seconds = time.perf_counter() - started
    with duckdb.connect(str(store.path), read_only=True) as con:
        rows = con.execute("SELECT url, status FROM documents").fetchall()
    cases = store.cases()
    doubled = len(rows) - len({url for url, _ in rows})
    doubled += int(cases.duplicated(["lao_code", "url", "fingerprint"]).sum())
    return Swept(seconds, summary.ocr_pages, dict(rows), found_leaks(store), doubled)


def differing(reference: Swept, other: Swept) -> int:
    """Documents of ``reference`` whose status or open cases ``other`` does not have."""
    return sum(
        1
        for url, status in reference.documents.items()
        if other.documents.get(url) != status or other.found.get(url, set()) != reference.found.get(url, set())
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=3, help="simweb sites of scans per sweep")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--laos", type=int, default=3326, help="LAOs with a usable website")
    parser.add_argument("--docs-per-site", type=int, default=200)
    parser.add_argument("--scanned", type=float, default=0.4, help="share of documents that are scans")
    parser.add_argument("--ocr-pages", type=int, default=3, help="OCR'd pages per scanned document")
    args = parser.parse_args(argv)

    rates: dict[str, float] = {}
    lost = doubled = 0
    with (
        tempfile.TemporaryDirectory(prefix="x4w-bench-cluster-") as tmp,
        SimWeb(synthetic_laos(40), sites=40, seed=args.seed, cache_dir=Path(tmp) / "web", size="scanned") as web,
        redis_server() as url,
    ):
        home = Path(tmp)
        laos = sweep_sites(web, args.sites)
        warm = sweep(home / "warm", web, laos, ocr=False)
        print(f"simweb: {len(laos)} sites of scans, {len(warm.documents)} documents fetched once before timing")
        local = sweep(home / "local", web, laos)
        rates["local"] = local.ocr_pages / local.seconds
        print(f"local pool, 2 processes: {local.ocr_pages} OCR pages in {local.seconds:.1f} s")
        for processes in (1, 2):
            (home / f"worker{processes}").mkdir()
            with worker(url, home / f"worker{processes}" / "worker.log", concurrency=processes):
                swept = sweep(home / f"cluster{processes}", web, laos, broker=url)
            rates[str(processes)] = swept.ocr_pages / swept.seconds
            lost += differing(local, swept) + abs(swept.ocr_pages - local.ocr_pages)
            doubled += swept.doubled
            print(f"cluster, {processes} worker process(es): {swept.ocr_pages} OCR pages in {swept.seconds:.1f} s")
        doubled += local.doubled
    total_pages = args.laos * args.docs_per_site * args.scanned * args.ocr_pages
    per_process = rates["2"] / 2
    print(
        f"first sweep: {total_pages:,.0f} OCR pages ({args.laos} LAOs x {args.docs_per_site} documents "
        f"x {args.scanned:.0%} scanned x {args.ocr_pages} pages)"
    )
    print(
        f"RESULT pages_per_s_local={rates['local']:.3f} pages_per_s_1={rates['1']:.3f} "
        f"pages_per_s_2={rates['2']:.3f} scaling_2={rates['2'] / rates['1']:.2f} "
        f"overhead={1 - rates['2'] / rates['local']:.3f} lost={lost} doubled={doubled} "
        f"projected_first_sweep_hours={total_pages / rates['2'] / 3600:.1f} "
        f"cores_for_8h={math.ceil(total_pages / per_process / (8 * 3600))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
