"""The ``x4watch`` command: one verb per module in ``service/commands``.

Each verb module exposes ``register(subparsers)`` that adds its parser and sets ``run`` as the
handler. Modules import their heavy dependencies (Scrapy, DuckDB, Streamlit) inside ``run`` so that
``x4watch --help`` and ``x4watch scan`` start fast. Typed errors from the parts become one line on
stderr and exit code 2 here, and nowhere else: analysts never see a traceback. Logging is set up
here once per command (``core.logs``): a rotated file under ``$X4WATCH_HOME/logs``, warnings only
on the console unless ``--verbose``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from core import config, logs
from core.errors import X4WatchError
from detectors import redact

COMMANDS = (
    "scan", "mask", "crawl", "demo", "dashboard", "users", "seeds", "notify", "portal", "report", "serve", "worker",
)  # fmt: skip
"""Verb modules under service.commands, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="x4watch",
        description="Find unmasked personal identifiers published by Thai LAOs (PDPC X4 policy).",
    )
    verbose = "show the whole log (Scrapy's too) live on the console, with debug details"
    parser.add_argument("-v", "--verbose", action="store_true", help=verbose)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"service.commands.{name}").register(sub)
    for command in sub.choices.values():  # `x4watch demo -v` as well as `x4watch -v demo`
        command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=verbose)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    redact.install()  # first: every log record of this process is redacted when it is made
    os.umask(0o077)  # the store, its WAL, the TOML (password hashes), mails, reports: owner only
    try:
        cfg = config.load()
        announce = getattr(args, "announce", ())
        logs.setup(cfg.home_path, "x4watch", verbose=args.verbose, announce=announce)
        return int(args.run(args, cfg) or 0)
    except X4WatchError as exc:
        print(f"x4watch: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("x4watch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
