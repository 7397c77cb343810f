"""Report errors: a bad week argument or an output folder that cannot be written."""

from __future__ import annotations

from core.errors import X4WatchError


class ReportError(X4WatchError):
    """The weekly report cannot be built as asked; the message says what to change."""
