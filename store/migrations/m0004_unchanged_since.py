"""Version 4: ``documents.unchanged_since``, when the stored bytes of a URL were first fetched.

It is the crawler's own evidence of how long a URL has stood still, for pages whose server sends no
Last-Modified (hand-written PHP sites send no validators at all): ``crawler.revisit`` treats it as a
lower bound of the Last-Modified the server did not send. Kept while the content hash stays the
same, reset when it changes. Rows stored before it start from their last fetch.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE documents ADD COLUMN unchanged_since TIMESTAMP",
    "UPDATE documents SET unchanged_since = fetched_at",
)
