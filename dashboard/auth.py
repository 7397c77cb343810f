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

import base64
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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """The ``scrypt$N$r$p$SALT$HASH`` string for ``password`` with a fresh random salt."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches ``encoded``; a malformed hash matches nothing."""
    try:
        scheme, n, r, p, salt, key = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = _unb64(key)
        actual = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected))
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


class LoginThrottle:
    """Slows password guessing: after ``max_failures`` failed logins for one name within ``window``
    seconds, that name is refused for ``lockout`` seconds, even with the right password.

    One Streamlit server process serves every browser session, so one module-level throttle
    (``THROTTLE``) counts the failures of all of them. A restart forgets the counts; scrypt's cost
    (about 50 ms a try) still bounds the rate.
    """

    def __init__(
        self,
        max_failures: int = 5,
        window: float = 900.0,
        lockout: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.lockout = lockout
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked_for(self, name: str) -> float:
        """Seconds before ``name`` may try again (0 when it may now)."""
        with self._lock:
            return max(self._locked_until.get(name.strip(), 0.0) - self.clock(), 0.0)

    def __len__(self) -> int:
        """Names with recent failures or a lock: what the throttle holds in memory."""
        with self._lock:
            return len(self._failures.keys() | self._locked_until.keys())

    def failed(self, name: str) -> None:
        key, now = name.strip(), self.clock()
        with self._lock:
            self._forget_expired(now)
            recent = [t for t in self._failures.get(key, []) if now - t < self.window] + [now]
            self._failures[key] = recent
            if len(recent) >= self.max_failures:
                self._locked_until[key] = now + self.lockout
                del self._failures[key]
                log.warning("login %r locked for %.0f s after %d failures", key, self.lockout, len(recent))

    def _forget_expired(self, now: float) -> None:
        """Drop names whose failures are all older than the window and locks that ran out, so
        guessing with ever new names cannot grow the throttle without bound."""
        self._failures = {k: ts for k, ts in self._failures.items() if now - ts[-1] < self.window}
        self._locked_until = {k: until for k, until in self._locked_until.items() if until > now}

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.strip(), None)


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
