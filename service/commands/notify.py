"""``x4watch notify send|problems|resolve``: alert e-mails through the outbox.

``send [--dry-run] [--out DIR]`` runs one notify pass (see ``notify.run``): LAO digests for
confirmed cases, escalations to provincial offices for overdue ones, at most ``smtp.max_per_run``
mails. ``--dry-run`` writes the mails as .eml files (default ``$X4WATCH_HOME/outbox-dry-run``) and
records and sends nothing. ``problems`` lists what analysts must act on: LAOs without a valid
address, mails whose delivery is uncertain, mails the server refused. ``resolve ID --delivered``
or ``--resend`` settles an uncertain or failed mail after checking the server's log.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.config import Config


def register(sub: Any) -> None:
    parser = sub.add_parser("notify", help="alert e-mails to LAO coordinators and provincial offices")
    verbs = parser.add_subparsers(dest="notify_command", required=True, metavar="ACTION")
    send = verbs.add_parser("send", help="send due digests and escalations through the outbox")
    send.add_argument("--dry-run", action="store_true", help="write .eml files instead of sending")
    send.add_argument("--out", type=Path, default=None, help="folder for --dry-run files")
    send.set_defaults(run=run_send)
    problems = verbs.add_parser(
        "problems", help="list mails that need an analyst (no address, uncertain, refused)"
    )
    problems.set_defaults(run=run_problems)
    resolve = verbs.add_parser(
        "resolve", help="settle an uncertain or failed mail (ids from 'notify problems')"
    )
    resolve.add_argument("id", type=int, help="outbox message id")
    verdict = resolve.add_mutually_exclusive_group(required=True)
    verdict.add_argument(
        "--delivered", action="store_true", help="it did arrive: mark it sent, its cases notified"
    )
    verdict.add_argument("--resend", action="store_true", help="it did not arrive: queue it for the next run")
    resolve.add_argument("--who", default="analyst", help="your name for the case history")
    resolve.set_defaults(run=run_resolve)


def open_store(cfg: Config) -> Any:
    """The configured store (imported here: DuckDB is not needed for ``--help``)."""
    from store import Store

    return Store(
        cfg.store_path, lock_retry_seconds=cfg.store.lock_retry_seconds, deadline_days=cfg.cases.deadline_days
    )


def run_send(args: argparse.Namespace, cfg: Config) -> int:
    from notify.run import send_alerts

    summary = send_alerts(cfg, open_store(cfg), dry_run=args.dry_run, out_dir=args.out)
    print(f"notify: {summary.line()}")
    for path in summary.files:
        print(f"  {path}")
    return 0


def run_problems(args: argparse.Namespace, cfg: Config) -> int:
    from store.outbox import Outbox

    frame = Outbox(open_store(cfg)).attention()
    if frame.empty:
        print("notify: nothing needs attention")
        return 0
    print(frame.to_string(index=False))
    return 0


def run_resolve(args: argparse.Namespace, cfg: Config) -> int:
    from store.outbox import Outbox

    state = Outbox(open_store(cfg)).resolve(args.id, delivered=args.delivered, who=args.who)
    print(f"notify: message {args.id} is now {state}")
    return 0
