"""``x4watch users add NAME --role analyst``: add a dashboard login to the TOML file.

Asks for the password twice (or reads one line from stdin with ``--password-stdin``), hashes it
with scrypt (see ``dashboard.auth`` for the format) and appends a ``[dashboard.users.NAME]`` table
to the configuration file in force, or to ``$X4WATCH_HOME/x4watch.toml`` when there is none. The
password itself is never written or printed.
"""

from __future__ import annotations

import getpass
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from core import config
from core.config import Config
from core.errors import ConfigError

NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MIN_PASSWORD = 8


def register(sub: Any) -> None:
    parser = sub.add_parser("users", help="manage dashboard logins", description="Manage dashboard logins.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a login (password hashed with scrypt into the TOML file)")
    add.add_argument("name", help="login name (letters, digits, _ and -)")
    add.add_argument(
        "--role", choices=("admin", "analyst", "viewer"), default="analyst", help="default analyst"
    )
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(run=run)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise ConfigError("the two passwords differ: run the command again")
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"the password is shorter than {MIN_PASSWORD} characters: choose a longer one")
    return password


def target_file(cfg: Config) -> Path:
    """The TOML file in force, else the one under X4WATCH_HOME (created)."""
    return config.config_file(dict(os.environ)) or cfg.home_path / "x4watch.toml"


def add_user(path: Path, name: str, role: str, password_hash: str) -> None:
    """Append the user's table to ``path``, refusing a duplicate or a result that is not valid TOML."""
    if not NAME.match(name):
        raise ConfigError(f"login name {name!r} may hold only letters, digits, _ and -")
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = f'{old.rstrip()}\n\n[dashboard.users.{name}]\nrole = "{role}"\npassword_hash = "{password_hash}"\n'
    try:
        users = tomllib.loads(old).get("dashboard", {}).get("users", {})
        if name in users:
            raise ConfigError(f"{path} already has a user {name!r}: edit or remove it there first")
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot add the user to {path}: {exc}; add it by hand") from exc
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # password hashes: owner only
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(new.lstrip())
    os.chmod(tmp, 0o600)  # an older tmp left by a crash keeps its mode through O_CREAT
    tmp.replace(path)


def run(args: Any, cfg: Config) -> int:
    from dashboard.auth import hash_password

    path = target_file(cfg)
    add_user(path, args.name, args.role, hash_password(_password(args.password_stdin)))
    print(f"added {args.role} {args.name!r} to {path}")
    return 0
