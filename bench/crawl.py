"""Benchmark of the sweep: simulated LAO sites on loopback, swept twice into a fresh store.

Reports pages/s, documents/s, findings, recall and precision against simweb's ground truth (text
documents: OCR'd scans are reported apart), the peak memory of the crawl process alone and of the
whole sweep (``TreeMemory``), the speed-up of a second sweep of the unchanged web, and the projected
time of a real national sweep.

    python -m bench.crawl                # 300 sites
    python -m bench.crawl --sites 7850 --size small   # the national figure (small simulated sites)
    python -m bench.crawl --revisit-days 0            # every known URL asked again in the second sweep

Projection assumptions (real sites are slower than loopback): each real site is swept politely,
``crawl.per_host`` requests at a time with ``crawl.delay_seconds`` between them plus a network
latency per request (``--latency``, default 0.5 s), so a site of R requests takes about
R × (delay + latency) / per_host; ``crawl.concurrency`` requests in flight across all sites bound
the parallelism; parsing is bounded by the documents/s measured here.

``legacy_tls_recall`` is the recall on the sites that speak TLS 1.0 only (read through the legacy
fallback); ``spam_pages_cut`` is the share of the injected gambling-spam pages (simweb's truth)
that neither sweep ever requested.

Every simulated document is rendered before the clock starts, so both sweeps measure the crawler,
not simweb generating files on the same two cores.

The second sweep asks only for what is due (``crawler.revisit``): URLs still fresh by their
Last-Modified are not asked at all, the rest conditionally, and pages answering 304 are followed by
their stored links. Its time includes the one hung document per 25 sites, which waits for
``crawl.timeout_seconds`` in every sweep: over a few hundred sites that tail dominates the ratio;
over the national set it is spread across the sweep.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REAL_SITES = 7850
WAYS = (("off-site",), ("sitemap", "wp-media", "archive"))
"""Documents only an off-site link reaches, and those only an unlinked list names: recall apart."""


def sweep_config(home: Path, proxy: str, *, playwright: bool = False, ocr: bool = False) -> Any:
    """The demo's configuration (loopback through simweb, no delay), OCR off unless asked, under ``home``."""
    from core import config
    from service.commands.demo import demo_config

    cfg = demo_config(config.load({"X4WATCH_HOME": str(home)}), proxy)
    cfg.playwright.enabled = playwright
    cfg.documents.ocr = ocr
    return cfg


def scanned_recall(truth: Any, found: dict[str, set[tuple[str, str]]]) -> float:
    """Share of the leaks in scanned documents (readable only by OCR) that the sweep found."""
    scanned = {doc.url for doc in truth.documents if doc.ocr}
    expected = {url: pairs for url, pairs in truth.expected(js=False, ocr=True).items() if url in scanned}
    total = sum(len(pairs) for pairs in expected.values())
    hits = sum(len(pairs & found.get(url, set())) for url, pairs in expected.items())
    return hits / total if total else 1.0


def child_peak_rss_mb() -> float:
    """Peak RSS of the largest single descendant (the crawl process): ``RUSAGE_CHILDREN``."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def children_cpu_s() -> float:
    """CPU seconds (user and system) of every descendant waited for so far: a sweep's crawl process
    with its parse workers. Unlike wall time it does not depend on how many cores the sweep could
    keep busy, nor on the other tenants of a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class TreeMemory:
    """Peak total memory of this process's descendants, sampled twice a second while in ``with``.

    The goal is about the whole sweep (the crawl process, its parse workers, a browser), which
    ``RUSAGE_CHILDREN`` cannot show: it keeps the largest single process. Each process counts by its
    proportional set size (PSS: a page shared by N processes counts 1/N to each), so forked workers
    are not counted twice. simweb runs in this process and is left out: it is not part of x4watch.
    """

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-memory", daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            total_kb = sum(_pss_kb(pid) for pid in descendants(os.getpid()))
            self.peak_mb = max(self.peak_mb, total_kb / 1024)


