"""Coordinators' links: a token signed with a key derived from the store's secret, scoped to one LAO.

A token is ``PAYLOAD.SIGNATURE`` (URL-safe base64, no padding): the payload ``v1|ID|LAO|EXPIRES``
(EXPIRES in Unix seconds), the signature its HMAC-SHA256. Why signed *and* stored: the signature
lets a forged or edited token be refused without a query, and the store's row (id, SHA-256 of the
token, LAO, expiry, revoked) is what makes a link revocable and checks it once more against the LAO
it was made for. The token itself is never stored nor logged.

Signed with ``core.signing``, as the dashboard's session cookie is: no new dependency. A link issued
for an alert mail gets an id derived from the mail's outbox key, so the mail's body can be stored
with a placeholder and the link rebuilt, identical, at every send attempt (``link_for_outbox``)
without the token ever reaching the outbox table.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from core import signing
from store.portal import PortalData, TokenRow

if TYPE_CHECKING:
    from core.config import Config
    from store import Store

VERSION = "v1"
MAX_TOKEN_CHARS = 400
"""Longer strings are not even decoded."""

PLACEHOLDER = "@@X4WATCH_PORTAL_LINK@@"
"""What a stored alert mail holds where its link goes; replaced when the mail is built for sending."""


@dataclass(frozen=True, slots=True)
class Claims:
    """What a validly signed token says."""

    id: str
    lao_code: str
    expires: datetime
    """Naive UTC, as the store keeps times."""


@dataclass(frozen=True, slots=True)
class Grant:
    """A link that passed every check: the LAO it opens, and its id (for rate limits and records)."""

    token_id: str
    lao_code: str
    expires: datetime


REFUSED_BAD = "bad"
REFUSED_EXPIRED = "expired"
REFUSED_REVOKED = "revoked"


def _key(cfg: Config) -> bytes:
    return signing.derive_key(cfg.secret_key(), "x4watch portal link")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign(cfg: Config, claims: Claims) -> str:
    """The token for ``claims`` (deterministic: the same claims give the same token)."""
    expires = int(claims.expires.replace(tzinfo=UTC).timestamp())
    payload = f"{VERSION}|{claims.id}|{claims.lao_code}|{expires}".encode()
    return signing.seal(_key(cfg), payload)


def parse(cfg: Config, token: str) -> Claims | None:
    """The claims of a token whose signature is ours; None for anything else."""
    payload = signing.unseal(_key(cfg), token, max_chars=MAX_TOKEN_CHARS)
    if payload is None:
        return None
    try:
        version, token_id, lao_code, expires = payload.decode("ascii").split("|")
        when = datetime.fromtimestamp(int(expires), UTC).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return None
    return Claims(token_id, lao_code, when) if version == VERSION else None


def _expiry(cfg: Config, now: datetime) -> datetime:
    return (now + timedelta(days=cfg.portal.link_days)).replace(microsecond=0)


def issue(cfg: Config, store: Store, lao_code: str, *, outbox_key: str | None = None) -> str:
    """A new link's token for ``lao_code``, its id and hash recorded; for an alert mail
    (``outbox_key``) the id comes from the mail's key, so issuing twice records one link."""
    if outbox_key is not None:
        token_id = signing.mac(_key(cfg), f"outbox|{outbox_key}".encode()).hex()[:24]
    else:
        token_id = secrets.token_hex(12)
    data = PortalData(store)
    if outbox_key is not None:
        known = data.token(token_id)
        if known is not None:
            return sign(cfg, Claims(known.id, known.lao_code, known.expires_at))
    claims = Claims(token_id, lao_code, _expiry(cfg, store.clock()))
    token = sign(cfg, claims)
    data.record_token(TokenRow(token_id, token_hash(token), lao_code, claims.expires, False, outbox_key))
    return token


def link(cfg: Config, token: str) -> str:
    """The address a coordinator opens."""
    return f"{cfg.portal.base_url.rstrip('/')}/p/{token}"


def link_for_outbox(cfg: Config, store: Store, outbox_key: str) -> str | None:
    """The link of the alert mail ``outbox_key``, rebuilt from its row; None when it has none."""
    row = PortalData(store).token_for_outbox(outbox_key)
    if row is None:
        return None
    return link(cfg, sign(cfg, Claims(row.id, row.lao_code, row.expires_at)))


def check(cfg: Config, store: Store, token: str) -> Grant | str:
    """The grant of a valid link, else why it is refused (``bad``, ``expired``, ``revoked``).

    Signature, then the stored row: it must exist, hold this very token (hash), name the same LAO,
    not be revoked and not be past its end (the signed end and the stored one both count)."""
    claims = parse(cfg, token)
    if claims is None:
        return REFUSED_BAD
    row = PortalData(store).token(claims.id)
    if row is None or not hmac.compare_digest(row.token_hash, token_hash(token)) or row.lao_code != claims.lao_code:
        return REFUSED_BAD
    if row.revoked:
        return REFUSED_REVOKED
    if min(row.expires_at, claims.expires) <= store.clock():
        return REFUSED_EXPIRED
    return Grant(row.id, row.lao_code, row.expires_at)
