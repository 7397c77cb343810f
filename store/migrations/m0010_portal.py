"""Version 10: the coordinators' portal links.

A link is a signed token (``portal.tokens``) scoped to one LAO; the store keeps what is needed to
refuse it later, never the token itself: its id, a SHA-256 of the whole token, the LAO, when it
ends, and whether (and by whom) it was revoked. ``outbox_key`` ties a link to the alert mail that
carried it, so a resend of the same mail carries the same link.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE portal_tokens (
        id VARCHAR PRIMARY KEY,
        token_hash VARCHAR NOT NULL,
        lao_code VARCHAR NOT NULL,
        outbox_key VARCHAR,
        created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL,
        revoked BOOLEAN NOT NULL DEFAULT false,
        revoked_at TIMESTAMP,
        revoked_by VARCHAR,
        last_used_at TIMESTAMP
    )""",
)
