"""Version 3: ``robots``, each site's last robots.txt, so sweeps within a day reuse it.

RFC 9309 §2.4 lets a crawler cache robots.txt for up to 24 hours. A resumed sweep, a recheck or a
second sweep on the same day would otherwise ask every host for it again, a tenth of an unchanged
re-sweep's requests. Keyed by LAO and host (``netloc``: a site may answer on several); the body is
kept as served, except that a body holding a full ID is never kept (``crawler.robots``).
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE robots (
        lao_code VARCHAR NOT NULL,
        netloc VARCHAR NOT NULL,
        body BLOB NOT NULL,
        fetched_at TIMESTAMP NOT NULL,
        PRIMARY KEY (lao_code, netloc)
    )""",
)
