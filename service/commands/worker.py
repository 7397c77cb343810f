"""``x4watch worker``: parse and scan documents for the crawl node (``documents.backend = "celery"``).

Runs a prefork Celery worker (``crawler.cluster``) on this machine against ``documents.broker_url``,
with this machine's caps (``documents.timeout_seconds``, ``documents.memory_mb``) and one Tesseract
thread per process. Start one on every machine that should take a share of a sweep.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from core.config import Config


def register(sub: Any) -> None:
    parser = sub.add_parser("worker", help="parse and scan documents sent by sweeps (documents.backend = celery)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=os.cpu_count() or 1,
        help="parser processes on this machine (default: one per core)",
    )
    parser.add_argument(
        "--status", action="store_true", help="print the workers that answer and the documents queued, then exit"
    )
    parser.set_defaults(run=run, announce=("celery.apps.worker",))  # "ready." and worker start-up on the console


def run(args: argparse.Namespace, cfg: Config) -> int:
    if args.status:
        from crawler.throughput import backend

        parse = backend(cfg.documents)
        if parse.problem:
            print(f"worker: {parse.problem}: check documents.broker_url and that redis-server runs")
            return 1
        print(f"worker: {len(parse.workers)} online{': ' if parse.workers else ''}{', '.join(parse.workers)}")
        print(f"worker: {parse.processes} parser processes, {parse.queued} documents queued")
        return 0 if parse.workers else 1
    from crawler.cluster import start_worker

    start_worker(cfg.documents, max(args.concurrency, 1))
    return 0
