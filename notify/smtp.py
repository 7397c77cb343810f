"""Build the e-mail and hand it to an SMTP server, telling apart 'retry', 'refused' and 'unknown'.

At-most-once delivery needs to know *when* a failure happened: before the message body reached the
server nothing was delivered and a retry is safe; after it, the server may have accepted the mail
and only the missing reply was lost. So the SMTP dialogue runs step by step (MAIL, RCPT, DATA) and
any broken connection during DATA is reported as ``SmtpUncertain`` rather than as a retryable error.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from types import TracebackType

from core.config import SmtpSettings
from notify.compose import Mail
from notify.errors import SmtpRejected, SmtpUnavailable, SmtpUncertain


def new_message_id(sender: str) -> str:
    """A fresh Message-ID in the sender's domain; recorded in the outbox before any send."""
    return make_msgid(idstring="x4watch", domain=sender.rpartition("@")[2] or "x4watch.local")


def build_message(mail: Mail, *, sender: str, message_id: str, when: datetime) -> EmailMessage:
    """A multipart/alternative message: Thai plain text and HTML, subject RFC 2047 encoded."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = ", ".join(mail.to)
    if mail.cc:
        msg["Cc"] = ", ".join(mail.cc)
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg["X-X4watch-Key"] = mail.key
    msg.set_content(mail.text, charset="utf-8")
    msg.add_alternative(mail.html, subtype="html", charset="utf-8")
    return msg


def _raise_for_reply(code: int, what: str) -> None:
    if 400 <= code < 500:
        raise SmtpUnavailable(f"SMTP server deferred {what} ({code}): will retry")
    if code >= 500:
        raise SmtpRejected(f"SMTP server refused {what} ({code})")


class SmtpSender:
    """One connection per run, opened lazily and reopened after a failure."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._conn: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Say QUIT if the connection still lives; a dead one is just dropped."""
        if self._conn is not None:
            try:
                self._conn.quit()
            except (smtplib.SMTPException, OSError):
                self._conn.close()
            self._conn = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
            conn.ehlo()
            if s.starttls:
                conn.starttls(context=ssl.create_default_context(cafile=s.ca_file or None))
                conn.ehlo()
        except smtplib.SMTPResponseException as exc:
            raise SmtpUnavailable(f"SMTP server {s.host}:{s.port} refused the session ({exc.smtp_code})") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise SmtpUnavailable(
                f"SMTP server {s.host}:{s.port} unreachable ({type(exc).__name__}): check smtp.host/smtp.port"
            ) from exc
        if s.username:
            self._login(conn)
        return conn

    def _login(self, conn: smtplib.SMTP) -> None:
        s = self.settings
        try:
            conn.login(s.username, s.password)
        except (smtplib.SMTPException, OSError) as exc:
            conn.close()
            raise SmtpUnavailable(
                f"SMTP login as {s.username!r} refused by {s.host}: check smtp.username and smtp.password"
            ) from exc

    def send(self, msg: EmailMessage, recipients: Sequence[str]) -> None:
        """Deliver or raise SmtpUnavailable (retry), SmtpRejected (give up) or SmtpUncertain."""
        if self._conn is None:
            self._conn = self._connect()
        try:
            self._envelope(self._conn, str(msg["From"]), recipients)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise SmtpUnavailable(f"SMTP connection lost before the message was sent: {exc}") from exc
        self._data(msg)

    def _envelope(self, conn: smtplib.SMTP, sender: str, recipients: Sequence[str]) -> None:
        code, _ = conn.mail(sender)
        _raise_for_reply(code, "the sender")
        accepted = 0
        for rcpt in recipients:
            code, _ = conn.rcpt(rcpt)
            accepted += code in (250, 251)
        if not accepted:
            conn.rset()
            _raise_for_reply(code, "every recipient")

    def _data(self, msg: EmailMessage) -> None:
        assert self._conn is not None
        try:
            code, _ = self._conn.data(msg.as_bytes(policy=SMTP))
        except smtplib.SMTPDataError as exc:  # refused DATA itself: the body was never sent
            _raise_for_reply(exc.smtp_code, "the message")
            raise SmtpUnavailable(f"unexpected reply to DATA ({exc.smtp_code})") from exc
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise SmtpUncertain(f"connection lost during DATA ({type(exc).__name__})") from exc
        _raise_for_reply(code, "the message")

    def _drop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
