"""TLS posture (crawler.tls): what a refusal and a certificate say about a host."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from OpenSSL import crypto
from scrapy.exceptions import DownloadFailedError

from crawler import tls
from store.models import TLS_ISSUES

NOW = datetime(2026, 12, 2, tzinfo=UTC)


def certificate(host: str, *, issuer: str = "", days: tuple[int, int] = (-1, 30)) -> crypto.X509:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    issued_by = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]) if issuer else subject
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issued_by)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW + timedelta(days=days[0]))
        .not_valid_after(NOW + timedelta(days=days[1]))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return crypto.X509.from_cryptography(cert)


@pytest.mark.parametrize(
    ("cert", "host", "issues"),
    [
        (certificate("www.a.go.th", issuer="Some CA"), "www.a.go.th", ()),
        (certificate("www.a.go.th"), "www.a.go.th", ("self_signed_certificate",)),
        (
            certificate("www.a.go.th", issuer="Some CA", days=(-800, -365)),
            "www.a.go.th",
            ("expired_certificate",),
        ),
        (certificate("www.a.go.th", issuer="Some CA", days=(5, 30)), "www.a.go.th", ("not_yet_valid_certificate",)),
        (certificate("www.a.go.th", issuer="Some CA"), "www.b.go.th", ("name_mismatch",)),
        (certificate("www.a.go.th", issuer="Some CA"), "127.0.0.1", ("name_mismatch",)),
    ],
)
def test_certificate_issues(cert: crypto.X509, host: str, issues: tuple[str, ...]) -> None:
    assert tls.certificate_issues(cert, host, NOW) == issues


@pytest.mark.parametrize(
    ("message", "handshaken", "refusal"),
    [
        ("[<Failure instance: Traceback: <class 'OpenSSL.SSL.Error'>: [('SSL routines', '', 'dh key too small')]", False, "dh key too small"),  # noqa: E501
        ("[<Failure ... OpenSSL.SSL.Error'>: [('SSL routines', '', 'tlsv1 alert protocol version')]", True, "tlsv1 alert protocol version"),  # noqa: E501
        ("[<Failure twisted.internet.error.ConnectionLost: Connection lost.>]", False, tls.CLOSED),
        ("[<Failure twisted.internet.error.ConnectionLost: Connection lost.>]", True, None),  # it spoke TLS before
        ("[<Failure twisted.internet.error.TimeoutError: User timeout>]", False, None),
    ],
)
def test_handshake_refusal(message: str, handshaken: bool, refusal: str | None) -> None:
    assert tls.handshake_refusal(DownloadFailedError(message), handshaken=handshaken) == refusal


@pytest.mark.parametrize(
    ("refusal", "issues"),
    [
        ("dh key too small", ("weak_dh",)),
        ("tlsv1 alert protocol version", ("legacy_protocol",)),
        ("unsupported protocol", ("legacy_protocol",)),
        ("ee key too small", ("weak_key",)),
        ("sslv3 alert handshake failure", ("legacy_cipher",)),
        (tls.CLOSED, ()),
    ],
)
def test_refusal_issues(refusal: str, issues: tuple[str, ...]) -> None:
    assert tls.refusal_issues(refusal) == issues


def test_every_issue_has_thai_words() -> None:
    named = {issue for _, issue in tls.REFUSAL_ISSUES} | {"legacy_cipher", "expired_certificate"}
    named |= {"not_yet_valid_certificate", "self_signed_certificate", "name_mismatch"}
    assert named <= set(TLS_ISSUES)


def test_a_site_keeps_the_posture_of_its_host_with_most_to_fix() -> None:
    sound = tls.TlsPosture("TLSv1.3")
    old = tls.TlsPosture("TLSv1.0", legacy=True, issues=("legacy_protocol",))
    assert tls.worse(None, sound) is sound
    assert tls.worse(sound, old) is old and tls.worse(old, sound) is old
