"""Turn the DLA website column into a URL the crawler can use, or say why it cannot.

The column is free text typed by each LAO: about 3,431 of 7,849 are filled, and a fifth of those
are malformed (``www.Khlongphon go.th``, ``WWW..Aolueknuea.go.th``, ``g0.th``, e-mail addresses,
Thai text, stray Thai vowel marks typed before the URL). Every fix here is a named rule in one of
the tables below, applied in order, and each has a row in ``tests/seeds/test_urls.py``.

Two kinds of change:

* **cosmetic** (not recorded): surrounding spaces, upper case, a missing or correct scheme, a
  trailing dot or slash, an entry page such as ``/index.php``. A value that needs only these was
  usable as published, so its source stays ``registry``.
* **repair** (recorded in ``url_reason``): a typo whose fix is unambiguous. The source becomes
  ``repaired``.

A value that cannot name a host is **rejected**: the website stays empty, ``url_raw`` keeps the
value and ``url_reason`` ends with the rejection reason (``email``, ``thai_text``, ...), so an
analyst can follow up and discovery can try to find the site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from seeds.model import Lao, UrlSource

THAI_CONSONANTS = re.compile(r"[\u0e01-\u0e2e]")
THAI_MARKS = re.compile(r"[\u0e2f-\u0e3a\u0e40-\u0e4e]")
"""Thai vowels, tone marks and signs: typed by mistake before a URL on a Thai keyboard layout."""

SLD_TH = frozenset({"ac", "co", "go", "in", "mi", "net", "or"})
"""The second-level domains under .th: nothing is registered directly under .th."""

KNOWN_TLDS = frozenset({"th", "com", "net", "org", "info", "biz", "ac", "io", "me", "co", "site", "online"})
"""Top-level domains seen on LAO sites; anything else is a truncated value (``www.khaophangkrai``)."""

HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")

FREEMAIL = re.compile(r"(hotmail|gmail|outlook|windowslive|yahoo|live)\.", re.IGNORECASE)

PLACEHOLDERS = frozenset({"", "-", ".", "ไม่มี", "none", "n/a", "no"})

NOT_LAO_HOSTS: dict[str, str] = {
    "dla.go.th": "department_site",  # the DLA's own site, typed where the LAO has none
    "facebook.com": "social_media",  # a page on a platform that x4watch does not crawl
}
"""Hosts that are never one LAO's website, with the rejection reason."""

PLATFORM_HOSTS = frozenset({"govesite.com", "sites.google.com", "bangkokideaeasy.com"})
"""Hosts that serve many LAOs, each under its own path: the path is the site."""

GENERIC_SEGMENTS = re.compile(
    r"^(public|home|hom|homepage|frontpage|site|main|web\d*|portal|index|en|th|backend|new|content|info"
    r"|default|component)$",
    re.IGNORECASE,
)
"""Path segments that a CMS puts under every site: they never select one LAO's site."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One named repair: a regular expression and its replacement, applied to the whole value."""

    name: str
    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]

    def apply(self, value: str) -> str:
        return self.pattern.sub(self.replacement, value)


def _rule(name: str, pattern: str, replacement: str, flags: int = re.IGNORECASE) -> Rule:
    return Rule(name, re.compile(pattern, flags), replacement)


def _drop_thai_marks(match: re.Match[str]) -> str:
    """Drop stray Thai marks only from a value with no Thai consonant (a URL, not Thai text)."""
    value = match.group(0)
    return value if THAI_CONSONANTS.search(value) else THAI_MARKS.sub("", value)


TEXT_RULES: tuple[Rule, ...] = (
    _rule("quotes", r"^[\"']+|[\"']+$", ""),
    _rule("thai_keyboard_www", r"^พพพ\.", "www."),
    Rule("thai_marks", re.compile(r"^.*$", re.DOTALL), _drop_thai_marks),
    _rule("trailing_text", r"^(\S+\.\S+)\s+[^\x00-\x7f].*$", r"\1", re.DOTALL),
    _rule("leading_junk", r"^[\s.,;:/\-]+(?=\w)", ""),
    _rule("scheme_typo", r"^[\sw.]*?h\s*a?t{1,2}p?\s*(s?)\s*(?::\s*/{0,2}|/{2})\s*", r"http\1://"),
    _rule("www_typo", r"^(https?://)?(?:w\.w\.w[.\s]\s*|www(?:\.\s+|\s+|'|/+))(?=\w)", r"\1www."),
    _rule("at_for_dot", r"@(?=go\.th\b)", "."),
    _rule("gt_for_dot", r">(?=go\.th\b)", "."),
    _rule("space_before_sld", r"\s+(?=(?:go|co|or|ac|in|net|mi)\.th\b)", "."),
    _rule("space_in_host", r"(?<=[\w-])\s+(?=[\w.-])|(?<=\.)\s+(?=\w)", ""),
    _rule("doubled_dots", r"\.{2,}", "."),
    _rule("sld_typo", r"\.(?:g0|gol|gp|gc|to)\.th\b|\.go\.gh\b|\.go\.th\.com\b|\.goth\b", ".go.th"),
    _rule("missing_dot_before_go", r"(?<=[a-z0-9])go\.th\b", ".go.th"),
    _rule("truncated_go", r"\.go(?=/|$)", ".go.th"),
)
"""Repairs, in the order they run. Each is unambiguous: there is one host the value can mean."""

