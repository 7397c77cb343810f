"""Keyed fingerprints: how x4watch recognises the same identifier again without keeping it.

A fingerprint is HMAC-SHA256 (hex) of the canonical value under the configured secret. A plain hash
would not do: there are only about 10^12 valid Thai IDs, so an unkeyed SHA-256 of one is reversed by
enumeration in hours. Under a secret, the fingerprint tells nothing to whoever lacks the key.
"""

from __future__ import annotations

import hashlib
import hmac


def fingerprint(canonical: str, key: bytes) -> str:
    """HMAC-SHA256 hex digest of ``canonical`` (e.g. 13 ASCII digits) under ``key``."""
    if not key:
        raise ValueError("the fingerprint key is empty: configure store.secret or X4WATCH_SECRET")
    return hmac.new(key, canonical.encode("ascii"), hashlib.sha256).hexdigest()
