"""Typed failures of sending; the outbox turns each into a state, never into a lost or double mail."""

from __future__ import annotations

from core.errors import X4WatchError


class NotifyError(X4WatchError):
    """Base of notify's errors."""


class SmtpUnavailable(NotifyError):
    """The server could not be reached or refused for now (4xx, login): safe to retry later."""


class SmtpRejected(NotifyError):
    """The server refused this message for good (5xx): retrying would not help."""


class SmtpUncertain(NotifyError):
    """The connection broke after the message body was sent: it may or may not have been accepted."""
