"""A real SMTP server on loopback that files every message into a Maildir (demo and tests).

``x4watch demo`` runs one under ``$X4WATCH_HOME/mail`` so the alert mails go through a genuine SMTP
exchange and can be opened afterwards with any mail reader (``mutt -f var/mail``). The bytes are
stored exactly as received: nothing is re-encoded on the way.
"""

from __future__ import annotations

import logging
import mailbox
import socket
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """An ephemeral port that was free a moment ago (aiosmtpd's Controller cannot bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class MaildirHandler:
    """aiosmtpd handler: accept, then add the raw message bytes to a Maildir."""

    def __init__(self, maildir: Path) -> None:
        Path(maildir).parent.mkdir(parents=True, exist_ok=True)
        self.maildir = mailbox.Maildir(maildir, create=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.maildir.add(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class LocalMailServer:
    """aiosmtpd on 127.0.0.1 at an ephemeral port; a context manager that starts and stops it."""

    def __init__(
        self, maildir: Path, *, handler: MaildirHandler | None = None, port: int = 0, **smtp_options: Any
    ) -> None:
        """``smtp_options`` go to aiosmtpd's SMTP (tls_context, require_starttls, authenticator...)."""
        self.path = Path(maildir)
        self.handler = handler or MaildirHandler(self.path)
        self.port = port or free_port()
        self._controller = Controller(self.handler, hostname=LOOPBACK, port=self.port, **smtp_options)

    def start(self) -> LocalMailServer:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line at INFO
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> LocalMailServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def messages(self) -> list[bytes]:
        """Every message received so far, raw, oldest first."""
        files = [p for sub in ("new", "cur") if (self.path / sub).is_dir() for p in (self.path / sub).iterdir()]
        return [p.read_bytes() for p in sorted(files, key=lambda p: p.stat().st_mtime_ns)]
