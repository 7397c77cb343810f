"""The contacts an LAO publishes on its own site: e-mail addresses and office phone lines.

Read from its contact page (ติดต่อเรา) whole, and from the footer of its home page. They become
*candidate* coordinator contacts: an analyst confirms one before any alert goes to it, because an
address on a page may be a webmaster's, a vendor's or out of date.

Only landlines are kept (``0`` + area code + number, nine digits): a mobile number on a contact page
is a person's, and a person's number is what x4watch exists to keep off the web, not to collect.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import lxml.html

from seeds.contacts import is_email

CONTACT_WORDS = ("ติดต่อ", "contact")
"""Words a contact page's address or title uses."""

FOOTER_HINTS = ("footer", "contact", "address", "bottom")
"""Class or id fragments of the element that holds a page's footer."""

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"(?<![0-9])0[ -]?[2-7](?:[ -]?[0-9]){7}(?![0-9])")
"""A landline as pages write it: ``0-4321-1234``, ``043 211 234``, ``043211234``."""
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
MAX_FOUND = 10
"""Addresses and numbers kept per page at most (a page listing every LAO of a district is no contact page)."""


def contact_page(url: str, title: str = "") -> bool:
    """A page whose address or title says it is the contact page."""
    parts = urlsplit(url)
    where = unquote(f"{parts.path}?{parts.query}").lower() + " " + title
    return any(word in where for word in CONTACT_WORDS)


def published_contacts(html: str, *, whole_page: bool) -> list[tuple[str, str]]:
    """(``email`` | ``phone``, value) the page publishes: in its footer, or anywhere on a contact page.
    Phones are digits only."""
    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    for junk in doc.iter("script", "style"):
        junk.text = ""
    parts = [doc] if whole_page else footers(doc)
    text = " ".join(" ".join(el.itertext()) for el in parts)  # text of neighbouring tags kept apart
    hrefs = [h.removeprefix("mailto:") for h in doc.xpath("//a/@href") if h.startswith("mailto:")]
    emails = [e.lower().rstrip(".") for e in [*EMAIL.findall(text), *hrefs] if _is_address(e)]
    phones = [re.sub(r"[^0-9]", "", p) for p in PHONE.findall(text)]
    found = [("email", e) for e in dict.fromkeys(emails)] + [("phone", p) for p in dict.fromkeys(phones)]
    return found[:MAX_FOUND]


def footers(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The page's footer elements: ``<footer>``, ``<address>``, or an element whose class or id says so."""
    found = list(doc.iter("footer", "address"))
    for el in doc.iter():
        marks = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if any(hint in marks for hint in FOOTER_HINTS):
            found.append(el)
    return found


def _is_address(value: str) -> bool:
    value = value.strip().rstrip(".")
    return is_email(value) and not value.lower().endswith(IMAGE_SUFFIXES)
