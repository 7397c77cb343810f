"""``x4watch serve``: run the schedule (sweep, recheck, alerts, weekly report) until stopped.

Prints each job's next run, runs once any job that missed a run while the service was down, logs
every run and records it in the store's ``job_runs`` (``--status`` prints the last one of each,
``store.outbox.JobRuns.last()`` gives them to the dashboard). SIGTERM or Ctrl-C stop it after the
running jobs finish; a sweep under way is stopped, and resumed at its next run. See ``service.jobs``
for the design. With ``portal.enabled`` (the default) the coordinators' portal, where the links of
alert mails lead, is served from the same process (``service.commands.portal``).
"""

from __future__ import annotations

import argparse
import signal
import threading
from typing import Any

from core.config import Config


def register(sub: Any) -> None:
    parser = sub.add_parser("serve", help="run sweeps, rechecks, alerts and the weekly report on schedule")
    parser.add_argument(
        "--status", action="store_true", help="print each job's last run and outcome, then exit"
    )
    parser.set_defaults(run=run, announce=("service.jobs",))  # each job's start and outcome on the console


def print_status(cfg: Config) -> int:
    from crawler.throughput import Rates, backend, status_lines
    from service.commands.notify import open_store
    from store.outbox import JobRuns

    store = open_store(cfg)
    frame = JobRuns(store).last()
    print("serve: no job has run yet" if frame.empty else frame.to_string(index=False))
    sweeps = store.sweeps(limit=1)
    sweep = store.sweep(int(sweeps.iloc[0]["id"])) if not sweeps.empty else None
    for line in status_lines(backend(cfg.documents), Rates.of(sweep) if sweep is not None else None):
        print(f"serve: {line}")
    return 0


def run(args: argparse.Namespace, cfg: Config) -> int:
    if args.status:
        return print_status(cfg)
    from crawler.sweep import stop_sweeps
    from service.commands import portal
    from service.commands.notify import open_store
    from service.jobs import Service

    store = open_store(cfg)
    service = Service(cfg, store)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    missed = service.start()
    served = portal.start(cfg, store) if cfg.portal.enabled else None
    if served is not None:
        print(f"serve: portal  {served.url}/ (alert mails link to {cfg.portal.base_url})")
    for job in service.scheduler.get_jobs():
        print(f"serve: {job.name:8} next {job.next_run_time:%Y-%m-%d %H:%M %Z}")
    if missed:
        print(f"serve: missed while down, running once now: {', '.join(missed)}")
    stop.wait()
    print("serve: stopping; a sweep under way stops too and resumes at its next run")
    if served is not None:
        served.stop()
    stop_sweeps()
    service.shutdown(wait=True)
    return 0
