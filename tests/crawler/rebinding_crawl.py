"""A sweep of ``http://rebind.test:PORT/`` under a DNS that rebinds (run by test_hostile.py).

Usage: ``python rebinding_crawl.py HOME PORT [--browser] [--https]`` (``--https``: the site speaks
TLS 1.0 only, so every page is fetched through the crawler's legacy TLS fallback). The sweep runs
in this process (the way the sweep's child process runs it, ``crawler.run.crawl``), with the
system resolver replaced for one name only: ``rebind.test`` answers 127.0.0.1 (the hostile site,
allowed in test mode) the first time and 127.0.0.2 (the private listener, never allowed) every
time after. Every other name resolves as usual. Prints one JSON line: how often the name was
looked up, and which synthetic IDs the store holds findings of.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # hostile.py and sweeptools.py, then the project

from hostile import INTERNAL_ID, PUBLIC_ID, RENDERED_ID  # noqa: E402
from sweeptools import new_store  # noqa: E402

from bench.crawl import sweep_config  # noqa: E402
from crawler.run import crawl  # noqa: E402
from crawler.state import SweepState  # noqa: E402
from crawler.sweep import sites_of, sweep_params  # noqa: E402
from detectors.fingerprint import fingerprint  # noqa: E402
from simweb.laos import synthetic_laos  # noqa: E402
from testkit.score import found_leaks  # noqa: E402

NAME = "rebind.test"
lookups: list[str] = []
_getaddrinfo, _gethostbyname = socket.getaddrinfo, socket.gethostbyname


def answer() -> str:
    """The rebinding DNS: the allowed address first, the private one ever after."""
    address = "127.0.0.1" if not lookups else "127.0.0.2"
    lookups.append(address)
    return address


def rebinding_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    if host != NAME:
        return _getaddrinfo(host, port, *args, **kwargs)
    return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (answer(), port or 0))]


def rebinding_gethostbyname(host: str) -> str:
    return answer() if host == NAME else _gethostbyname(host)


def main(home: Path, port: int, browser: bool, https: bool = False) -> None:
    socket.getaddrinfo = rebinding_getaddrinfo  # type: ignore[assignment]
    socket.gethostbyname = rebinding_gethostbyname
    cfg = sweep_config(home, "", playwright=browser)
    cfg.store.secret = "rebinding-test"
    lao = dataclasses.replace(synthetic_laos(1)[0], website=f"{'https' if https else 'http'}://{NAME}:{port}/")
    store = new_store(cfg, [lao])
    sites = sites_of([lao])
    params = sweep_params("sweep", sites)
    state = SweepState.create(cfg.home_path, store.start_sweep("sweep", params), params)
    job = {"mode": "sweep", "sites": sites, "urls": [], "store": str(store.path)}
    (state.folder / "sites.json").write_text(json.dumps(job))
    crawl(cfg, state, time.monotonic())
    found = {fp for pairs in found_leaks(store).values() for _, fp in pairs}
    key = cfg.secret_key()
    print(
        json.dumps(
            {
                "lookups": len(lookups),
                **{
                    name: fingerprint(number, key) in found
                    for name, number in (("public", PUBLIC_ID), ("rendered", RENDERED_ID), ("internal", INTERNAL_ID))
                },
            }
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), "--browser" in sys.argv[3:], "--https" in sys.argv[3:])
