"""``x4watch users add`` writes a working login; ``x4watch dashboard`` hands its settings over by env."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core import config
from core.errors import ConfigError
from dashboard import auth
from service.commands import dashboard, users


def _run_users_add(tmp_path: Path, name: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "users", "add", name, "--role", "viewer", "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        env={"X4WATCH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_users_add_appends_a_login_that_authenticates(tmp_path: Path) -> None:
    result = _run_users_add(tmp_path, "malee", "long-enough-pw")
    assert result.returncode == 0, result.stderr
    assert "long-enough-pw" not in (tmp_path / "x4watch.toml").read_text()
    cfg = config.load({"X4WATCH_HOME": str(tmp_path)})
    assert auth.authenticate(auth.load_users(cfg), "malee", "long-enough-pw") == auth.User("malee", "viewer")


def test_users_add_refuses_a_duplicate_and_a_short_password(tmp_path: Path) -> None:
    assert _run_users_add(tmp_path, "malee", "long-enough-pw").returncode == 0
    duplicate = _run_users_add(tmp_path, "malee", "another-long-pw")
    assert duplicate.returncode == 2 and "already has a user" in duplicate.stderr
    short = _run_users_add(tmp_path, "somsak", "short")
    assert short.returncode == 2 and "shorter than" in short.stderr


def test_login_name_must_be_a_bare_toml_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="letters, digits"):
        users.add_user(tmp_path / "x.toml", 'a"] = 1', "admin", "scrypt$x")


def test_dashboard_process_gets_absolute_home_and_store_path(tmp_path: Path) -> None:
    cfg = config.load({"X4WATCH_HOME": str(tmp_path / "home")})
    env = dashboard.streamlit_env(cfg, base={"PATH": "/usr/bin"})
    assert Path(env["X4WATCH_HOME"]).is_absolute()
    assert env["X4WATCH_STORE_PATH"].endswith("x4watch.duckdb")
    assert str(dashboard.ROOT) in env["PYTHONPATH"].split(":")
    command = dashboard.streamlit_command(8765)
    assert "--server.address=127.0.0.1" in command and "--browser.gatherUsageStats=false" in command


def test_the_file_of_password_hashes_and_the_home_are_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _run_users_add(home, "malee", "long-enough-pw").returncode == 0
    assert (home / "x4watch.toml").stat().st_mode & 0o777 == 0o600
    assert home.stat().st_mode & 0o777 == 0o700
    shared = tmp_path / "old.toml"
    shared.write_text("")
    shared.chmod(0o644)  # written by hand, or by an older x4watch
    users.add_user(shared, "somsak", "viewer", "scrypt$x")
    assert shared.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("address", "warned"),
    [("127.0.0.1", False), ("localhost", False), ("::1", False), ("0.0.0.0", True), ("::", True), ("dash.lan", True)],
)
def test_an_address_beyond_loopback_is_warned_about(address: str, warned: bool) -> None:
    warning = dashboard.exposure_warning(address)
    assert (warning is not None) == warned
    if warning:
        assert f"listens on {address}" in warning and "127.0.0.1" in warning
