"""Text with every full Thai ID in X4 form, for log lines and anything else that is not a finding.

A URL can hold an identifier (``profile.php?cid=...``, ``uploads/<ID>.pdf``) and Scrapy logs the
URLs it retries, drops and redirects, with tracebacks that repeat them. A log must never carry a
full identifier, so the handlers of every x4watch process pass each record through
:class:`RedactingFilter` (:func:`install`).
"""

from __future__ import annotations

import logging

from detectors import thai_id
from detectors.mask import mask_in_place


def redact(text: str) -> str:
    """``text`` with the last four digits of every checksum-valid 13-digit ID replaced by ``X``."""
    chars: list[str] | None = None
    for hit in thai_id.candidates(text):
        chars = chars if chars is not None else list(text)
        mask_in_place(chars, hit.start, hit.end)
    return text if chars is None else "".join(chars)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and traceback) in X4 form before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of ``logger`` (the root logger by default), once each."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
