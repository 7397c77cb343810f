"""Driving the real dashboard in headless chromium: shared by the browser tests and bench.dashboard.

:func:`running_dashboard` starts ``x4watch dashboard --port P`` on loopback against a given
X4WATCH_HOME and yields its URL and the one-time demo password it printed; :func:`chromium` opens
the browser with the flags that keep it offline and quiet.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD_LINE = re.compile(r"dashboard login: admin / (\S+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"x4watch dashboard exited with {process.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return
        time.sleep(0.3)
    raise TimeoutError(f"the dashboard at {url} did not answer in {timeout} s")


def _read_password(process: subprocess.Popen[str], timeout: float = 30.0) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = PASSWORD_LINE.search(line)
        if match:
            return match.group(1)
    raise TimeoutError("x4watch dashboard printed no demo password")


def _drain(process: subprocess.Popen[str]) -> None:
    """Keep reading the server's output so a full pipe never blocks it."""
    assert process.stdout is not None
    for _ in process.stdout:
        pass


@contextlib.contextmanager
def running_dashboard(home: Path, settings: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """``x4watch dashboard`` on a free loopback port; yields (base URL, demo admin password).

    ``settings`` are extra ``X4WATCH_*`` variables (for example another store path).
    """
    port = free_port()
    env = {**os.environ, "X4WATCH_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("X4WATCH_CONFIG", None)
    env.pop("X4WATCH_STORE_PATH", None)
    env.update(settings or {})
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "service.cli", "dashboard", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        password = _read_password(process)
        threading.Thread(target=_drain, args=(process,), daemon=True).start()
        url = f"http://127.0.0.1:{port}/"
        _wait_healthy(url, process)
        yield url, password
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page: Page, url: str, password: str) -> None:
    """Open ``url`` and sign in as the demo admin on the sign-in page it leads to (Thai labels)."""
    page.goto(url)
    sign_in(page, password)


def sign_in(page: Page, password: str) -> None:
    """Fill the sign-in page the browser is on; wait until the dashboard it returns to is drawn."""
    page.get_by_label("ชื่อผู้ใช้").fill("admin")
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_text("ออกจากระบบ").wait_for(timeout=30_000)


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(option[:12])
    page.get_by_role("option", name=option).first.click()
