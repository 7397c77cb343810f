"""Benchmark of the dashboard: time to first render at national scale, measured in the browser.

Fills a store with synthetic findings over the 7,850 LAOs through the store's own bulk ingest (the
generator of ``bench.store``), moves a share of the cases along the lifecycle, starts
``x4watch dashboard`` on loopback with the query cache off (``dashboard.cache_seconds=0``, so every
render asks the store: the cold case), logs in with headless chromium and times:

- overview: click "ภาพรวม" in the navigation until the counts, the map canvas and the weekly trend
  image are drawn and the script has finished;
- drill-down: pick a province (a different one each run) until its LAO table is drawn and the
  script has finished;

then the same two pages as scripts alone (Streamlit's AppTest, no browser), the server's share.
The machine's load average is printed: on a shared 2-core machine the browser figures move with it.

    python -m bench.dashboard                        # 1,000,000 findings (ingest takes ~2 minutes)
    python -m bench.dashboard --findings 100000      # quicker
    python -m bench.dashboard --store var/bench.duckdb   # build once, reuse on later runs

Goal: under 1.5 s p95 for both at 1,000,000 findings.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from playwright.sync_api import Page

from bench import store as store_bench
from dashboard import geo
from seeds import load_laos
from store import Store
from testkit.dashboard import chromium, log_in, running_dashboard

SCRIPT_DONE_MS = 60_000
PAGES = Path(__file__).resolve().parents[1] / "dashboard" / "pages"


def build(path: Path, findings: int, rng: random.Random) -> None:
    """A store of ``findings`` findings unless ``path`` already holds one."""
    if path.exists():
        print(f"reusing {path}")
        return
    laos = load_laos()
    store = Store(path, batch_size=5_000 * store_bench.FINDINGS_PER_DOCUMENT)
    store.upsert_laos(laos)
    rate = store_bench.ingest(store, laos, findings, 5_000, rng)
    store_bench.move_cases(store, rng)
    print(f"built {path}: {findings:,} findings over {len(laos):,} LAOs ({rate:,.0f} findings/s)")


def settled(page: Page) -> None:
    """Wait until Streamlit reports the script run finished (its status widget is gone)."""
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=SCRIPT_DONE_MS)


def time_overview(page: Page) -> float:
    page.get_by_role("link", name="สถานะการตรวจ").click()
    page.get_by_text("ประวัติการตรวจ").wait_for(timeout=SCRIPT_DONE_MS)
    settled(page)
    started = time.perf_counter()
    page.get_by_role("link", name="ภาพรวม").click()
    page.get_by_text("การรั่วไหลที่ยังเปิดอยู่").wait_for(timeout=SCRIPT_DONE_MS)
    page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.wait_for(timeout=SCRIPT_DONE_MS)
    page.locator("[data-testid='stImage'] img").first.wait_for(timeout=SCRIPT_DONE_MS)
    settled(page)
    return time.perf_counter() - started


def time_drilldown(page: Page, province: str) -> float:
    box = page.get_by_role("combobox", name="จังหวัด", exact=True)
    box.click()
    box.press_sequentially(province)
    option = page.get_by_role("option", name=province, exact=True)
    option.wait_for(timeout=SCRIPT_DONE_MS)
    started = time.perf_counter()
    option.click()
    page.get_by_text(f"อปท. ในจังหวัด {province}").wait_for(timeout=SCRIPT_DONE_MS)
    page.get_by_role("combobox", name="เลือก อปท.").wait_for(timeout=SCRIPT_DONE_MS)
    settled(page)
    return time.perf_counter() - started


def summary(name: str, samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{name:<12} runs={len(ordered):<3} median={p50:.3f} s  p95={p95:.3f} s  max={ordered[-1]:.3f} s")
    return p50, p95


def measure(url: str, password: str, runs: int, rng: random.Random) -> dict[str, list[float]]:
    provinces = rng.sample(list(geo.provinces()["name_th"]), runs)
    times: dict[str, list[float]] = {"overview": [], "drilldown": []}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        log_in(page, url, password)
        settled(page)
        steps: list[Callable[[], float]] = [lambda: time_overview(page)] * runs
        times["overview"] = [step() for step in steps]
        page.get_by_role("link", name="เจาะลึก").click()
        page.get_by_text("ค้นหา อปท. ตามชื่อหรือรหัส").wait_for(timeout=SCRIPT_DONE_MS)
        settled(page)
        times["drilldown"] = [time_drilldown(page, province) for province in provinces]
    return times


def measure_server(path: Path, runs: int, rng: random.Random) -> dict[str, list[float]]:
    """The same two renders as scripts only (Streamlit's AppTest, no browser): the server's share."""
    os.environ["X4WATCH_STORE_PATH"] = str(path.resolve())
    os.environ["X4WATCH_DASHBOARD_CACHE_SECONDS"] = "0"
    from streamlit.testing.v1 import AppTest

    from dashboard.auth import User

    def run(name: str, province: str) -> float:
        at = AppTest.from_file(str(PAGES / name), default_timeout=120)
        at.session_state["user"] = User("bench", "viewer")
        at.session_state["province"] = province
        started = time.perf_counter()
        at.run()
        assert not at.exception, at.exception
        return time.perf_counter() - started

    codes = list(geo.provinces()["province_code"])
    return {
        "overview": [run("overview.py", "") for _ in range(runs)],
        "drilldown": [run("drilldown.py", rng.choice(codes)) for _ in range(runs)],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--findings", type=int, default=1_000_000, help="findings in the store (default 1,000,000)"
    )
    parser.add_argument("--runs", type=int, default=12, help="timed renders of each page")
    parser.add_argument("--store", type=Path, help="build the store here, or reuse it if it exists")
    args = parser.parse_args(argv)
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.duckdb"
        build(path, args.findings, rng)
        findings = int(Store(path).overview().findings)
        settings = {"X4WATCH_STORE_PATH": str(path.resolve()), "X4WATCH_DASHBOARD_CACHE_SECONDS": "0"}
        with running_dashboard(Path(tmp), settings) as (url, password):
            times = measure(url, password, args.runs, rng)
        server = measure_server(path, args.runs, rng)
    print(f"store: {findings:,} findings; query cache off (every render asks the store)")
    print(f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("in chromium (click to drawn and script finished):")
    overview_p50, overview_p95 = summary("overview", times["overview"])
    drilldown_p50, drilldown_p95 = summary("drill-down", times["drilldown"])
    print("script only (AppTest, no browser):")
    _, server_overview_p95 = summary("overview", server["overview"])
    _, server_drilldown_p95 = summary("drill-down", server["drilldown"])
    print(
        f"RESULT findings={findings} overview_p95_s={overview_p95:.3f} drilldown_p95_s={drilldown_p95:.3f} "
        f"overview_p50_s={overview_p50:.3f} drilldown_p50_s={drilldown_p50:.3f} "
        f"server_overview_p95_s={server_overview_p95:.3f} server_drilldown_p95_s={server_drilldown_p95:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
