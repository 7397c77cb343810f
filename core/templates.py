"""The Jinja set-up every package that renders templates shares (mails, the portal, the weekly report).

One place so that the rules cannot drift apart between them: HTML templates (``*.html.j2``) are
autoescaped, since URLs, file names and LAO names come from the web; an undefined name is an error,
not an empty string; block tags leave no stray lines; and ``readable`` prints a percent-encoded URL
as people read it (Thai file names as Thai, not ``%E0%B8...``).
"""

from __future__ import annotations

import urllib.parse
from functools import cache

import jinja2


@cache
def environment(package: str) -> jinja2.Environment:
    """Templates from ``package``'s ``templates`` folder."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["readable"] = urllib.parse.unquote
    return env
