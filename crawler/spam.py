"""Gambling spam injected into LAO sites: which links and pages are spam, so the crawl cuts them.

Attackers who can write to a Thai state site drop pages of gambling SEO into it (one wave reached
tens of millions of URLs) and link them from a block the visitors never see. A crawler that follows
them spends a site's page budget on spam, and the injection itself is news for the LAO: its site
is compromised. Three signs, each cheap to read from what the crawl has anyway:

* a link whose address or text carries gambling words: two distinct ones, or one in a hidden block
  (a news item warning of online gambling names one term, in plain sight, and is followed);
* a page thick with gambling words whose links mostly leave the site (``MIN_FOREIGN_LINKS``);
* a cloaked redirect: a meta refresh or script sending the visitor to a gambling host (the same
  URL serves spam to search engines; the crawler sees only the redirect).

Words are matched on lower-cased, percent-decoded text; Thai needs no word boundaries, the short
English terms do (``slot`` is not ``slotted``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import unquote, urlsplit

THAI_TERMS = (
    "บาคาร่า",
    "สล็อต",
    "แทงบอล",
    "เว็บตรง",
    "คาสิโน",
    "เครดิตฟรี",
    "ฝากถอน",
    "แตกง่าย",
    "พนันออนไลน์",
    "หวยออนไลน์",
    "ยูฟ่าเบท",
)
ENGLISH_TERMS = (
    "ufabet", "ufa", "slot", "slots", "pgslot", "pg slot", "baccarat", "casino", "sbobet", "betflik", "joker123",
)  # fmt: skip
HOST_TERMS = tuple(term for term in ENGLISH_TERMS if len(term) >= 4 and " " not in term)
"""The terms a host name is searched for (``gambling_host``)."""
_ENGLISH = re.compile(r"(?<![a-z])(" + "|".join(re.escape(t) for t in ENGLISH_TERMS) + r")(?![a-z])")
MIN_PAGE_TERMS = 3
"""Distinct gambling terms on a page before its links are weighed."""
MIN_PAGE_HITS = 8
MIN_FOREIGN_LINKS = 10
FOREIGN_SHARE = 0.5
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|left\s*:\s*-\d{3,}px|font-size\s*:\s*0")
REDIRECTS = (
    re.compile(r"""http-equiv=["']?refresh["']?[^>]*url=['"]?([^'">\s]+)""", re.I),
    re.compile(r"""(?:window\.)?location(?:\.href)?\s*=\s*["']([^"']+)""", re.I),
    re.compile(r"""location\.(?:replace|assign)\(\s*["']([^"']+)""", re.I),
)


def terms(text: str) -> list[str]:
    """Every gambling term occurrence in ``text`` (Thai and English, lower-cased)."""
    low = unquote(text).lower()
    found = [term for term in THAI_TERMS for _ in range(low.count(term))]
    found += [m.group(1) for m in _ENGLISH.finditer(low)]
    return found


def gambling_host(host: str) -> bool:
    """A host named for gambling: host names glue words (``slotxo88``), so English terms of four
    letters or more count anywhere in the name."""
    low = host.lower()
    return any(term in low for term in HOST_TERMS)


def spam_link(url: str, text: str, *, hidden: bool | Callable[[], bool]) -> bool:
    """A link to follow no further: gambling words in its address or text, two distinct or hidden.

    ``hidden`` may be a callable, asked only of a link with exactly one term: reading a link's
    ancestors' styles costs more than its words, and almost every link has none."""
    distinct = set(terms(f"{url} {text}"))
    if len(distinct) != 1:
        return len(distinct) >= 2
    return hidden() if callable(hidden) else hidden


def hidden(style_chain: Sequence[str]) -> bool:
    """True when any of a link's ancestors' ``style`` attributes hides it."""
    return any(HIDDEN_STYLE.search(style.lower()) for style in style_chain)


def cloaked_redirect(html: str, host: str) -> str | None:
    """The gambling host a page sends its visitors to by meta refresh or script, else None."""
    head = html[:200_000]
    for pattern in REDIRECTS:
        for target in pattern.findall(head):
            target_host = urlsplit(target).hostname or ""
            if target_host and target_host != host and gambling_host(target_host):
                return target_host
    return None


def spam_page(html: str, host: str, link_hosts: Callable[[], Sequence[str]]) -> str | None:
    """Why a fetched page is injected spam, or None: a cloaked redirect, or gambling words with
    a mass of links off the site (``link_hosts`` gives the host of each link: asked only of a page
    with gambling words). The reason names the sign, never the page's words."""
    target = cloaked_redirect(html, host)
    if target:
        return f"cloaked redirect to {target}"
    found = terms(html[:500_000])
    if len(set(found)) < MIN_PAGE_TERMS or len(found) < MIN_PAGE_HITS:
        return None
    hosts = link_hosts()
    foreign = sum(1 for h in hosts if h and h != host)
    if foreign >= MIN_FOREIGN_LINKS and foreign >= FOREIGN_SHARE * max(len(hosts), 1):
        return f"{len(found)} gambling words and {foreign} links off the site"
    return None
