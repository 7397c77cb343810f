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
    from crawler.cluster import cluster_status, start_worker

    if args.status:
        online, waiting = cluster_status(cfg.documents)
        print(f"worker: {len(online)} online{': ' if online else ''}{', '.join(online)}")
        print(f"worker: {waiting} documents queued")
        return 0 if online else 1
    start_worker(cfg.documents, max(args.concurrency, 1))
    return 0
