"""Serve the portal with uvicorn on a thread of the calling process (``x4watch serve``, ``x4watch
portal``, tests and the demo), and stop it cleanly."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import uvicorn

from core.errors import X4WatchError
from portal.app import create_app
from portal.recheck import Rechecker, Run
from store.portal import PortalData

if TYPE_CHECKING:
    from core.config import Config
    from store import Store


class PortalError(X4WatchError):
    """The portal cannot be served (its port is taken)."""


@dataclass
class RunningPortal:
    """A portal being served: its address, its re-checker, and how to stop it."""

    server: uvicorn.Server
    thread: threading.Thread
    rechecker: Rechecker
    address: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def stop(self) -> None:
        self.rechecker.stop()
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start(cfg: Config, store: Store, recheck: Run, *, address: str, port: int, timeout: float = 15.0) -> RunningPortal:
    """Serve the portal on ``address:port`` (port 0: any free one) until ``stop()``; a port that
    cannot be had is a PortalError."""
    try:  # bound here, so a taken port is an error at once and port 0 tells which one it got
        sock = socket.create_server((address, port), family=socket.AF_INET6 if ":" in address else socket.AF_INET)
    except OSError as exc:
        raise PortalError(
            f"the coordinators' portal could not listen on {address}:{port} ({exc.strerror}): choose another "
            "portal.port, or set portal.enabled = false and serve it elsewhere with `x4watch portal`"
        ) from None
    rechecker = Rechecker(recheck, PortalData(store), cfg.portal.recheck_delay_seconds)
    app = create_app(cfg, store, rechecker)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="x4watch-portal", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise PortalError(f"the coordinators' portal did not start on {address}:{port}")
        time.sleep(0.05)
    bound = int(sock.getsockname()[1])
    return RunningPortal(server, thread, rechecker, address, bound)
