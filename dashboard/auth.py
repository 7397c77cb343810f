"""Dashboard logins: users from ``[dashboard.users.NAME]`` with a role and an scrypt password hash.

Password hash format (one string, safe in TOML)::

    scrypt$N$r$p$SALT$HASH

where ``N``, ``r``, ``p`` are :func:`hashlib.scrypt`'s cost parameters in decimal, ``SALT`` is 16
random bytes and ``HASH`` the 32-byte derived key, both URL-safe base64 without padding. Make one
with ``x4watch users add NAME --role analyst`` (or ``python -c "from dashboard.auth import
hash_password; print(hash_password('...'))"``) and paste it into x4watch.toml::

    [dashboard.users.somchai]
    role = "analyst"
    password_hash = "scrypt$16384$8$1$..."

Roles: ``admin`` and ``analyst`` may change case states; ``viewer`` only reads. When no user is
configured (the demo), :func:`ensure_demo_admin` makes a one-time ``admin`` with a fresh random
password that the launching command prints; only its hash is kept, in ``$X4WATCH_HOME``. There is
no built-in default password.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import signing
from core.config import Config
from core.errors import ConfigError

ROLES = ("admin", "analyst", "viewer")
EDITOR_ROLES = frozenset({"admin", "analyst"})
DEMO_USER = "admin"
DEMO_FILE = "dashboard-demo-admin.toml"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class User:
    """A logged-in analyst: the name recorded with every case action, and what they may do."""

    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """The ``scrypt$N$r$p$SALT$HASH`` string for ``password`` with a fresh random salt."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${signing.b64(salt)}${signing.b64(key)}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches ``encoded``; a malformed hash matches nothing."""
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = signing.unb64(key)
        salt_bytes = signing.unb64(salt)
        actual = hashlib.scrypt(password.encode(), salt=salt_bytes, n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _checked(users: dict[str, Any], where: str) -> dict[str, dict[str, str]]:
    """The user table with each entry validated, so a typo fails at startup, not at login."""
    for name, entry in users.items():
        if not isinstance(entry, dict) or entry.get("role") not in ROLES or not entry.get("password_hash"):
            raise ConfigError(
                f"{where}.{name} needs role = one of {', '.join(ROLES)} and a password_hash "
                "(make one with `x4watch users add NAME --role analyst`)"
            )
    return users


def demo_file(cfg: Config) -> Path:
    return cfg.home_path / DEMO_FILE


def load_users(cfg: Config) -> dict[str, dict[str, str]]:
    """Configured users; without any, the demo admin kept in ``$X4WATCH_HOME`` (if one was made)."""
    if cfg.dashboard.users:
        return _checked(cfg.dashboard.users, "dashboard.users")
    path = demo_file(cfg)
    if not path.exists():
        return {}
    return _checked(tomllib.loads(path.read_text(encoding="utf-8")).get("users", {}), str(path))


def authenticate(users: dict[str, dict[str, str]], name: str, password: str) -> User | None:
    """The user when name and password match; None otherwise (without saying which was wrong)."""
    entry = users.get(name.strip())
    if entry is None:
        verify_password(password, hash_password("x"))  # same work either way: no user enumeration
        return None
    if not verify_password(password, entry["password_hash"]):
        return None
    return User(name.strip(), entry["role"])


@dataclass(frozen=True, slots=True)
class Delays:
    """How failed logins slow the next try: none for the first ``free`` failures, then ``base``
    seconds, doubling with each further failure, never more than ``cap``."""

    free: int
    base: float
    cap: float

    def after(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.base * float(2 ** min(failures - self.free, 32)), self.cap)


PER_CLIENT = Delays(free=3, base=2.0, cap=300.0)
"""One client guessing one name: after 3 misses, 2 s, 4 s... up to 5 min between tries."""
PER_NAME = Delays(free=30, base=1.0, cap=30.0)
"""Many clients guessing one name: its owner is slowed (at most 30 s), never locked out."""


class LoginThrottle:
    """Slows password guessing with growing delays, per (name, client) and more gently per name.

    A hard lock after five misses let anyone lock an analyst out for 15 minutes by typing their name
    (a denial of service needing no password). Delays per name *and client* leave the owner, at
    another address, untouched by a guesser's misses; the per-name delay, short and capped, still
    slows a guesser who spreads over many addresses, and scrypt (about 50 ms a try) bounds the rest.
    One Streamlit server process serves every browser session, so one module-level throttle
    (``THROTTLE``) counts for all of them; a restart forgets the counts. Counts are forgotten
    ``forget`` seconds after their last failure, so guessing with ever new names or addresses
    cannot grow the throttle without bound.
    """

    def __init__(
        self,
        per_client: Delays = PER_CLIENT,
        per_name: Delays = PER_NAME,
        forget: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_client = per_client
        self.per_name = per_name
        self.forget = max(forget, per_client.cap, per_name.cap)
        self.clock = clock
        self._failures: dict[tuple[str, ...], tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _keys(self, name: str, client: str) -> list[tuple[tuple[str, ...], Delays]]:
        return [((name.strip(), client), self.per_client), ((name.strip(),), self.per_name)]

    def wait_for(self, name: str, client: str) -> float:
        """Seconds before ``client`` may try ``name`` again (0 when it may now)."""
        now = self.clock()
        with self._lock:
            waits = [0.0]
            for key, delays in self._keys(name, client):
                count, last = self._failures.get(key, (0, now))
                waits.append(last + delays.after(count) - now)
            return max(waits)

    def __len__(self) -> int:
        """Counts held in memory: (name, client) pairs and names with recent failures."""
        with self._lock:
            return len(self._failures)

    def failed(self, name: str, client: str) -> None:
        now = self.clock()
        with self._lock:
            self._failures = {k: v for k, v in self._failures.items() if now - v[1] < self.forget}
            for key, _ in self._keys(name, client):
                self._failures[key] = (self._failures.get(key, (0, now))[0] + 1, now)
        wait = self.wait_for(name, client)
        if wait:
            log.warning("login %r: failed again; the next try waits %.0f s", name.strip(), wait)

    def succeeded(self, name: str, client: str) -> None:
        with self._lock:
            self._failures.pop((name.strip(), client), None)


THROTTLE = LoginThrottle()


def ensure_demo_admin(cfg: Config) -> str | None:
    """A fresh one-time password for the demo ``admin`` when no user is configured, else None.

    Each launch replaces the previous demo password, so the one printed on the terminal is always
    the one that works; only its hash is written (mode 0600).
    """
    if cfg.dashboard.users:
        return None
    password = secrets.token_urlsafe(12)
    path = demo_file(cfg)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f'[users.{DEMO_USER}]\nrole = "admin"\npassword_hash = "{hash_password(password)}"\n')
    tmp.replace(path)
    return password
