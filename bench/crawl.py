"""Benchmark of the sweep: simulated LAO sites on loopback, swept twice into a fresh store.

Reports pages/s, documents/s, findings, recall and precision against simweb's ground truth (text
documents: OCR'd scans are reported apart), the crawl process's peak RSS, the speed-up of a second
sweep of the unchanged web, and the projected time of a real national sweep.

    python -m bench.crawl                # 300 sites
    python -m bench.crawl --sites 7850   # the national figure (small simulated sites)

Projection assumptions (real sites are slower than loopback): each real site is swept politely,
``crawl.per_host`` requests at a time with ``crawl.delay_seconds`` between them plus a network
latency per request (``--latency``, default 0.5 s), so a site of R requests takes about
R × (delay + latency) / per_host; ``crawl.concurrency`` requests in flight across all sites bound
the parallelism; parsing is bounded by the documents/s measured here.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OPEN_STATES = ("new", "confirmed", "notified", "acknowledged", "reopened")
REAL_SITES = 7850


@dataclass(frozen=True)
class Score:
    expected: int
    found: int
    true_positives: int
    recall: float
    precision: float
    missed: dict[str, set[tuple[str, str]]]
    false: dict[str, set[tuple[str, str]]]


def found_leaks(store: Any) -> dict[str, set[tuple[str, str]]]:
    """Open cases per document URL as (kind, fingerprint); rendered copies count for their page."""
    cases = store.cases(states=list(OPEN_STATES))
    found: dict[str, set[tuple[str, str]]] = {}
    for url, kind, fp in zip(cases["url"], cases["kind"], cases["fingerprint"], strict=True):
        found.setdefault(str(url).removesuffix("#rendered"), set()).add((str(kind), str(fp)))
    return found


def score(truth: Any, found: Mapping[str, set[tuple[str, str]]], *, js: bool, obey_robots: bool = True) -> Score:
    """Recall and precision on text documents (OCR formats excluded from both sides)."""
    expected = truth.expected(js=js, ocr=False, obey_robots=obey_robots)
    ocr_urls = {doc.url for doc in truth.documents if doc.ocr}
    all_leaks = {doc.url: doc.leaks for doc in truth.documents}
    text_found = {url: pairs for url, pairs in found.items() if url not in ocr_urls}
    tp = sum(len(pairs & text_found.get(url, set())) for url, pairs in expected.items())
    n_expected = sum(len(p) for p in expected.values())
    n_found = sum(len(p) for p in text_found.values())
    missed = {u: p - text_found.get(u, set()) for u, p in expected.items() if p - text_found.get(u, set())}
    false = {u: p - all_leaks.get(u, frozenset()) for u, p in text_found.items() if p - all_leaks.get(u, frozenset())}
    n_true_found = n_found - sum(len(p) for p in false.values())
    return Score(
        expected=n_expected,
        found=n_found,
        true_positives=tp,
        recall=tp / n_expected if n_expected else 1.0,
        precision=n_true_found / n_found if n_found else 1.0,
        missed=missed,
        false=false,
    )


def demo_config(home: Path, proxy: str, *, playwright: bool = False) -> Any:
    """The configuration of a sweep of simweb: loopback through its proxy, no politeness delay."""
    from service import config

    cfg = config.load({"X4WATCH_HOME": str(home)})
    cfg.crawl.proxy = proxy
    cfg.crawl.allow_loopback = True
    cfg.crawl.delay_seconds = 0.0
    cfg.crawl.per_host = 4
    cfg.crawl.timeout_seconds = 20
    cfg.crawl.max_response_bytes = 20_000_000
    cfg.playwright.enabled = playwright
    cfg.documents.ocr = False
    return cfg


def simweb_laos(web: Any) -> list[Any]:
    """The LAO rows simweb serves, each with its simulated home page as website."""
    from dataclasses import replace

    by_code = {lao.code: lao for lao in web.world.laos}
    return [replace(by_code[s.lao_code], website=s.home_url) for s in web.sites]


def child_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def project_hours(sites: int, requests_per_site: float, docs_per_s: float, cfg: Any, latency: float) -> float:
    """Hours for REAL_SITES real sites under the stated politeness and latency assumptions."""
    per_request = cfg.crawl.delay_seconds + latency
    site_seconds = requests_per_site * per_request / max(cfg.crawl.per_host, 1)
    parallel_sites = max(cfg.crawl.concurrency / max(cfg.crawl.per_host, 1), 1)
    network_hours = REAL_SITES * site_seconds / parallel_sites / 3600
    parse_hours = REAL_SITES * requests_per_site / max(docs_per_s, 1e-9) / 3600
    return max(network_hours, parse_hours)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.5, help="assumed real network latency per request (s)")
    args = parser.parse_args(argv)

    from crawler.sweep import run_sweep
    from service import config
    from simweb import SimWeb
    from store import Store

    with tempfile.TemporaryDirectory(prefix="x4watch-bench-crawl-") as tmp:
        home = Path(tmp)
        with SimWeb(sites=args.sites, seed=args.seed, cache_dir=home / "simweb") as web:
            cfg = demo_config(home, web.proxy_url)
            laos = simweb_laos(web)
            store = Store(cfg.store_path)
            store.upsert_laos(laos)
            t0 = time.perf_counter()
            first = run_sweep(cfg, laos, store=store)
            t1 = time.perf_counter()
            second = run_sweep(cfg, laos, store=store)
            t2 = time.perf_counter()
            result = score(web.truth(cfg.secret_key()), found_leaks(store), js=False)
        first_s, second_s = t1 - t0, t2 - t1
        requests = first.pages + first.documents
        pages_per_s = requests / first_s
        docs_per_s = first.documents / first_s
        real = config.load({"X4WATCH_HOME": str(home)})
        hours = project_hours(args.sites, requests / max(first.sites_done, 1), docs_per_s, real, args.latency)
    print(f"sites {args.sites}: first sweep {first_s:.1f} s ({first.pages} pages, {first.documents} documents)")
    print(f"  {pages_per_s:.1f} fetches/s, {docs_per_s:.1f} documents/s, {first.findings} findings, {first.errors} errors")
    print(f"  recall {result.recall:.4f} ({result.true_positives}/{result.expected}), precision {result.precision:.4f}")
    print(f"second (unchanged) sweep {second_s:.1f} s: {second.unchanged} unchanged, speed-up {first_s / second_s:.1f}x")
    print(f"peak RSS of the crawl process {child_peak_rss_mb():.0f} MB")
    print(
        f"projected national sweep ({REAL_SITES} real sites, {requests / max(first.sites_done, 1):.0f} requests/site, "
        f"delay {real.crawl.delay_seconds} s + latency {args.latency} s per request, {real.crawl.per_host} per host, "
        f"{real.crawl.concurrency} in flight): {hours:.1f} h"
    )
    print(
        f"RESULT sites={args.sites} pages_per_s={pages_per_s:.2f} docs_per_s={docs_per_s:.2f} "
        f"findings={first.findings} recall={result.recall:.4f} precision={result.precision:.4f} "
        f"peak_rss_mb={child_peak_rss_mb():.0f} resweep_speedup={first_s / second_s:.2f} projected_hours={hours:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
