"""The ``x4watch`` command: one verb per module in ``service/commands``.

Each verb module exposes ``register(subparsers)`` that adds its parser and sets ``run`` as the
handler. Modules import their heavy dependencies (Scrapy, DuckDB, Streamlit) inside ``run`` so that
``x4watch --help`` and ``x4watch scan`` start fast. Typed errors from the parts become one line on
stderr and exit code 2 here, and nowhere else: analysts never see a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from core import config
from core.errors import X4WatchError
from detectors import redact

COMMANDS = ("scan", "crawl", "demo", "dashboard", "users", "seeds", "notify", "report", "serve", "worker")
"""Verb modules under service.commands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="x4watch",
        description="Find unmasked personal identifiers published by Thai LAOs (PDPC X4 policy).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"service.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    redact.install()
    try:
        cfg = config.load()
        return int(args.run(args, cfg) or 0)
    except X4WatchError as exc:
        print(f"x4watch: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("x4watch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
