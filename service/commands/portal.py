"""``x4watch portal``: the coordinators' portal on its own, and its links.

``x4watch portal [--port P] [--address A]`` serves the portal (``portal.app``) until stopped, as
``x4watch serve`` does next to the schedule. ``portal link --lao CODE`` prints a fresh personal link
for an LAO (to give by hand; alert mails carry their own), ``portal links [--lao CODE]`` lists the
links the store knows (ids, LAO, dates, revoked; never a token), and ``portal revoke --lao CODE`` or
``--link ID`` ends links at once. A removed or replaced document is re-checked through the
crawler's recheck path (``crawler.sweep.run_sweep`` in ``recheck`` mode, one crawl child per batch).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from core.config import Config

if TYPE_CHECKING:
    from portal.server import RunningPortal
    from store import Store


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "portal",
        help="the coordinators' portal (the links in alert mails): serve it, issue or revoke links",
        description="Serve the LAO coordinators' portal, or manage its personal links.",
    )
    parser.add_argument("--port", type=int, default=None, help="port (default portal.port)")
    parser.add_argument("--address", default=None, help="address to listen on (default portal.address)")
    parser.set_defaults(run=run_serve)
    verbs = parser.add_subparsers(dest="portal_command", required=False, metavar="ACTION")
    link = verbs.add_parser("link", help="print a new personal link for an LAO")
    link.add_argument("--lao", required=True, metavar="CODE", help="LAO code")
    link.set_defaults(run=run_link)
    links = verbs.add_parser("links", help="list the links the store knows (never the tokens)")
    links.add_argument("--lao", default=None, metavar="CODE", help="only this LAO's")
    links.set_defaults(run=run_links)
    revoke = verbs.add_parser("revoke", help="end links at once: all of an LAO's, or one by its id")
    target = revoke.add_mutually_exclusive_group(required=True)
    target.add_argument("--lao", default=None, metavar="CODE", help="every link of this LAO")
    target.add_argument("--link", default=None, metavar="ID", help="one link, by the id 'portal links' shows")
    revoke.add_argument("--who", default="analyst", help="your name, kept with the revocation")
    revoke.set_defaults(run=run_revoke)


def recheck_runner(cfg: Config, store: Store) -> Any:
    """The portal's re-check: the crawler's recheck of the reported (LAO code, URL) pairs."""

    def run(pairs: Sequence[tuple[str, str]]) -> None:
        from crawler.sweep import run_sweep

        run_sweep(cfg, [], store=store, mode="recheck", urls=list(pairs), resume=False)

    return run


def start(cfg: Config, store: Store, address: str | None = None, port: int | None = None) -> RunningPortal:
    """Serve the portal in this process (``x4watch serve`` and ``x4watch portal``)."""
    from portal.server import start as start_server

    return start_server(
        cfg,
        store,
        recheck_runner(cfg, store),
        address=address or cfg.portal.address,
        port=cfg.portal.port if port is None else port,
    )


def run_serve(args: argparse.Namespace, cfg: Config) -> int:
    from service.commands.dashboard import exposure_warning
    from service.commands.notify import open_store

    address = args.address or cfg.portal.address
    warning = exposure_warning(address)
    if warning:
        print(warning.replace("the dashboard", "the portal"), file=sys.stderr)
    running = start(cfg, open_store(cfg), address, args.port)
    print(f"portal: {running.url}/ (links in alert mails point to {cfg.portal.base_url})")
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    running.stop()
    return 0


def run_link(args: argparse.Namespace, cfg: Config) -> int:
    from portal import tokens
    from service.commands.notify import open_store
    from store.portal import PortalData

    store = open_store(cfg)
    if PortalData(store).lao_info(args.lao) is None:
        print(f"x4watch: no LAO with code {args.lao} in the store", file=sys.stderr)
        return 2
    print(tokens.link(cfg, tokens.issue(cfg, store, args.lao)))
    return 0


def run_links(args: argparse.Namespace, cfg: Config) -> int:
    from service.commands.notify import open_store
    from store.portal import PortalData

    frame = PortalData(open_store(cfg)).tokens(args.lao)
    print("portal: no links" if frame.empty else frame.to_string(index=False))
    return 0


def run_revoke(args: argparse.Namespace, cfg: Config) -> int:
    from service.commands.notify import open_store
    from store.portal import PortalData

    count = PortalData(open_store(cfg)).revoke(who=args.who, lao_code=args.lao, token_id=args.link)
    print(f"portal: {count} link(s) revoked")
    return 0
