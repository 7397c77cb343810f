"""The one shape every off-site file host has: which hosts it answers for, and how a share
becomes the file itself.

A family's ``resolve`` is a pure function of the linked URL: it returns the public download URL of
a shared file (``Target``), a viewer page to read once for the file it wraps (``viewer=True``), or
None for anything else on the host (a folder, a home page, a login): the host is never crawled.
``resolve`` is idempotent: the URL it returns resolves to itself, so a stored link (the direct URL)
is judged the same way in the next sweep.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import SplitResult


@dataclass(frozen=True, slots=True)
class Target:
    """What to fetch for a linked share: the file, or a viewer page that names it."""

    url: str
    viewer: bool = False


@dataclass(frozen=True, slots=True)
class Family:
    """One host family: exact host names, ``.suffix`` entries for any subdomain, or a path pattern
    (a viewer that sites host themselves, such as FlowPaper)."""

    name: str
    hosts: frozenset[str]
    resolve: Callable[[SplitResult], Target | None]
    path: re.Pattern[str] | None = field(default=None)

    def serves(self, host: str, path: str) -> bool:
        if host in self.hosts or any(host.endswith(h) for h in self.hosts if h.startswith(".")):
            return True
        return self.path is not None and bool(self.path.search(path))
