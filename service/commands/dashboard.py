"""``x4watch dashboard [--port P]``: run the Streamlit app on loopback for the monitoring centre.

The app is a separate ``streamlit run dashboard/server.py`` process (Streamlit's ASGI app with the
sign-in routes, ``dashboard.session``) started with headless settings
(no browser opened, no usage statistics, loopback address unless told otherwise). The
configuration reaches it through the environment: the absolute ``X4WATCH_HOME`` and store path,
the TOML file in force, and the case settings the store needs. Without configured users a one-time
demo admin is made and its password printed here, once per launch. An address other than loopback
(``--address 0.0.0.0``) gets a warning on stderr.

``x4watch demo`` reuses :func:`start` and :func:`announce`.
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from core import config
from core.config import Config

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "server.py"
DEFAULT_PORT = 8501


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "dashboard",
        help="run the analysts' Streamlit dashboard",
        description="Run the Streamlit dashboard (Thai, with an English switch) on loopback.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback only)"
    )
    parser.set_defaults(run=run)


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """The ``streamlit run`` command line with the headless, private settings."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        "--browser.gatherUsageStats=false",
        f"--server.address={address}",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--client.toolbarMode=minimal",
        "--global.developmentMode=false",
    ]


def streamlit_env(cfg: Config, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that hands ``cfg`` to the app process (which loads it with ``config.load``)."""
    env = dict(os.environ if base is None else base)
    env["X4WATCH_HOME"] = str(cfg.home_path.resolve())
    env["X4WATCH_STORE_PATH"] = str(cfg.store_path.resolve())
    env["X4WATCH_STORE_LOCK_RETRY_SECONDS"] = str(cfg.store.lock_retry_seconds)
    env["X4WATCH_CASES_DEADLINE_DAYS"] = str(cfg.cases.deadline_days)
    in_force = config.config_file(env)
    if in_force is not None:
        env["X4WATCH_CONFIG"] = str(in_force.resolve())
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def prepare_login(cfg: Config) -> str | None:
    """The demo admin's fresh password when no user is configured (see ``dashboard.auth``)."""
    from dashboard import auth

    return auth.ensure_demo_admin(cfg)


def start(cfg: Config, port: int = DEFAULT_PORT, address: str = "127.0.0.1") -> subprocess.Popen[bytes]:
    """Start the app in the background; the caller stops it (``terminate()``)."""
    cfg.home_path.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(streamlit_command(port, address), env=streamlit_env(cfg), cwd=ROOT)  # noqa: S603 - our own fixed command line


def announce(port: int, password: str | None, address: str = "127.0.0.1") -> None:
    """Tell the person at the terminal where the dashboard is and how to log in."""
    print(f"dashboard: http://{address}:{port}/")
    if password is not None:
        print(f"dashboard login: admin / {password}  (one-time demo password, valid until the next launch)")


def exposure_warning(address: str) -> str | None:
    """What to tell the operator when the dashboard would listen beyond this machine."""
    host = address.strip("[]")
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass  # a host name: it may resolve to anything
    return (
        f"x4watch: warning: the dashboard listens on {address}, not only on this machine: anyone who "
        "reaches it sees the login page and the connection is not encrypted; put it behind a TLS "
        "proxy and a firewall, or keep the default 127.0.0.1"
    )


def run(args: Any, cfg: Config) -> int:
    warning = exposure_warning(args.address)
    if warning:
        print(warning, file=sys.stderr)
    password = prepare_login(cfg)
    process = start(cfg, args.port, args.address)
    announce(args.port, password, args.address)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=10)
        return 130
