"""Version 8: ``documents.found_by`` and ``documents.linked_from``: how a sweep reached each URL.

``found_by`` is ``link`` (a link of the site's own pages), ``sitemap``, ``wp-media`` (a WordPress
site's media API), ``archive`` (a web archive's index of the host; the file itself is always
fetched from the live site) or ``off-site`` (a file on a file host such as Google Drive, linked
from the LAO's page). ``linked_from`` is the LAO page whose link led to an off-site file, so the
evidence keeps both the page and the file. Documents stored before this version were all reached
by links.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE documents ADD COLUMN found_by VARCHAR DEFAULT 'link'",
    "ALTER TABLE documents ADD COLUMN linked_from VARCHAR",
)
