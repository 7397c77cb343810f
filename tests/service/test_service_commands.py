"""The notify, report and serve verbs through the real CLI entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli import main
from store import Store
from testkit.notify import seed


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)
    seed(Store(tmp_path / "x4watch.duckdb"))
    return tmp_path


def test_notify_dry_run_report_and_status(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notify", "send", "--dry-run"]) == 0
    assert len(list((home / "outbox-dry-run").glob("*.eml"))) == 4
    assert main(["report", "weekly", "--week", "2026-W47", "--out", str(home / "r")]) == 0
    assert (home / "r" / "x4watch-weekly-2026-W47.pdf").exists()
    assert main(["serve", "--status"]) == 0
    assert main(["notify", "problems"]) == 0
    out = capsys.readouterr().out
    assert "no job has run yet" in out and "nothing needs attention" in out


def test_bad_week_is_one_line_and_exit_2(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "weekly", "--week", "W47"]) == 2
    assert "2026-W47" in capsys.readouterr().err
