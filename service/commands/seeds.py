"""``x4watch seeds import|stats|discover|contacts``: maintain the list of the 7,850 LAOs.

A thin shell over ``seeds``: ``import`` rebuilds ``seeds/laos.csv`` from the DLA file, ``stats``
prints coverage, ``discover`` probes for the websites the list lacks, ``contacts`` loads coordinator
addresses into the store. Input problems (a file that is not a DLA list, bad contact rows) are
reported per line; only a missing or unreadable file stops the command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.config import Config
from core.errors import X4WatchError


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "seeds",
        help="the LAO seed list: import from DLA, coverage, website discovery, coordinators",
        description="Maintain seeds/laos.csv, the list of every LAO x4watch watches.",
    )
    verbs = parser.add_subparsers(dest="seeds_command", required=True, metavar="ACTION")
    p_import = verbs.add_parser("import", help="rebuild the seed list from a DLA file (dlads_05_01)")
    p_import.add_argument("file", type=Path, metavar="FILE", help="DLA CSV (official or per-LAO layout)")
    p_import.add_argument("--out", type=Path, default=None, help="where to write (default: seeds/laos.csv)")
    p_import.set_defaults(run=run_import)

    p_stats = verbs.add_parser("stats", help="coverage by type and province")
    p_stats.add_argument("--list", type=Path, default=None, help="seed list (default: seeds/laos.csv)")
    p_stats.add_argument("--contacts", type=Path, default=None, help="contacts CSV to count coordinators")
    p_stats.set_defaults(run=run_stats)

    p_discover = verbs.add_parser("discover", help="probe candidate hosts for LAOs without a website")
    p_discover.add_argument("--list", type=Path, default=None, help="seed list to update in place")
    p_discover.add_argument("--limit", type=int, default=None, help="try at most N LAOs")
    p_discover.add_argument("--workers", type=int, default=None, help="probes in flight (discovery.workers)")
    p_discover.add_argument("--timeout", type=float, default=None, help="seconds per probe (discovery.timeout_seconds)")
    p_discover.add_argument("--no-guesses", action="store_true", help="probe only the hosts the sources list")
    p_discover.set_defaults(run=run_discover)

    p_contacts = verbs.add_parser("contacts", help="import coordinator contacts (CSV) into the store")
    p_contacts.add_argument(
        "file", type=Path, metavar="FILE", help="CSV with the columns listed in seeds/README.md"
    )
    p_contacts.add_argument("--list", type=Path, default=None, help="seed list the codes must be in")
    p_contacts.set_defaults(run=run_contacts)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise X4WatchError(f"cannot read {path}: {exc.strerror}: check the path") from exc


def load_list(path: Path | None) -> list[Any]:
    """The LAOs of a seed list (default: the committed one); a bad file is one clear error."""
    from seeds.load import SeedListError, load_laos

    try:
        return load_laos(path)
    except (OSError, SeedListError) as exc:
        raise X4WatchError(f"cannot load the seed list: {exc}") from exc


def run_import(args: argparse.Namespace, cfg: Config) -> int:
    from seeds import stats
    from seeds.dla import DlaFormatError, import_dla, write_laos
    from seeds.load import LAOS_CSV

    _read(args.file)
    try:
        result = import_dla(args.file)
    except DlaFormatError as exc:
        raise X4WatchError(f"{args.file}: {exc}") from exc
    out = args.out or LAOS_CSV
    write_laos(result.laos, out)
    print(f"{result.rows_read:,} rows read, {len(result.laos):,} LAOs written to {out}")
    for issue in result.issues:
        print(f"  line {issue.line} [{issue.code}] {issue.problem}: {issue.action}")
    for label, count in stats.by_source(result.laos):
        print(f"  {label}: {count:,}")
    return 0


def run_stats(args: argparse.Namespace, cfg: Config) -> int:
    from seeds import stats

    laos = load_list(args.list)
    contact_codes = _contact_codes(args.contacts, laos) if args.contacts else set()
    history: list[Any] = []
    if cfg.store_path.exists():  # the analysts' and the job's decisions, today's coverage kept
        from service.discovery import snapshot_coverage, with_decisions
        from store import Store

        store = Store(cfg.store_path, lock_retry_seconds=cfg.store.lock_retry_seconds)
        laos = with_decisions(laos, store.site_decisions())
        contact_codes |= store.contact_codes()
        snapshot_coverage(store, laos)
        history = store.coverage_history()
    print(stats.render("ประเภท", stats.by_type(laos, contact_codes)))
    print()
    print(stats.render("จังหวัด", stats.by_province(laos, contact_codes)))
    print()
    print("ที่มาของเว็บไซต์")
    for label, count in stats.by_source(laos):
        print(f"  {label}: {count:,}")
    print("เหตุที่ค่าเว็บไซต์ในทะเบียนใช้ไม่ได้")
    for reason, count in stats.rejection_reasons(laos):
        print(f"  {reason}: {count:,}")
    if not contact_codes:
        print("ยังไม่มีข้อมูลผู้ประสานงาน (x4watch seeds contacts FILE)")
    if history:
        print()
        print(stats.render_history(history))
    return 0


def _contact_codes(path: Path, laos: list[Any]) -> set[str]:
    from seeds.contacts import ContactsFormatError, parse_contacts

    try:
        parsed = parse_contacts(_read(path).decode("utf-8-sig"), {lao.code for lao in laos})
    except (ContactsFormatError, UnicodeDecodeError) as exc:
        raise X4WatchError(f"{path}: {exc}") from exc
    return {c.lao_code for c in parsed.contacts if c.coordinator_email}


def run_discover(args: argparse.Namespace, cfg: Config) -> int:
    from seeds.discover import apply_discoveries, discover
    from seeds.dla import write_laos
    from seeds.load import LAOS_CSV
    from seeds.sources import enumerate_hosts
    from service.discovery import clients

    path = args.list or LAOS_CSV
    laos = load_list(path)
    targets = [lao for lao in laos if not lao.website][: args.limit]
    get, fetch = clients(cfg, args.timeout)
    listed = enumerate_hosts(cfg.discovery, get, targets)
    workers = args.workers or cfg.discovery.workers
    hosts = [f.host for f in listed]
    found = discover(laos, targets, fetch, workers=workers, hosts=hosts, guess=not args.no_guesses)
    write_laos(apply_discoveries(laos, found), path)
    print(
        f"{len(targets):,} LAOs without a website probed, {len(listed):,} hosts listed by the sources, "
        f"{len(found):,} sites found; {path} updated"
    )
    for item in found:
        print(f"  {item.code} {item.website}")
    return 0


def run_contacts(args: argparse.Namespace, cfg: Config) -> int:
    from seeds.contacts import ContactsFormatError, parse_contacts
    from store import Store

    laos = load_list(args.list)
    try:
        parsed = parse_contacts(_read(args.file).decode("utf-8-sig"), {lao.code for lao in laos})
    except (ContactsFormatError, UnicodeDecodeError) as exc:
        raise X4WatchError(f"{args.file}: {exc}") from exc
    for problem in parsed.problems:
        print(f"  line {problem.line} [{problem.lao_code}] {problem.problem}")
    Store(cfg.store_path, lock_retry_seconds=cfg.store.lock_retry_seconds).upsert_contacts(parsed.contacts)
    with_email = sum(1 for c in parsed.contacts if c.coordinator_email)
    print(
        f"{len(parsed.contacts):,} contacts stored ({with_email:,} with a coordinator e-mail), "
        f"{len(laos) - with_email:,} LAOs without one"
    )
    return 0
