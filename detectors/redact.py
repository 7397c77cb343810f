"""Text with no full identifier in it, for log lines, reasons and addresses (anything not a finding).

A URL can hold an identifier (``profile.php?cid=...``, ``uploads/<ID>.pdf``) and Scrapy logs the
URLs it retries, drops and redirects, with tracebacks that repeat them. A log must never carry a
full identifier, whichever library writes it and whichever handler prints it: Scrapy replaces the
root handler when a crawler starts, and a filter on a logger never sees its children's records. So
:func:`install` wraps the process's LogRecord factory: every record is redacted when it is made,
before any logger, filter or handler (console, file, Scrapy's own) can see it.

Two strengths, for two uses:

* :func:`redact` masks every loose run (anything that could be an identifier, detected or not:
  :data:`detectors.normalize.LOOSE_RUN`): log lines, parse and error reasons.
* :func:`mask_ids` masks the identifiers the detectors find and keeps every other digit, for
  addresses the store keys documents by (``uploads/2024/05/123.pdf`` must stay distinct from
  ``.../456.pdf``).
"""

from __future__ import annotations

import logging
from typing import Any

from detectors import thai_id
from detectors.mask import mask_in_place, mask_loose


def redact(text: str) -> str:
    """``text`` with every run that could be an identifier masked (see :func:`mask_loose`)."""
    return mask_loose(text)


def mask_ids(text: str) -> str:
    """``text`` with the last four digits of every ID the detectors find replaced by ``X``."""
    chars: list[str] | None = None
    for hit in thai_id.candidates(text):
        chars = chars if chars is not None else list(text)
        mask_in_place(chars, hit.start, hit.end)
    return text if chars is None else "".join(chars)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message, traceback and stack in redacted form (arguments merged in)."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a bad format string: keep both parts, redacted
        message = f"{record.msg} {record.args}"
    clean = redact(message)
    if clean != message or record.args:
        record.msg, record.args = clean, None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


class _RedactingFactory:
    """A LogRecord factory that redacts every record the wrapped factory makes."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(self.inner(*args, **kwargs))


def install() -> None:
    """Redact every log record this process makes from now on (idempotent)."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _RedactingFactory):
        logging.setLogRecordFactory(_RedactingFactory(factory))
