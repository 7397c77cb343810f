"""Dashboard logins: scrypt hashes, roles from the TOML file, and the one-time demo admin."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from core import config
from core.errors import ConfigError
from dashboard import auth


def test_password_verifies_against_its_hash_and_nothing_else() -> None:
    encoded = auth.hash_password("ร้อนมาก-2569")
    assert encoded.startswith("scrypt$16384$8$1$")
    assert auth.verify_password("ร้อนมาก-2569", encoded)
    assert not auth.verify_password("ร้อนมาก-2568", encoded)


def test_same_password_hashes_differently_each_time() -> None:
    assert auth.hash_password("secret") != auth.hash_password("secret")


@pytest.mark.parametrize("encoded", ["", "plain", "md5$1$2$3$4$5", "scrypt$x$8$1$abc$def"])
def test_malformed_hash_matches_nothing(encoded: str) -> None:
    assert not auth.verify_password("anything", encoded)


def test_configured_user_logs_in_with_role(tmp_path: Path) -> None:
    toml = tmp_path / "x4watch.toml"
    toml.write_text(f'[dashboard.users.somchai]\nrole = "viewer"\npassword_hash = "{auth.hash_password("pw1")}"\n')
    cfg = config.load({"X4WATCH_CONFIG": str(toml), "X4WATCH_HOME": str(tmp_path)})
    users = auth.load_users(cfg)
    user = auth.authenticate(users, "somchai", "pw1")
    assert user == auth.User("somchai", "viewer")
    assert not user.can_edit
    assert auth.authenticate(users, "somchai", "pw2") is None
    assert auth.authenticate(users, "nobody", "pw1") is None


def test_user_without_valid_role_is_refused_at_load(tmp_path: Path) -> None:
    toml = tmp_path / "x4watch.toml"
    toml.write_text('[dashboard.users.x]\nrole = "boss"\npassword_hash = "scrypt$1"\n')
    cfg = config.load({"X4WATCH_CONFIG": str(toml), "X4WATCH_HOME": str(tmp_path)})
    with pytest.raises(ConfigError, match=r"dashboard\.users\.x"):
        auth.load_users(cfg)


def test_demo_admin_gets_a_fresh_password_each_launch_and_only_its_hash_is_kept(tmp_path: Path) -> None:
    cfg = config.load({"X4WATCH_HOME": str(tmp_path)})
    assert auth.load_users(cfg) == {}
    first = auth.ensure_demo_admin(cfg)
    second = auth.ensure_demo_admin(cfg)
    assert first and second and first != second
    stored = auth.demo_file(cfg)
    assert second not in stored.read_text()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    users = auth.load_users(cfg)
    assert auth.authenticate(users, "admin", second) == auth.User("admin", "admin")
    assert auth.authenticate(users, "admin", first) is None


def test_no_demo_admin_when_users_are_configured(tmp_path: Path) -> None:
    toml = tmp_path / "x4watch.toml"
    toml.write_text(f'[dashboard.users.a]\nrole = "admin"\npassword_hash = "{auth.hash_password("p")}"\n')
    cfg = config.load({"X4WATCH_CONFIG": str(toml), "X4WATCH_HOME": str(tmp_path)})
    assert auth.ensure_demo_admin(cfg) is None
    assert not auth.demo_file(cfg).exists()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_lock_the_name_for_the_lockout_then_it_may_try_again() -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(max_failures=5, window=900, lockout=600, clock=clock)
    for _ in range(4):
        throttle.failed("somchai")
    assert throttle.locked_for("somchai") == 0
    throttle.failed(" somchai ")
    assert throttle.locked_for("somchai") == 600
    assert throttle.locked_for("malee") == 0, "one name's failures lock no other"
    clock.now += 601
    assert throttle.locked_for("somchai") == 0


def test_failures_spread_beyond_the_window_and_a_success_lock_nothing() -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(max_failures=3, window=60, lockout=600, clock=clock)
    for _ in range(4):
        throttle.failed("somchai")
        clock.now += 31  # never three within 60 s
    assert throttle.locked_for("somchai") == 0
    throttle.failed("somchai")
    throttle.succeeded("somchai")
    throttle.failed("somchai")
    assert throttle.locked_for("somchai") == 0


def test_names_whose_failures_expired_are_forgotten() -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(max_failures=2, window=60, lockout=120, clock=clock)
    for n in range(100):
        throttle.failed(f"guess{n}")
    throttle.failed("guess0")
    assert throttle.locked_for("guess0") == 120 and len(throttle) == 100
    clock.now += 61
    throttle.failed("someone")
    assert len(throttle) == 2, "only the lock on guess0 and the new failure are kept"
    clock.now += 60
    throttle.failed("someone else")
    assert throttle.locked_for("guess0") == 0 and len(throttle) == 1, "the lock ran out, so did the failure"