def descendants(root: int) -> list[int]:
    """Every process under ``root`` (children, their children...), read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def project_hours(
    requests_per_site: float, parsed_per_site: float, docs_per_s: float, cfg: Any, latency: float
) -> float:
    """Hours for REAL_SITES real sites under the stated politeness and latency assumptions: the
    slower of the network (requests at ``per_host`` a site, ``concurrency`` in all) and parsing (at
    the documents/s measured here)."""
    per_request = cfg.crawl.delay_seconds + latency
    site_seconds = requests_per_site * per_request / max(cfg.crawl.per_host, 1)
    parallel_sites = max(cfg.crawl.concurrency / max(cfg.crawl.per_host, 1), 1)
    network_hours = REAL_SITES * site_seconds / parallel_sites / 3600
    parse_hours = REAL_SITES * parsed_per_site / max(docs_per_s, 1e-9) / 3600
    return max(network_hours, parse_hours)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.5, help="assumed real network latency per request (s)")
    parser.add_argument("--size", choices=("normal", "small"), default="normal", help="documents per simulated site")
    parser.add_argument("--ocr", action="store_true", help="OCR scans as the default configuration does (slow)")
    parser.add_argument("--cache-dir", type=Path, help="keep simweb's rendered documents here between runs")
    parser.add_argument("--revisit-days", type=float, help="crawl.revisit_days for both sweeps (0: ask for everything)")
    args = parser.parse_args(argv)

    from core import config
    from crawler.sweep import run_sweep
    from simweb import SimWeb
    from store import Store
    from testkit.score import found_leaks, recall_of, score, simweb_laos

    with tempfile.TemporaryDirectory(prefix="x4watch-bench-crawl-") as tmp:
        home = Path(tmp)
        web = SimWeb(sites=args.sites, seed=args.seed, cache_dir=args.cache_dir or home / "simweb", size=args.size)
        warm_started = time.perf_counter()
        rendered = web.warm()
        print(f"simweb: {rendered} documents rendered before timing in {time.perf_counter() - warm_started:.0f} s")
        with web:
            cfg = sweep_config(home, web.proxy_url, ocr=args.ocr)
            cfg.crawl.archive = True  # simweb's archive index: the unlinked documents only it names
            if args.revisit_days is not None:
                cfg.crawl.revisit_days = args.revisit_days
            laos = simweb_laos(web)
            store = Store(cfg.store_path)
            store.upsert_laos(laos)
            with TreeMemory() as memory:
                t0, c0 = time.perf_counter(), children_cpu_s()
                first = run_sweep(cfg, laos, store=store)
                t1, c1 = time.perf_counter(), children_cpu_s()
                second = run_sweep(cfg, laos, store=store)
                t2, c2 = time.perf_counter(), children_cpu_s()
            truth, found = web.truth(cfg.secret_key()), found_leaks(store)
            result = score(truth, found, js=False, archive=True)
            offsite, unlinked = (score(truth, found, js=False, archive=True, via=v).recall for v in WAYS)
            ocr_recall = scanned_recall(truth, found) if args.ocr else None
            legacy_recall = recall_of(truth, found, {s.lao_code for s in web.sites if "legacy_tls" in s.faults})
            spam_cut = 1 - len(set(truth.spam) & set(web.counters.spam)) / len(truth.spam) if truth.spam else 1.0
        first_s, second_s = t1 - t0, t2 - t1
        requests = first.pages + first.documents
        pages_per_s = requests / first_s
        docs_per_s = first.documents / first_s
        real = config.load({"X4WATCH_HOME": str(home)})
        sites_done = max(first.sites_done, 1)
        per_site = requests / sites_done
        hours = project_hours(per_site, first.parsed / sites_done, docs_per_s, real, args.latency)
        asked_per_site = (second.pages + second.documents) / sites_done
        resweep_hours = project_hours(asked_per_site, second.parsed / sites_done, docs_per_s, real, args.latency)
    speedup = first_s / second_s
    first_cpu, second_cpu = c1 - c0, c2 - c1
    rss = child_peak_rss_mb()
    print(f"sites {args.sites}: first sweep {first_s:.1f} s, {first.pages} pages, {first.documents} documents")
    print(f"  {pages_per_s:.1f} fetches/s, {docs_per_s:.1f} documents/s")
    print(f"  {first.findings} findings, {first.errors} errors recorded")
    print(f"  recall {result.recall:.4f} ({result.true_positives}/{result.expected})")
    print(f"  precision {result.precision:.4f}")
    print(f"  recall on off-site files {offsite:.4f}, on documents no link leads to {unlinked:.4f}")
    if ocr_recall is not None:
        print(f"  recall on scanned documents (OCR) {ocr_recall:.4f}")
    print(f"  recall on TLS 1.0-only sites {legacy_recall:.4f}; injected spam pages never requested {spam_cut:.4f}")
    print(
        f"second (unchanged) sweep {second_s:.1f} s: {second.pages + second.documents} fetches, "
        f"{second.unchanged} unchanged ({second.not_modified} answered 304), {second.fresh} fresh (not asked), "
        f"{second.parsed} parsed"
    )
    print(
        f"  speed-up {speedup:.1f}x; peak RSS of the crawl process {rss:.0f} MB, "
        f"of the whole sweep (crawl process, parse workers, browser; PSS) {memory.peak_mb:.0f} MB"
    )
    print(
        f"  CPU of the crawl processes: first sweep {first_cpu:.0f} s, second {second_cpu:.0f} s "
        f"({first_cpu / second_cpu:.1f}x less)"
    )
    print(
        f"projected national sweep: {REAL_SITES} real sites x {per_site:.0f} requests, "
        f"{real.crawl.delay_seconds} s delay + {args.latency} s latency per request, "
        f"{real.crawl.per_host} per host, {real.crawl.concurrency} in flight: {hours:.1f} h; "
        f"the weekly re-sweep after it ({asked_per_site:.0f} requests a site): {resweep_hours:.1f} h"
    )
    print(
        f"RESULT sites={args.sites} pages_per_s={pages_per_s:.2f} docs_per_s={docs_per_s:.2f} "
        f"findings={first.findings} recall={result.recall:.4f} precision={result.precision:.4f} "
        f"peak_rss_mb={rss:.0f} peak_tree_mb={memory.peak_mb:.0f} resweep_speedup={speedup:.2f} "
        f"resweep_cpu_ratio={first_cpu / second_cpu:.2f} projected_hours={hours:.2f} "
        f"projected_resweep_hours={resweep_hours:.2f} offsite_recall={offsite:.4f} unlinked_recall={unlinked:.4f}"
        f" legacy_tls_recall={legacy_recall:.4f} spam_pages_cut={spam_cut:.4f}"
        + (f" ocr_recall={ocr_recall:.4f}" if ocr_recall is not None else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
