"""Serving the portal: a taken port is one clear error, not a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from portaldata import notified_store, portal_config

from portal.server import PortalError, start


def test_a_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    cfg = portal_config(tmp_path)
    store, _ = notified_store(tmp_path / "x.duckdb")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortalError, match=f"127.0.0.1:{port} .*portal.port"):
            start(cfg, store, lambda pairs: None, address="127.0.0.1", port=port)
