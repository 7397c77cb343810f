"""Signed values (``PAYLOAD.SIGNATURE``, URL-safe base64 without padding, HMAC-SHA256): the one
construction the dashboard's session cookie and the portal's coordinator links both use.

Why one module: the two must not drift apart (encoding, constant-time comparison, key derivation),
and a key derived per purpose from the store's secret means nothing new has to be kept, while a
value signed for one purpose is never accepted for another.
"""

from __future__ import annotations

import base64
import hashlib
import hmac


def b64(data: bytes) -> str:
    """URL-safe base64 without padding (what fits in a path, a cookie or a ``$``-separated field)."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    """The bytes of :func:`b64`'s text; ValueError for anything that is not such text."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derive_key(secret: bytes, purpose: str) -> bytes:
    """A key of its own for ``purpose``, derived from ``secret``."""
    return hmac.new(secret, purpose.encode(), hashlib.sha256).digest()


def mac(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def seal(key: bytes, payload: bytes) -> str:
    """``payload`` and its signature under ``key``, as ``PAYLOAD.SIGNATURE``."""
    return f"{b64(payload)}.{b64(mac(key, payload))}"


def unseal(key: bytes, value: str | None, *, max_chars: int = 4096) -> bytes | None:
    """The payload of a value :func:`seal` made with ``key``; None for anything else (longer than
    ``max_chars`` values are not even decoded)."""
    if not value or len(value) > max_chars or value.count(".") != 1:
        return None
    encoded, signature = value.split(".")
    try:
        payload, given = unb64(encoded), unb64(signature)
    except ValueError:
        return None
    return payload if hmac.compare_digest(given, mac(key, payload)) else None
