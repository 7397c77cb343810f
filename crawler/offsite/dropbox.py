"""Dropbox shares: the same link with ``dl=1`` downloads the file instead of showing it.

File links are ``/s/<id>/<name>`` and ``/scl/fi/<id>/<name>?rlkey=...`` (the key must stay);
``dl.dropboxusercontent.com`` is where they redirect, already the file. Folder links (``/sh/``,
``/scl/fo/``) would list the folder, which is crawling the host, so they are left alone.
"""

from __future__ import annotations

from urllib.parse import SplitResult, parse_qsl, urlencode, urlunsplit

from crawler.offsite.base import Family, Target

FILE_PATHS = ("/s/", "/scl/fi/")


def dropbox(parts: SplitResult) -> Target | None:
    if parts.hostname == "dl.dropboxusercontent.com":
        return Target(urlunsplit(parts._replace(fragment="")))
    if not parts.path.startswith(FILE_PATHS):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("dl", "raw")]
    return Target(urlunsplit(parts._replace(query=urlencode([*query, ("dl", "1")]), fragment="")))


FAMILIES = (Family("dropbox", frozenset({"www.dropbox.com", "dropbox.com", "dl.dropboxusercontent.com"}), dropbox),)
