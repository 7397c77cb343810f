"""Typed errors of the sweep, and the words a failed fetch is recorded under.

The error types a site's record shows (``store.record_errors``): ``dns`` (the host does not
resolve: a dead site), ``connection`` (refused or reset), ``timeout``, ``http`` (4xx/5xx),
``too_large`` (over the per-response cap), ``redirect`` (loops and too many hops), ``robots``
(robots.txt forbids it: not inspected), ``deferred`` (timed out in the last sweeps: left for a later
one, ``crawler.revisit.retry_after``), ``tls`` (the HTTPS handshake failed in modern and in
legacy mode, ``crawler.tls``: no TLS at all, or only ciphers even ``@SECLEVEL=0`` lacks, such as
3DES or RC4), ``trap``, ``budget``, ``offsite``, ``ssrf``, ``spam`` (a gambling-spam link or page
cut from the crawl, ``crawler.spam``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer, error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from core.errors import X4WatchError
from store.models import GONE_STATUSES


class SweepError(X4WatchError):
    """A sweep could not run or ended abnormally; the message says where to look."""


TLS_FAILURE = "SSL.Error"
"""How pyOpenSSL's handshake errors show in the failures Scrapy wraps (``OpenSSL.SSL.Error``)."""
_NETWORK: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((error.DNSLookupError, CannotResolveHostError), "dns"),
    ((DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError, defer.TimeoutError), "timeout"),
    ((DownloadCancelledError,), "too_large"),
    ((DownloadConnectionRefusedError, error.ConnectionRefusedError), "connection"),
    ((DownloadFailedError, ResponseDataLossError, error.ConnectionLost, error.ConnectionDone), "connection"),
    ((ResponseFailed, ResponseNeverReceived), "connection"),
)


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """Why a request failed: the error type, a reason fit for an analyst, and the HTTP status of
    an ``http`` failure (so nobody parses it back out of the reason)."""

    kind: str
    reason: str
    status: int | None = None

    @property
    def gone(self) -> bool:
        """The server says the document was taken down (404/410): its open leaks are remediated."""
        return self.status in GONE_STATUSES


def _ignored(exc: IgnoreRequest) -> FetchFailure:
    kind = getattr(exc, "kind", None)
    if kind:
        return FetchFailure(kind, getattr(exc, "reason", str(exc)))
    text = str(exc)
    if "robots" in text.lower():
        return FetchFailure("robots", "forbidden by robots.txt: not inspected")
    if "redirect" in text.lower():
        return FetchFailure("redirect", text or "too many redirects")
    return FetchFailure("ignored", text)


def classify_failure(failure: Failure) -> FetchFailure:
    """The typed record of a failed request; the reason names no identifier, only the fault."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return FetchFailure("http", f"HTTP {exc.response.status}", exc.response.status)
    if isinstance(exc, IgnoreRequest):
        return _ignored(exc)
    if isinstance(exc, (DownloadFailedError, ResponseNeverReceived)) and TLS_FAILURE in str(exc):
        return FetchFailure("tls", f"TLS handshake failed: {str(exc)[:160]}")
    for types, kind in _NETWORK:
        if isinstance(exc, types):
            return FetchFailure(kind, f"{type(exc).__name__}: {str(exc)[:160]}")
    return FetchFailure("error", f"{type(exc).__name__}: {str(exc)[:200]}")


def expected_fault(exc: BaseException) -> bool:
    """True for what a site does to a crawler every day (no answer, reset, timeout, failed TLS)."""
    return any(isinstance(exc, types) for types, _ in _NETWORK)


class QuietSiteFaults(logging.Filter):
    """A site's expected fault logged by Scrapy with a traceback becomes one INFO line.

    Scrapy logs a failed robots.txt fetch at ERROR with the whole Twisted traceback; the fault is
    recorded for the site when its pages fail too, so the crawl log needs the line, not the stack.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and expected_fault(exc):
            record.exc_info, record.exc_text = None, None
            if record.levelno > logging.INFO:
                record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
        return True
