"""A real Redis (no persistence, a password, a random loopback port) and real ``x4watch worker``s."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server(port: int | None = None, password: str | None = None) -> Iterator[str]:
    """A redis-server on loopback that keeps nothing on disk; yields its broker URL."""
    port = port or free_port()
    password = password or secrets.token_hex(16)
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--requirepass",
            password,
            "--dir",
            "/tmp",
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://:{password}@127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def worker(url: str, log: Path, concurrency: int = 1) -> Iterator[subprocess.Popen[bytes]]:
    """``x4watch worker`` against ``url`` logging to ``log``, ready to take documents; killed after."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "X4WATCH_DOCUMENTS_BROKER_URL": url, "X4WATCH_HOME": str(log.parent)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "worker", "--concurrency", str(concurrency)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"x4watch worker did not start: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield process
    finally:
        process.kill()
        process.wait(10)
