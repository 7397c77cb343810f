"""Version 2: ``documents.links``, the in-scope links of each HTML page.

A page that has not changed since the last sweep (a 304, or one not due for a visit yet) has the
same links as before; keeping them lets the crawler follow it without downloading it again. Each
entry is a URL inside the LAO's own site and the crawl priority it was given; NULL for attachments
and for pages whose links only a browser can draw. Links are addresses, never page text, so no
identifier can sit in them beyond what the URL itself shows.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = ("ALTER TABLE documents ADD COLUMN links STRUCT(url VARCHAR, priority INTEGER)[]",)
