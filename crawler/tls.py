"""HTTPS for old LAO servers: a legacy fallback per host, and each host's TLS posture.

Many LAO servers speak only TLS 1.0/1.1, offer DH keys of 1024 bits or serve an expired or
self-signed certificate. The crawl's OpenSSL (the one inside ``cryptography``, used by Twisted
through pyOpenSSL) refuses the first two at its default security level, so those sites used to be
recorded as ``tls`` and never read. Measured on this machine (README, TLS posture): that same
OpenSSL completes TLS 1.0, TLS 1.1 and 1024-bit DHE handshakes once the cipher string ends in
``@SECLEVEL=0`` and the minimum version is lowered to TLS 1.0; Python's ``ssl`` over the system
OpenSSL does too, and neither offers 3DES or RC4. So the fallback stays inside Scrapy's own
download handler, with a second TLS context: DNS pinning (``crawler.pinning``), the forward proxy,
``DOWNLOAD_MAXSIZE`` and ``DOWNLOAD_TIMEOUT`` apply unchanged.

Only a host whose modern handshake failed is asked again in legacy mode, and from then on only in
legacy mode (``TlsRouter``); every other host keeps the modern settings. Certificates are not
verified in either mode (Scrapy's default, kept deliberately: a leak on a site whose certificate
expired years ago is still a leak to report). What a certificate gets wrong is recorded instead,
with the protocol and cipher each host needed, as the site's TLS posture (``TlsPosture``).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from urllib.parse import urlsplit

from OpenSSL import SSL
from scrapy import Request
from scrapy.core.downloader.contextfactory import _ScrapyCertificateOptions, _ScrapyClientContextFactory
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadFailedError
from scrapy.http import Response
from service_identity import VerificationError
from service_identity.hazmat import DNS_ID, IPAddress_ID, ServiceID, verify_service_identity
from service_identity.pyopenssl import extract_patterns
from twisted.internet.interfaces import IOpenSSLClientConnectionCreator
from twisted.internet.ssl import CertificateOptions, TLSVersion
from twisted.web.iweb import IPolicyForHTTPS
from zope.interface import implementer

from core.guard import literal_address
from crawler.errors import TLS_FAILURE

LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0"
"""Every cipher and key size the crawl's OpenSSL still knows (3DES and RC4 are compiled out)."""
PROTOCOL_NAMES = {"TLSv1": "TLSv1.0"}
"""OpenSSL's protocol names where they differ from the ones the posture uses (TLSv1.0 ... TLSv1.3)."""
OLD_PROTOCOLS = frozenset({"TLSv1.0", "TLSv1.1"})
KEEP_HOSTS = 10_000
"""Hosts remembered per sweep (handshakes, legacy mode): a bound, not a cache size to tune."""
REFUSAL_ISSUES: tuple[tuple[str, str], ...] = (
    ("dh key too small", "weak_dh"),
    ("ee key too small", "weak_key"),
    ("md too weak", "weak_signature"),
    ("sigalg", "weak_signature"),
    ("protocol version", "legacy_protocol"),
    ("unsupported protocol", "legacy_protocol"),
)
"""OpenSSL's words for why the modern handshake failed, and the posture issue each one means;
any other refusal that the legacy mode overcomes is a ``legacy_cipher``."""
CLOSED = "connection closed during the handshake"
LOST = ("ConnectionLost", "ConnectionDone")
"""Twisted's words, in the failure Scrapy wraps, for a connection the server closed."""


@dataclass(frozen=True, slots=True)
class TlsPosture:
    """How a host's HTTPS stands: the protocol and cipher it negotiated, whether it needed the
    legacy mode, and what is wrong (``store.models.TLS_ISSUES``' keys; empty for a sound host)."""

    protocol: str
    cipher: str = ""
    legacy: bool = False
    issues: tuple[str, ...] = ()

    @property
    def needs_upgrade(self) -> bool:
        return bool(self.issues)


def worse(kept: TlsPosture | None, seen: TlsPosture) -> TlsPosture:
    """The posture a site is recorded with: the one of its hosts with the most to fix."""
    if kept is None or (seen.legacy, len(seen.issues)) > (kept.legacy, len(kept.issues)):
        return seen
    return kept


