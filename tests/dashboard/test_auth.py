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


def test_misses_from_one_client_slow_it_with_growing_delays_but_never_lock_the_owner_out() -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    for _ in range(3):
        assert throttle.wait_for("somchai", "10.9.9.9") == 0
        throttle.failed("somchai", "10.9.9.9")
    waits = []
    for _ in range(4):
        waits.append(throttle.wait_for(" somchai ", "10.9.9.9"))
        clock.now += waits[-1]
        throttle.failed("somchai", "10.9.9.9")
    assert waits == [2, 4, 8, 16], "each further miss doubles the wait"
    assert throttle.wait_for("somchai", "10.1.1.1") == 0, "the owner at another address signs in at once"
    assert throttle.wait_for("malee", "10.9.9.9") == 0, "one name's misses slow no other"
    for _ in range(20):
        clock.now += throttle.wait_for("somchai", "10.9.9.9")
        throttle.failed("somchai", "10.9.9.9")
    assert throttle.wait_for("somchai", "10.9.9.9") == 300, "the wait is capped"


def test_misses_spread_over_many_clients_slow_the_name_a_little_and_a_success_clears_its_client() -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    for n in range(40):
        clock.now += throttle.wait_for("somchai", f"10.0.0.{n}")
        throttle.failed("somchai", f"10.0.0.{n}")
    assert 0 < throttle.wait_for("somchai", "10.1.1.1") <= 30, "slowed, never locked out"
    throttle.failed("malee", "10.2.2.2")
    throttle.failed("malee", "10.2.2.2")
    throttle.succeeded("malee", "10.2.2.2")
    throttle.failed("malee", "10.2.2.2")
    assert throttle.wait_for("malee", "10.2.2.2") == 0


def test_counts_whose_failures_expired_are_forgotten() -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(forget=900, clock=clock)
    for n in range(100):
        throttle.failed(f"guess{n}", "10.9.9.9")
    assert len(throttle) == 200, "a (name, client) count and a name count each"
    clock.now += 901
    throttle.failed("someone", "10.9.9.9")
    assert len(throttle) == 2
