"""``x4watch demo --no-browser``: the README's main command runs the whole loop and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.slow
def test_demo_without_browser_runs_the_loop_and_says_where_everything_is(tmp_path: Path) -> None:
    env = {**os.environ, "X4WATCH_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "demo", "--sites", "16", "--no-browser"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "recall" in done.stdout
    assert (tmp_path / "demo" / "x4watch.duckdb").exists()
    assert any((tmp_path / "demo" / "reports").glob("*.pdf"))
