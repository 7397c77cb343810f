"""``x4watch demo --no-browser``: the README's main command runs the whole loop, exits 0, and keeps
the console short: Scrapy's and Twisted's lines go to the crawl log, site faults make no traceback.

Slow (about a minute): run with ``pytest -m slow tests/crawler/test_demo.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

CONSOLE_LINES = 60


@pytest.mark.slow
def test_demo_without_browser_runs_the_loop_on_a_quiet_console(tmp_path: Path) -> None:
    env = {**os.environ, "X4WATCH_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "demo", "--sites", "20", "--no-browser"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    console = done.stdout
    assert done.returncode == 0, console[-2000:]
    assert "recall" in console and "progress: sites" in console
    assert len(console.splitlines()) < CONSOLE_LINES, console
    assert "Traceback" not in console and "scrapy" not in console.lower()
    assert (tmp_path / "demo" / "x4watch.duckdb").exists()
    assert any((tmp_path / "demo" / "reports").glob("*.pdf"))
    crawl_log = (tmp_path / "demo" / "logs" / "crawl.log").read_text()
    assert "scrapy.core.engine" in crawl_log and "Spider closed" in crawl_log
    assert "crawler.extensions: progress: sites" in crawl_log
    assert "Traceback" not in crawl_log  # the simulated resets and TLS faults are one line each
    loop = re.search(
        r"the re-check remediated (\d+) case\(s\) \((\d+) went notified → acknowledged → remediated\)", console
    )
    assert loop and int(loop.group(2)) > 0, console
    report = re.search(
        r"report: this week \d+ notified, (\d+) acknowledged, (\d+) remediated after notice \(median ([\d.]+) days",
        console,
    )
    assert report and int(report.group(1)) > 0 and int(report.group(2)) >= int(loop.group(2)), console
    con = duckdb.connect(str(tmp_path / "demo" / "x4watch.duckdb"), read_only=True)
    try:
        chains = con.execute(
            "SELECT count(*) FROM (SELECT case_id, list(to_state ORDER BY id) AS s FROM case_events GROUP BY case_id) "
            "WHERE list_position(s, 'notified') < list_position(s, 'acknowledged') "
            "AND list_position(s, 'acknowledged') < list_position(s, 'remediated')"
        ).fetchone()
        lao_actions = con.execute("SELECT count(*) FROM case_events WHERE who LIKE 'lao:%'").fetchone()
    finally:
        con.close()
    assert chains is not None and chains[0] == int(loop.group(2))
    assert lao_actions is not None and lao_actions[0] > 0