REJECTIONS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("placeholder", lambda v: v.strip().lower() in PLACEHOLDERS),
    ("email", lambda v: "@" in v or bool(FREEMAIL.search(v))),
    ("thai_text", lambda v: bool(THAI_CONSONANTS.search(v))),
)
"""Checks on the repaired text, in order: the first that holds rejects the value."""


@dataclass(frozen=True, slots=True)
class CleanUrl:
    """The outcome for one raw value: the website ('' if none), its source and the reasons."""

    website: str
    source: UrlSource
    reason: str

    @property
    def host(self) -> str:
        """The host without ``www.``: the key that says whether two LAOs share a site."""
        return host_key(self.website)


def clean_url(raw: str) -> CleanUrl:
    """Clean one value of the DLA website column (see the module docstring for the rules)."""
    value = " ".join(raw.split())
    if not value:
        return CleanUrl("", UrlSource.NONE, "")
    repairs: list[str] = []
    for rule in TEXT_RULES:
        changed = rule.apply(value).strip()
        if changed != value:
            repairs.append(rule.name)
            value = changed
    for reason, rejects in REJECTIONS:
        if rejects(value):
            return _rejected(repairs, reason)
    website, problem = build_url(value)
    if problem:
        return _rejected(repairs, problem)
    return CleanUrl(website, UrlSource.REPAIRED if repairs else UrlSource.REGISTRY, ",".join(repairs))


def _rejected(repairs: list[str], reason: str) -> CleanUrl:
    return CleanUrl("", UrlSource.NONE, ",".join([*repairs, reason]))


def build_url(value: str) -> tuple[str, str]:
    """Parse the repaired text into ``scheme://host/path``; returns (url, '') or ('', reason)."""
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "http://" + value
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "", "not_a_host"
    problem = host_problem(host)
    if problem:
        return "", problem
    path = meaningful_path(host, parts.path)
    return f"{parts.scheme.lower()}://{host}{path}", ""


def host_problem(host: str) -> str:
    """Why ``host`` cannot be an LAO's website host, or '' when it can."""
    labels = host.split(".")
    if len(labels) < 2 or not all(HOST_LABEL.match(label) for label in labels):
        return "not_a_host"
    if labels[-1] not in KNOWN_TLDS:
        return "no_tld"
    if labels[-1] == "th" and (len(labels) < 3 or labels[-2] not in SLD_TH):
        return "bad_th_domain"
    return next((why for bad, why in NOT_LAO_HOSTS.items() if _is_within(host, bad)), "")


def _is_within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def meaningful_path(host: str, path: str) -> str:
    """The part of ``path`` that selects one LAO's site, as ``/dir/`` or ``/``.

    On a platform host the directories are the site (``govesite.com/kokchang/``); elsewhere only a
    first directory that is not a CMS word is kept (``namkom.go.th/namkham/``). Files, queries and
    CMS entry pages (``/index.php``, ``/public/``, ``/home``) are dropped: the crawler starts from
    the site root and finds them.
    """
    directories = list(_until_file(path.split("/")[1:]))
    platform = any(_is_within(host, p) for p in PLATFORM_HOSTS)
    kept = directories if platform else directories[:1]
    if not kept or GENERIC_SEGMENTS.match(kept[0]):
        return "/"
    return "/" + "/".join(kept) + "/"


def _until_file(segments: Iterable[str]) -> Iterable[str]:
    for segment in segments:
        if not segment or "." in segment:
            return
        yield segment


def host_key(website: str) -> str:
    """``host/path`` without scheme and ``www.``: equal keys mean the same site."""
    if not website:
        return ""
    parts = urlsplit(website)
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/")


def flag_shared_hosts(laos: Sequence[Lao]) -> list[Lao]:
    """Set ``host_shared`` on exactly the LAOs whose site key another LAO also lists."""
    shared = shared_hosts(lao.website for lao in laos)
    return [replace(lao, host_shared=bool(lao.website) and host_key(lao.website) in shared) for lao in laos]


def shared_hosts(websites: Iterable[str]) -> set[str]:
    """Site keys used by more than one LAO (flagged ``host_shared``: findings cannot be attributed)."""
    counts = Counter(host_key(w) for w in websites if w)
    return {key for key, n in counts.items() if n > 1}
