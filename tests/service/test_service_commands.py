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


def test_portal_links_are_issued_listed_and_revoked_from_the_command_line(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from core import config
    from portal import tokens
    from service.commands.notify import open_store

    assert main(["portal", "link", "--lao", "6940101"]) == 0
    link = capsys.readouterr().out.strip()
    assert link.startswith("http://127.0.0.1:8502/p/")
    token = link.rsplit("/", 1)[1]
    cfg = config.load()
    assert isinstance(tokens.check(cfg, open_store(cfg), token), tokens.Grant)
    assert main(["portal", "links", "--lao", "6940101"]) == 0
    listed = capsys.readouterr().out
    assert "6940101" in listed and token not in listed
    assert main(["portal", "revoke", "--lao", "6940101", "--who", "ann"]) == 0
    assert "1 link(s) revoked" in capsys.readouterr().out
    assert tokens.check(cfg, open_store(cfg), token) == tokens.REFUSED_REVOKED
    assert main(["portal", "link", "--lao", "0000000"]) == 2
