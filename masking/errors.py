"""The masking package's errors."""

from __future__ import annotations

from core.errors import X4WatchError


class MaskError(X4WatchError):
    """A document that cannot be masked; the message says why in Thai and English, and never
    quotes its text."""
