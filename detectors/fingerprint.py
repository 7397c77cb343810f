"""Keyed fingerprints: how x4watch recognises the same identifier again without keeping it.

A fingerprint is HMAC-SHA256 (hex) of the canonical value under the configured secret. A plain hash
would not do: there are only about 10^12 valid Thai IDs, so an unkeyed SHA-256 of one is reversed by
enumeration in hours. Under a secret, the fingerprint tells nothing to whoever lacks the key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac


@functools.lru_cache(maxsize=8)
def _keyed(key: bytes) -> hmac.HMAC:
    """An HMAC already fed the key: copying it skips the key schedule on every identifier."""
    return hmac.new(key, digestmod=hashlib.sha256)


def fingerprint(canonical: str, key: bytes) -> str:
    """HMAC-SHA256 hex digest of ``canonical`` (e.g. 13 ASCII digits) under ``key``."""
    if not key:
        raise ValueError("the fingerprint key is empty: configure store.secret or X4WATCH_SECRET")
    mac = _keyed(key).copy()
    mac.update(canonical.encode("ascii"))
    return mac.hexdigest()
