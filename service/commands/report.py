"""``x4watch report weekly [--week 2026-W47] [--out DIR]``: the ministry's weekly PDF and XLSX.

Without ``--week`` the last complete week (Monday to Sunday, Asia/Bangkok) is reported; files go
to ``$X4WATCH_HOME/reports`` unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.config import Config


def register(sub: Any) -> None:
    parser = sub.add_parser("report", help="the ministry's weekly statistics (PDF and XLSX)")
    kinds = parser.add_subparsers(dest="report_kind", required=True, metavar="KIND")
    weekly = kinds.add_parser("weekly", help="one ISO week: leaks found, notified, remediated, open, overdue")
    weekly.add_argument(
        "--week", default=None, help="ISO week such as 2026-W47 (default: last complete week)"
    )
    weekly.add_argument(
        "--out", type=Path, default=None, help="output folder (default: $X4WATCH_HOME/reports)"
    )
    weekly.set_defaults(run=run_weekly)


def run_weekly(args: argparse.Namespace, cfg: Config) -> int:
    from reports.model import Week
    from reports.weekly import weekly_report
    from service.commands.notify import open_store

    week = Week.parse(args.week) if args.week else None
    written = weekly_report(cfg, open_store(cfg), week, args.out)
    print(f"report: {written.pdf}")
    print(f"report: {written.xlsx}")
    return 0
