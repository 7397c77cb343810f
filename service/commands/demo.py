"""``x4watch demo [--sites N] [--no-browser] [--day D] [--fix-after N]``: the whole loop on a
simulated LAO web.

Starts simweb (a few hundred simulated LAO sites on 127.0.0.1), sweeps them into a fresh store
under ``$X4WATCH_HOME/demo`` through simweb's proxy (the only configuration in which loopback is
allowed), scores the result against simweb's ground truth, and serves the coordinators' portal on
a free loopback port. Then the steps after a sweep (``after_sweep``, steps only a demo takes):
alert mails to a local mailbox, each with its LAO's portal link; the LAOs' part, played by
``simweb.fixes.play_coordinators`` through the portal's HTTP forms (every coordinator
acknowledges; on the simulated web's later day, ``--fix-after`` days on, some LAOs have replaced a
leaking file with its masked copy and report it, one reports a file it did not fix, and the
portal's re-check closes only the fixed ones: ``notified → acknowledged → remediated``); then the
weekly report, which counts them. Last, the dashboard. With ``--no-browser`` it stops after
printing where everything is, and exits 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from core import logs
from core.config import Config

if TYPE_CHECKING:
    from portal.server import RunningPortal
    from simweb import SimWeb
    from store import Store

DEFAULT_SITES = 200
DEMO_SEED = 20240601
FIX_AFTER = 3
"""Days of the simulated web between the sweep and the LAOs' answers (simweb's files are fixed on
days 1 to 6)."""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo",
        help="simulated LAO web + sweep + mails + weekly report + dashboard, all on loopback",
        description="Run x4watch end to end on a simulated LAO web; no configuration needed.",
    )
    parser.add_argument("--sites", type=int, default=DEFAULT_SITES, help=f"simulated sites (default {DEFAULT_SITES})")
    parser.add_argument("--day", type=int, default=0, help="day of the simulated web to sweep (0 = first)")
    parser.add_argument(
        "--fix-after",
        type=int,
        default=FIX_AFTER,
        help=f"days after the sweep on which the LAOs answer through the portal (default {FIX_AFTER})",
    )
    parser.add_argument("--no-browser", action="store_true", help="do not start the dashboard; print and exit")
    parser.add_argument("--port", type=int, default=8501, help="dashboard port (default 8501)")
    parser.set_defaults(run=run)


def demo_config(cfg: Config, proxy: str) -> Config:
    """The demo's configuration: its own home, loopback through simweb's proxy, no politeness delay,
    simweb's file hosts standing for the real ones, and its archive index (asked only when
    ``crawl.archive`` is turned on: off in the demo as everywhere by default)."""
    from simweb import reach

    home = cfg.home_path / "demo"
    crawl = dataclasses.replace(
        cfg.crawl,
        proxy=proxy,
        allow_loopback=True,
        delay_seconds=0.0,
        per_host=4,
        timeout_seconds=15,
        offsite_aliases=dict(reach.ALIASES),
        archive_url=reach.ARCHIVE_URL,
    )
    store = dataclasses.replace(cfg.store, path="")
    # every simulated coordinator comes from 127.0.0.1: one client address for all of them
    portal = dataclasses.replace(cfg.portal, recheck_delay_seconds=1.0, requests_per_minute=100_000)
    return dataclasses.replace(cfg, home=str(home), crawl=crawl, store=store, portal=portal)


DEMO_ANALYST = "x4watch-demo"
"""``who`` of the demo's stand-in analyst decisions (auto-confirmation, synthetic contacts)."""


def _demo_contacts(store: Store) -> int:
    """Give LAOs with open cases but no coordinator address a synthetic one (demo only)."""
    from seeds.model import Contact

    frame = store.open_cases_per_lao()
    missing = frame[frame["coordinator_email"].fillna("") == ""]
    rows = [
        Contact(code, "ผู้ประสานงาน (สาธิต)", f"saraban-{code}@demo.x4watch.local", f"dla-{prov}@demo.x4watch.local")
        for code, prov in zip(missing["lao_code"], missing["province_code"], strict=True)
    ]
    return store.upsert_contacts(rows)