def handshake_refusal(exc: BaseException, *, handshaken: bool) -> str | None:
    """Why ``exc`` looks like a modern handshake the server refused, else None: OpenSSL's reason
    (``dh key too small``), or ``CLOSED`` when a host that never completed a handshake in this
    sweep (``handshaken`` False) dropped the connection before any answer, as old servers do
    when no protocol or cipher of the ClientHello suits them."""
    text = str(exc)
    if TLS_FAILURE in text:
        reasons = re.findall(r"'([a-z0-9 ]{4,})'\)", text)
        return reasons[-1] if reasons else "handshake failed"
    if not handshaken and isinstance(exc, DownloadFailedError) and any(word in text for word in LOST):
        return CLOSED
    return None


def refusal_issues(refusal: str) -> tuple[str, ...]:
    """The posture issue a modern handshake's refusal means (``REFUSAL_ISSUES``; none for ``CLOSED``,
    whose reason the negotiated protocol and cipher tell)."""
    if refusal == CLOSED:
        return ()
    return next(((issue,) for words, issue in REFUSAL_ISSUES if words in refusal), ("legacy_cipher",))


def certificate_issues(cert: Any, host: str, now: datetime | None = None) -> tuple[str, ...]:
    """What the leaf certificate gets wrong for ``host``: dates, self-signature, name."""
    leaf = cert.to_cryptography()
    now = now or datetime.now(UTC)
    issues = []
    if leaf.not_valid_after_utc < now:
        issues.append("expired_certificate")
    if leaf.not_valid_before_utc > now:
        issues.append("not_yet_valid_certificate")
    if leaf.issuer == leaf.subject:
        issues.append("self_signed_certificate")
    service: ServiceID = IPAddress_ID(host) if literal_address(host) else DNS_ID(host)
    try:
        verify_service_identity(extract_patterns(cert), [service], [])
    except (VerificationError, ValueError):
        issues.append("name_mismatch")
    return tuple(issues)


@dataclass(frozen=True, slots=True)
class Handshake:
    """What one completed handshake showed: protocol, cipher, the leaf certificate's issues."""

    protocol: str
    cipher: str
    certificate: tuple[str, ...]


class Handshakes:
    """The last handshake of each (host, port), filled by the connections' verify callbacks."""

    def __init__(self) -> None:
        self._seen: OrderedDict[tuple[str, int], Handshake] = OrderedDict()

    def note(self, netloc: tuple[str, int], handshake: Handshake) -> None:
        self._seen[netloc] = handshake
        self._seen.move_to_end(netloc)
        while len(self._seen) > KEEP_HOSTS:
            self._seen.popitem(last=False)

    def get(self, netloc: tuple[str, int]) -> Handshake | None:
        return self._seen.get(netloc)


@implementer(IOpenSSLClientConnectionCreator)
class _RecordingCreator:
    """Scrapy's connection creator, whose verify callback notes the handshake instead of judging
    it: every certificate is accepted (as Scrapy does) and its issues are recorded."""

    def __init__(self, inner: Any, host: str, port: int, handshakes: Handshakes) -> None:
        self.inner = inner
        self.host = host
        self.port = port
        self.handshakes = handshakes

    def clientConnectionForTLS(self, tlsProtocol: Any) -> SSL.Connection:
        connection: SSL.Connection = self.inner.clientConnectionForTLS(tlsProtocol)
        connection.set_verify(SSL.VERIFY_PEER, self._verified)
        return connection

    def _verified(self, connection: SSL.Connection, cert: Any, err: int, depth: int, ok: int) -> bool:
        if depth == 0:
            name = connection.get_protocol_version_name()
            protocol = PROTOCOL_NAMES.get(name, name)
            cipher = connection.get_cipher_name() or ""
            handshake = Handshake(protocol, cipher, certificate_issues(cert, self.host))
            self.handshakes.note((self.host, self.port), handshake)
        return True


class _LegacyCertificateOptions(_ScrapyCertificateOptions):
    """Scrapy's TLS options with ``LEGACY_CIPHERS`` set on the context as written: Twisted turns a
    cipher string into a list of names and drops ``@SECLEVEL=0``, and at the default security level
    this OpenSSL refuses TLS 1.0 and 1.1 whatever the minimum version says (measured)."""

    def _makeContext(self, skipCiphers: bool = False) -> SSL.Context:
        context: SSL.Context = super()._makeContext(skipCiphers)
        context.set_cipher_list(LEGACY_CIPHERS.encode())
        context.set_min_proto_version(SSL.TLS1_VERSION)
        return context


