"""Benchmark of the celery documents backend: OCR-heavy documents through the local pool and through
``x4watch worker`` processes (1, then 2) over a real Redis on loopback, and the national projection.
Its Redis and worker helpers are also the tests' (tests/crawler/test_cluster.py).

    python -m bench.cluster                       # 8 scanned 3-page documents per run
    python -m bench.cluster --docs 16 --laos 7850

The corpus is scanned allowance lists (text only OCR can read, synthetic IDs), as most signed LAO
announcements are; each run parses and scans all of them, at most ``documents.max_in_flight`` out
at once as in a sweep. ``pages_per_s_local`` is the local pool with 2 processes, ``pages_per_s_1``
and ``pages_per_s_2`` the cluster with 1 and 2 worker processes; ``scaling_2`` is their ratio and
``overhead`` how much slower the cluster with 2 processes is than the local pool with 2 (the cost
of the broker). ``lost`` counts documents that came back without their findings (compared with the
local pool), ``doubled`` results for a document beyond its first.

Projection (issue 18): LAOs (``--laos``, 3,326 with a usable website) × ``--docs-per-site`` (200) ×
``--scanned`` share (0.4) × ``--ocr-pages`` (3) OCR pages on the first sweep.
``projected_first_sweep_hours`` is that at the cluster-with-2 rate measured here (this machine);
``cores_for_8h`` the cores it takes to fit 8 hours at the per-process rate measured here.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import math
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from core.config import DocumentsSettings
from crawler.analyse import analyse
from crawler.cluster import ClusterPool
from documents import DocumentPool
from documents.bounded import Backend, Bounded
from documents.model import ParsedDocument
from testkit import samples
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


def corpus(docs: int, pages: int, seed: int) -> dict[str, bytes]:
    rng = random.Random(seed)
    out = {}
    for n in range(docs):
        lines = [samples.person_lines(samples.people(rng, 10)) for _ in range(pages)]
        out[f"scan{n}.pdf"] = samples.images_to_pdf(samples.scanned(samples.reportlab_pdf(lines), rng))
    return out


def findings(docs: list[ParsedDocument]) -> list[tuple[str, str, list[str]]]:
    return [(d.source, d.status, sorted(f.fingerprint for f in d.findings)) for d in docs]


def run(backend: Backend, files: dict[str, bytes], limit: int) -> tuple[float, dict[str, list[list[ParsedDocument]]]]:
    """Wall seconds to parse every file through ``backend``, and every result per file."""
    bounded = Bounded(backend, limit)
    task = functools.partial(analyse, key=KEY)
    results: dict[str, list[list[ParsedDocument]]] = {name: [] for name in files}

    async def one(name: str, data: bytes) -> None:
        results[name].append(await bounded.analyse(data, name, "application/pdf", task))

    async def every() -> None:
        await asyncio.gather(*(one(name, data) for name, data in files.items()))

    started = time.perf_counter()
    asyncio.run(every())
    return time.perf_counter() - started, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=8, help="scanned documents per run")
    parser.add_argument("--pages", type=int, default=3, help="pages per scanned document")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--laos", type=int, default=3326, help="LAOs with a usable website")
    parser.add_argument("--docs-per-site", type=int, default=200)
    parser.add_argument("--scanned", type=float, default=0.4, help="share of documents that are scans")
    parser.add_argument("--ocr-pages", type=int, default=3, help="OCR'd pages per scanned document")
    args = parser.parse_args(argv)

    files = corpus(args.docs, args.pages, args.seed)
    pages = args.docs * args.pages
    settings = DocumentsSettings(ocr=True, workers=2)
    with DocumentPool(settings) as pool:
        local_s, local = run(pool, files, settings.max_in_flight)
    expected = {name: findings(result[0]) for name, result in local.items()}
    print(f"local pool, 2 processes: {pages} pages in {local_s:.1f} s")
    rates: dict[int, float] = {}
    lost = doubled = 0
    with tempfile.TemporaryDirectory(prefix="x4w-bench-cluster-") as tmp, redis_server() as url:
        settings.backend, settings.broker_url = "celery", url
        for processes in (1, 2):
            with worker(url, Path(tmp) / f"worker{processes}.log", concurrency=processes):
                cluster = ClusterPool(settings)
                seconds, got = run(cluster, files, settings.max_in_flight)
                cluster.close()
            rates[processes] = pages / seconds
            lost += sum(1 for name, result in got.items() if not result or findings(result[0]) != expected[name])
            doubled += sum(max(len(result) - 1, 0) for result in got.values())
            print(f"cluster, {processes} worker process(es): {pages} pages in {seconds:.1f} s")
    local_rate = pages / local_s
    total_pages = args.laos * args.docs_per_site * args.scanned * args.ocr_pages
    per_process = rates[2] / 2
    print(
        f"first sweep: {total_pages:,.0f} OCR pages ({args.laos} LAOs x {args.docs_per_site} documents "
        f"x {args.scanned:.0%} scanned x {args.ocr_pages} pages)"
    )
    print(
        f"RESULT pages_per_s_local={local_rate:.3f} pages_per_s_1={rates[1]:.3f} pages_per_s_2={rates[2]:.3f} "
        f"scaling_2={rates[2] / rates[1]:.2f} overhead={1 - rates[2] / local_rate:.3f} lost={lost} doubled={doubled} "
        f"projected_first_sweep_hours={total_pages / rates[2] / 3600:.1f} "
        f"cores_for_8h={math.ceil(total_pages / per_process / (8 * 3600))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
