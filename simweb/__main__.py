"""``python -m simweb serve|truth``: the simulated LAO web for people.

``serve`` prints the proxy address and every site, then serves until Ctrl-C; point a browser or
crawler at it as an HTTP proxy (``curl -x http://127.0.0.1:PORT http://www.<name>.go.th/``).
``truth`` prints the ground truth as JSON, fingerprinted with the configured x4watch secret
(``X4WATCH_SECRET`` or ``$X4WATCH_HOME/secret.key``) unless ``--key`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from simweb.laos import default_laos, synthetic_laos
from simweb.plan import SITE_SIZES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m simweb", description="A simulated LAO web on 127.0.0.1.")
    sub = parser.add_subparsers(dest="verb", required=True)
    for verb in ("serve", "truth"):
        p = sub.add_parser(verb)
        p.add_argument("--sites", type=int, default=50, help="number of sites (up to the seed list's size)")
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--day", type=int, default=0, help="0 = first sweep's web; N = N sweeps later")
        p.add_argument("--synthetic", action="store_true", help="use made-up LAOs, not seeds/laos.csv")
        p.add_argument("--size", choices=sorted(SITE_SIZES), default="normal", help="documents per site")
        p.add_argument("--cache-dir", type=Path, default=None, help="where generated documents are kept")
    sub.choices["serve"].add_argument("--port", type=int, default=8765)
    sub.choices["serve"].add_argument("--truth", action="store_true", help="serve /__x4watch_truth__ (test mode)")
    sub.choices["truth"].add_argument("--key", default="", help="fingerprint key (default: the x4watch secret)")
    return parser


def _key(explicit: str) -> bytes:
    if explicit:
        return explicit.encode()
    from core import config

    return config.load().secret_key()


def main(argv: Sequence[str] | None = None) -> int:
    from simweb.web import SimWeb

    args = _parser().parse_args(argv)
    laos = synthetic_laos(args.sites) if args.synthetic else default_laos(args.sites)
    cache = args.cache_dir or Path(tempfile.gettempdir()) / "simweb-cache"
    if args.verb == "truth":
        web = SimWeb(laos, sites=args.sites, seed=args.seed, day=args.day, cache_dir=cache, size=args.size)
        json.dump(web.truth(_key(args.key)).to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    truth_key = _key("") if args.truth else None
    web = SimWeb(
        laos,
        sites=args.sites,
        seed=args.seed,
        day=args.day,
        cache_dir=cache,
        port=args.port,
        truth_key=truth_key,
        size=args.size,
    )
    with web:
        print(f"simweb: {len(web.sites)} sites, seed {args.seed}, day {args.day}, proxy {web.proxy_url}")
        if truth_key is not None:
            print(f"truth: {web.truth(truth_key).summary()} at {web.truth_url}")
        for spec in web.sites:
            extras = ",".join(sorted(spec.faults | ({"js"} if spec.needs_js else set())))
            print(f"  {spec.home_url}  {spec.lao_code}  {spec.style}/{spec.encoding}  {extras}")
        print(f"try: curl -x {web.proxy_url} {web.sites[0].home_url}")
        try:
            import threading

            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
