"""HTTPS for simulated sites: a modern server and an old one, with throwaway certificates.

simweb's HTTPS sites are reached as a forward proxy reaches them: the crawler asks ``CONNECT
host:443`` and the server answers the TLS handshake itself on that connection (``SimServer``), with
the context of the site's kind:

* ``modern_tls``: TLS 1.2 and 1.3 only, a certificate for the host signed by simweb's own CA;
* ``legacy_tls``: TLS 1.0 only, every cipher at ``@SECLEVEL=0`` (the system OpenSSL still serves
  it; checked by the tests), and a self-signed certificate that expired a year ago, the way many
  LAO servers stand.

Keys and certificates are made at start-up with ``cryptography`` and never written anywhere but a
temporary folder that ``ssl`` reads them from and that is deleted at once: no key is ever committed.
"""

from __future__ import annotations

import ssl
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0"
TLS_FAULTS = ("legacy_tls", "modern_tls")


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(
    subject: str,
    hosts: Sequence[str],
    key: ec.EllipticCurvePrivateKey,
    *,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None = None,
    valid: tuple[datetime, datetime],
    ca: bool = False,
) -> x509.Certificate:
    issuer_name, signer = issuer or (_name(subject), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid[0])
        .not_valid_after(valid[1])
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if hosts:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
    return builder.sign(signer, hashes.SHA256())


def _context(cert: x509.Certificate, key: ec.EllipticCurvePrivateKey, *, legacy: bool) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    if legacy:
        context.set_ciphers(LEGACY_CIPHERS)
        with warnings.catch_warnings():  # TLS 1.0 is the point of this server
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1
    else:
        context.minimum_version = ssl.TLSVersion.TLSv1_2
    with tempfile.TemporaryDirectory(prefix="simweb-tls-") as folder:
        cert_path, key_path = Path(folder) / "cert.pem", Path(folder) / "key.pem"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        context.load_cert_chain(cert_path, key_path)
    return context


def server_contexts(hosts: Mapping[str, Sequence[str]], now: datetime | None = None) -> dict[str, ssl.SSLContext]:
    """One server context per TLS fault (``TLS_FAULTS``) for the hosts that have it."""
    now = now or datetime.now(UTC)
    contexts = {}
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("simweb test CA", (), ca_key, valid=(now - timedelta(days=1), now + timedelta(days=30)), ca=True)
    for fault in TLS_FAULTS:
        key = ec.generate_private_key(ec.SECP256R1())
        names = list(hosts.get(fault, ())) or ["localhost"]
        if fault == "legacy_tls":
            cert = _certificate(names[0], names, key, valid=(now - timedelta(days=800), now - timedelta(days=365)))
        else:
            span = (now - timedelta(days=1), now + timedelta(days=30))
            cert = _certificate(names[0], names, key, issuer=(ca.subject, ca_key), valid=span)
        contexts[fault] = _context(cert, key, legacy=fault == "legacy_tls")
    return contexts
