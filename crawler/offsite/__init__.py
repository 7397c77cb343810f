"""Files that LAO pages link on other hosts (Google Drive and Docs, OneDrive, Dropbox, PDF
viewers), fetched one by one, never crawled.

One small module per host family (``google``, ``onedrive``, ``dropbox``, ``viewers``), each a
``Family`` with a pure ``resolve``; ``FAMILIES`` is the registry, and a new host is one more row.
``Resolver`` asks the family that serves a link's host for the file's public download URL.

``aliases`` serve the simulated web (test and demo mode only): a simulated host stands for a real
one (``http://drive.google.sim`` for ``https://drive.google.com``). A link on an alias is read as
the real origin, resolved by the real rules, and the answer is written back on the alias, so the
production patterns are the ones tested.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import SplitResult, urlsplit

from crawler.offsite import dropbox, google, onedrive, viewers
from crawler.offsite.base import Family, Target

FAMILIES: tuple[Family, ...] = (*google.FAMILIES, *onedrive.FAMILIES, *dropbox.FAMILIES, *viewers.FAMILIES)


def _family(parts: SplitResult) -> Family | None:
    host = (parts.hostname or "").lower()
    return next((f for f in FAMILIES if f.serves(host, parts.path)), None)


def resolve(url: str) -> Target | None:
    """The file (or viewer page) a link on a known file host stands for; None for other links.
    Asked of every link of every page: the URL is split once."""
    parts = urlsplit(url)
    family = _family(parts)
    return family.resolve(parts) if family is not None else None


def _swap(url: str, origins: Mapping[str, str]) -> str:
    for old, new in origins.items():
        if url == old or url.startswith(old + "/") or url.startswith(old + "?"):
            return new + url[len(old) :]
    return url


class Resolver:
    """``resolve`` with the simulated hosts' aliases (``crawl.offsite_aliases``) applied."""

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self.to_real = {k.rstrip("/"): v.rstrip("/") for k, v in (aliases or {}).items()}
        self.to_alias = {v: k for k, v in self.to_real.items()}

    def resolve(self, url: str) -> Target | None:
        target = resolve(_swap(url, self.to_real))
        return Target(_swap(target.url, self.to_alias), target.viewer) if target is not None else None

    @staticmethod
    def unwrap(page_url: str, html: str) -> str | None:
        """The PDF a viewer page names (relative to where the page was read)."""
        return viewers.pdf_in(html, page_url)


__all__ = ["FAMILIES", "Family", "Resolver", "Target", "resolve"]
