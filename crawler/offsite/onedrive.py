"""OneDrive and SharePoint shares: the public content URL of a shared file.

A personal share (``1drv.ms/...`` short link or ``onedrive.live.com/redir?resid=...``) is read
through the OneDrive API's shares endpoint, which takes the share URL itself, base64url-encoded
behind ``u!``: ``https://api.onedrive.com/v1.0/shares/u!<encoded>/root/content`` answers with the
file for a link anyone may open (Microsoft Graph, "Accessing shared DriveItems"). A SharePoint
share (``<tenant>.sharepoint.com/:b:/g/...``) downloads with ``download=1``.
"""

from __future__ import annotations

import base64
from urllib.parse import SplitResult, parse_qsl, urlencode, urlunsplit

from crawler.offsite.base import Family, Target

API = "https://api.onedrive.com/v1.0/shares/"
SHARE_TYPES = frozenset("bwxpuvifot")
"""The one-letter kinds of a SharePoint share path (``/:b:/`` a PDF, ``/:x:/`` a workbook...);
``/:f:/`` is a folder and is left alone."""


def share_token(url: str) -> str:
    """The shares endpoint's id of a share URL: ``u!`` and the URL in unpadded base64url."""
    return "u!" + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def personal(parts: SplitResult) -> Target | None:
    """A personal OneDrive share → the shares API's content URL (the API's own URL is kept)."""
    if parts.hostname == "api.onedrive.com":
        return Target(urlunsplit(parts)) if parts.path.endswith("/root/content") else None
    if parts.hostname == "onedrive.live.com" and not dict(parse_qsl(parts.query)).get("resid"):
        return None
    if parts.hostname == "1drv.ms" and parts.path.startswith("/f/"):
        return None  # a folder
    return Target(API + share_token(urlunsplit(parts._replace(fragment=""))) + "/root/content")


def sharepoint(parts: SplitResult) -> Target | None:
    """A SharePoint file share → the same URL with ``download=1``."""
    kind = parts.path[2:3] if parts.path.startswith("/:") and parts.path[3:5] == ":/" else ""
    if kind not in SHARE_TYPES or kind == "f":
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "download"]
    return Target(urlunsplit(parts._replace(query=urlencode([*query, ("download", "1")]), fragment="")))


FAMILIES = (
    Family("onedrive", frozenset({"1drv.ms", "onedrive.live.com", "api.onedrive.com"}), personal),
    Family("sharepoint", frozenset({".sharepoint.com"}), sharepoint),
)
