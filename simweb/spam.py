"""Gambling spam injected into a simulated LAO site, as it is found on Thai state sites.

An attacker who can write to a site's upload folder drops a few dozen pages of gambling SEO into
it and links them from a block of the home page that visitors never see (``display:none``). Each
spam page is a wall of gambling words, dozens of links to gambling hosts and links to more spam
pages, so a crawler that follows them spends its page budget on spam. One more page is cloaked:
a search engine (Googlebot, or a visitor coming from Google) gets spam, everyone else is sent on to
a gambling host by a meta refresh and a script.

Which pages are spam is ground truth (``spam_paths``, ``CLOAKED_PATH``); none of them holds an
identifier.
"""

from __future__ import annotations

import random
from html import escape

SPAM_PAGES = 60
HIDDEN_LINKS = 8
LINKS_PER_PAGE = 6
OUTBOUND_PER_PAGE = 30
SPAM_FOLDER = "/images/stories/"
CLOAKED_PATH = "/news/activity-2567.php"
GAMBLING_HOST = "ufabet-vip888.com"
SLUGS = ("pg-slot", "baccarat", "ufabet", "slot-wallet", "casino-online", "sbobet")
PHRASES = (
    "สล็อตเว็บตรง แตกง่าย",
    "บาคาร่าออนไลน์ ufabet",
    "แทงบอลออนไลน์ ราคาดีที่สุด",
    "เว็บตรงไม่ผ่านเอเย่นต์ ฝากถอนไม่มีขั้นต่ำ",
    "คาสิโนออนไลน์ สมัครรับเครดิตฟรี",
    "pg slot เว็บตรง",
    "baccarat online casino",
)
BRANDS = ("ufa", "slotxo", "betflik", "joker", "pgslot", "sa-gaming", "lsm99", "ambbet")


def spam_path(number: int) -> str:
    return f"{SPAM_FOLDER}{SLUGS[number % len(SLUGS)]}-{number}.html"


def spam_paths() -> list[str]:
    return [spam_path(n) for n in range(SPAM_PAGES)]


def spam_number(path: str) -> int | None:
    """The spam page a path names (None when it names none)."""
    if not path.startswith(SPAM_FOLDER) or not path.endswith(".html"):
        return None
    tail = path.removeprefix(SPAM_FOLDER).removesuffix(".html").rsplit("-", 1)
    if len(tail) != 2 or not tail[1].isdigit() or spam_path(int(tail[1])) != path:
        return None
    return int(tail[1]) if int(tail[1]) < SPAM_PAGES else None


def _anchor(rng: random.Random, href: str) -> str:
    return f'<a href="{escape(href)}">{escape(rng.choice(PHRASES))}</a>'


def hidden_block(seed: str) -> str:
    """The block the attacker adds to the home page: hidden links into the spam folder and to
    gambling hosts, and the cloaked page."""
    rng = random.Random(f"{seed}|hidden")
    anchors = [_anchor(rng, spam_path(n)) for n in range(0, SPAM_PAGES, SPAM_PAGES // HIDDEN_LINKS)]
    anchors += [_anchor(rng, f"https://{brand}{rng.randint(1, 999)}.com/") for brand in BRANDS[:3]]
    anchors.append(f'<a href="{CLOAKED_PATH}">กิจกรรม</a>')
    return f'<div style="display:none">{" ".join(anchors)}</div>'


def spam_page(seed: str, number: int) -> str:
    """One injected page: gambling words, links to gambling hosts, links to more spam pages."""
    rng = random.Random(f"{seed}|spam|{number}")
    words = " ".join(rng.choice(PHRASES) for _ in range(40))
    outbound = [
        _anchor(rng, f"https://{rng.choice(BRANDS)}{rng.randint(1, 999)}.com/?ref={number}")
        for _ in range(OUTBOUND_PER_PAGE)
    ]
    inner = [_anchor(rng, spam_path((number * 7 + k) % SPAM_PAGES)) for k in range(1, LINKS_PER_PAGE + 1)]
    title = escape(rng.choice(PHRASES))
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{escape(words)}</p><div>{' '.join(outbound)}</div>"
        f"<div>{' '.join(inner)}</div></body></html>"
    )


def cloaked(seed: str, user_agent: str, referer: str) -> str:
    """The cloaked page: spam for a search engine, a redirect to a gambling host for anyone else."""
    if "googlebot" in user_agent.lower() or "google." in referer.lower():
        return spam_page(seed, 0)
    target = f"https://{GAMBLING_HOST}/?ref=lao"
    return (
        f'<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={target}">'
        f'</head><body><script>window.location.replace("{target}");</script></body></html>'
    )
