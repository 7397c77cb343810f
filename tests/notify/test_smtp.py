"""The SMTP client against a server that insists on STARTTLS and AUTH, as a ministry relay would."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from core.config import SmtpSettings
from notify.compose import Mail
from notify.errors import SmtpUnavailable
from notify.mailbox import LocalMailServer
from notify.smtp import SmtpSender, build_message
from testkit.tls import certificate


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"x4", b"s3cret")
    return AuthResult(success=ok)


@pytest.fixture
def tls_server(tmp_path: Path):
    tls = certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls.cert, tls.key)
    with LocalMailServer(
        tmp_path / "mail",
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    ) as server:
        yield server, tls.ca


def settings(port: int, cert: Path, password: str) -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1",
        port=port,
        starttls=True,
        ca_file=str(cert),
        username="x4",
        password=password,
        timeout_seconds=1.0,
    )


MAIL = Mail("k" * 32, "digest", "6940101", ("a@x.go.th",), (), "ทดสอบ", "เนื้อความ", "<p>เนื้อความ</p>", (1,))


def test_starttls_and_login_then_delivery(tls_server) -> None:
    server, cert = tls_server
    s = settings(server.port, cert, "s3cret")
    with SmtpSender(s) as sender:
        sender.send(build_message(MAIL, sender=s.sender, message_id="<k@pdpc.local>", when=_now()), MAIL.to)
    assert len(server.messages()) == 1


def test_a_wrong_password_is_a_retryable_configuration_problem(tls_server) -> None:
    server, cert = tls_server
    with (
        pytest.raises(SmtpUnavailable, match=r"login as .x4. refused"),
        SmtpSender(settings(server.port, cert, "nope")) as s,
    ):
        s.send(build_message(MAIL, sender=s.settings.sender, message_id="<k@pdpc.local>", when=_now()), MAIL.to)
    assert server.messages() == []


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)