class RecordingContextFactory(_ScrapyClientContextFactory):
    """Scrapy's context factory (no certificate verification) whose connections note their
    handshake in ``handshakes``; ``legacy`` for ``_LegacyCertificateOptions``."""

    def __init__(self, handshakes: Handshakes, *, legacy: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.handshakes = handshakes
        self.legacy = legacy

    def _get_cert_options(self) -> CertificateOptions:
        options = _LegacyCertificateOptions if self.legacy else _ScrapyCertificateOptions
        return options(**self._get_cert_options_kwargs())

    def creatorForNetloc(self, hostname: bytes, port: int) -> Any:
        inner = super().creatorForNetloc(hostname, port)
        return _RecordingCreator(inner, hostname.decode("ascii"), port, self.handshakes)


def modern_factory(crawler: Crawler, handshakes: Handshakes) -> RecordingContextFactory:
    """Scrapy's TLS settings as they are (``DOWNLOADER_CLIENT_TLS_CIPHERS`` and the version limits)."""
    return RecordingContextFactory.from_crawler(crawler, handshakes=handshakes)


def legacy_factory(handshakes: Handshakes) -> RecordingContextFactory:
    """TLS 1.0 and up, every cipher and key size the library still has (``LEGACY_CIPHERS``)."""
    return RecordingContextFactory(handshakes, legacy=True, method=None, tls_min_version=TLSVersion.TLSv1_0)


Download = Callable[[Request], Awaitable[Response]]


class TlsRouter:
    """Sends each HTTPS request with the modern or the legacy TLS context, and tells its posture.

    A host's first request goes modern; when its handshake fails (``handshake_refusal``) and the
    fallback is on (``X4_LEGACY_TLS``), the same request is sent again in legacy mode, and every
    later request to that host goes legacy directly. The response's request carries
    ``meta["tls"]``, the host's ``TlsPosture``. The legacy handler is a second Scrapy HTTP/1.1
    handler with its own connection pool, so no connection opened with the weak settings is ever
    reused for a host that did not need them.
    """

    def __init__(self, crawler: Crawler, modern: HTTP11DownloadHandler) -> None:
        self.enabled = crawler.settings.getbool("X4_LEGACY_TLS")
        self.handshakes = Handshakes()
        modern._contextFactory = cast(IPolicyForHTTPS, modern_factory(crawler, self.handshakes))
        self.legacy = HTTP11DownloadHandler(crawler)
        self.legacy._contextFactory = cast(IPolicyForHTTPS, legacy_factory(self.handshakes))
        self.refused: OrderedDict[tuple[str, int], str] = OrderedDict()
        """Hosts in legacy mode, with the modern handshake's refusal."""

    async def fetch(self, request: Request, modern: Download) -> Response:
        parts = urlsplit(request.url)
        if parts.scheme != "https" or request.meta.get("playwright"):
            return await modern(request)
        netloc = (parts.hostname or "", parts.port or 443)
        request.meta.pop("tls", None)
        if netloc in self.refused:
            response = await self.legacy.download_request(request)
        else:
            try:
                response = await modern(request)
            except Exception as exc:
                refusal = handshake_refusal(exc, handshaken=self.handshakes.get(netloc) is not None)
                if refusal is None or not self.enabled:
                    raise
                self._remember(netloc, refusal)
                response = await self.legacy.download_request(request)
        request.meta["tls"] = self.posture(netloc)
        return response

    def _remember(self, netloc: tuple[str, int], refusal: str) -> None:
        self.refused[netloc] = refusal
        while len(self.refused) > KEEP_HOSTS:
            self.refused.popitem(last=False)

    def posture(self, netloc: tuple[str, int]) -> TlsPosture | None:
        """The host's posture from its last handshake (None if it left no record)."""
        handshake = self.handshakes.get(netloc)
        if handshake is None:
            return None
        refusal = self.refused.get(netloc)
        issues: list[str] = []
        if handshake.protocol in OLD_PROTOCOLS:
            issues.append("legacy_protocol")
        if refusal is not None:
            issues.extend(i for i in refusal_issues(refusal) if i not in issues)
            issues.extend([] if issues else ["legacy_cipher"])  # refused, yet a modern protocol
        issues.extend(handshake.certificate)
        return TlsPosture(handshake.protocol, handshake.cipher, refusal is not None, tuple(issues))

    async def close(self) -> None:
        await self.legacy.close()