def after_sweep(cfg: Config, store: Store, between: Callable[[], list[str]] | None = None) -> list[str]:
    """The demo's last steps: alert mails through a real SMTP exchange, ``between`` (the LAOs' part),
    then the weekly report.

    A demo has no analyst, so a stand-in confirms the new cases and LAOs without a coordinator get a
    synthetic address (both recorded under ``x4watch-demo``). The mails go to an aiosmtpd server on
    127.0.0.1 that files them in the Maildir ``$X4WATCH_HOME/mail``; the report covers this week.
    Returns lines for the demo to print.
    """
    from notify.mailbox import LocalMailServer
    from notify.run import send_alerts
    from reports.model import Week
    from reports.weekly import build, write

    new = store.cases(states=["new"])
    store.bulk_transition(new["id"].tolist(), "confirmed", DEMO_ANALYST, "demo: confirmed without review")
    _demo_contacts(store)
    maildir = cfg.home_path / "mail"
    with LocalMailServer(maildir) as server:
        smtp = dataclasses.replace(cfg.smtp, host="127.0.0.1", port=server.port, starttls=False, username="")
        summary = send_alerts(dataclasses.replace(cfg, smtp=smtp), store)
        received = len(server.messages())
    lines = [f"mail: {summary.sent} alert mail(s) delivered over SMTP, {received} in the Maildir {maildir}"]
    lines += between() if between is not None else []
    today = datetime.now(ZoneInfo(cfg.schedule.timezone)).date()
    report = build(cfg, store, Week.containing(today), today)
    written = write(report, cfg.home_path / "reports")
    median = report.median_days_notice_to_remediation
    return [
        *lines,
        f"report: this week {report.totals['notified']} notified, {report.totals['acknowledged']} acknowledged, "
        f"{report.remediated_after_notice} remediated after notice (median "
        f"{'-' if median is None else f'{median:.2f}'} days from notice to remediation)",
        f"report: {written.pdf}",
        f"report: {written.xlsx}",
    ]


def fresh_home(cfg: Config) -> None:
    """A new demo store each run (the secret stays, so the dashboard login and fingerprints do too)."""
    home = cfg.home_path
    for name in ("x4watch.duckdb", "x4watch.duckdb.wal", "sweeps", "mail", "reports"):
        path = home / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    home.mkdir(parents=True, exist_ok=True)


def sweep_simweb(cfg: Config, web: SimWeb, day: int, verbose: bool = False) -> tuple[Config, Any, Any, list[str]]:
    """Sweep the started simweb into a fresh demo store; returns (demo cfg, store, summary, lines)."""
    from service.commands.crawl import open_store, sweep
    from testkit.score import found_leaks, score, simweb_laos

    sites = len(web.sites)
    demo = demo_config(cfg, web.proxy_url)
    fresh_home(demo)
    store = open_store(demo)
    laos = simweb_laos(web)
    store.upsert_laos(laos)
    started = time.monotonic()
    print(f"simweb: {sites} simulated LAO sites on 127.0.0.1; sweeping them (crawl log: {crawl_log(demo)})")
    summary = sweep(demo, laos, store, verbose, resume=False)
    elapsed = time.monotonic() - started
    result = score(web.truth(demo.secret_key()), found_leaks(store), js=demo.playwright.enabled)
    lines = [
        f"simweb: {sites} simulated LAO sites (seed {DEMO_SEED}, day {day}) swept in {elapsed:.0f} s",
        f"sweep: {summary.pages} pages, {summary.documents} documents, {summary.findings} findings, "
        f"{summary.errors} errors (faults handled and recorded per site)",
        f"score vs ground truth (text documents): recall {result.recall:.3f}, precision {result.precision:.3f}",
        f"store: {demo.store_path}",
        f"sweep state: {summary.folder}",
        f"crawl log: {crawl_log(demo)}",
    ]
    return demo, store, summary, lines


def crawl_log(cfg: Config) -> Path:
    return logs.folder(cfg.home_path) / "crawl.log"


def play_laos(demo: Config, store: Store, web: SimWeb, running: RunningPortal, day: int) -> list[str]:
    """The LAOs' part through the portal (``simweb.fixes.play_coordinators``), as lines to print."""
    from simweb.fixes import play_coordinators

    def wait() -> bool:
        return running.rechecker.wait_idle(600)

    played = play_coordinators(store, demo.home_path / "mail", web, demo.secret_key(), day, wait)
    return [
        f"portal: {running.url}/ : {played.laos} coordinator(s) opened the link of their mail and acknowledged "
        f"{played.acknowledged} case(s)",
        f"portal: simweb day {day}: {played.reported} file(s) reported removed or replaced with a masked copy, "
        f"{played.wrongly_reported} reported but not fixed; the re-check remediated {played.remediated} case(s) "
        f"({played.full_loop} went notified → acknowledged → remediated), {played.still_open} still leak and stay open",
    ]


def run(args: argparse.Namespace, cfg: Config) -> int:
    from service.commands import portal
    from simweb import SimWeb

    cache = cfg.home_path / "simweb-cache"
    with SimWeb(sites=args.sites, seed=DEMO_SEED, day=args.day, cache_dir=cache) as web:
        demo, store, _, lines = sweep_simweb(cfg, web, args.day, args.verbose)
        running = portal.start(demo, store, "127.0.0.1", 0)
        try:
            demo = dataclasses.replace(demo, portal=dataclasses.replace(demo.portal, base_url=running.url))
            later = args.day + args.fix_after
            lines += after_sweep(demo, store, lambda: play_laos(demo, store, web, running, later))
            for line in lines:
                print(line)
            if args.no_browser:
                return 0
            return show_dashboard(demo, args.port)
        finally:
            running.stop()


def show_dashboard(demo: Config, port: int) -> int:
    """The dashboard, until Ctrl-C (the portal and simweb keep running meanwhile)."""
    from service.commands import dashboard

    password = dashboard.prepare_login(demo)
    process = dashboard.start(demo, port)
    dashboard.announce(port, password)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=10)
        return 0
