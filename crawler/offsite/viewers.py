"""Embedded PDF viewers (FlowPaper, FlipHTML5, AnyFlip, Issuu): the PDF behind the flip-book.

A viewer shows a PDF page by page from its own script, so the PDF is named in the viewer's query
(FlowPaper's ``PDFFile=``, ``file=``, ``doc=``) or in its page's configuration (a ``downloadURL``,
a ``PDFFile:`` entry, a link), never as a plain link. The query is read when it names the PDF;
otherwise the viewer page is fetched once and ``pdf_in`` finds the PDF in it. A viewer that offers
no PDF (an Issuu document without download) yields nothing. FlowPaper is often installed on the
LAO's own host, so it is matched by path as well.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urljoin, urlunsplit

from crawler.offsite.base import Family, Target

PDF_PARAMS = ("pdffile", "file", "doc", "pdf", "document")
PDF_END = re.compile(r"""\.pdf(?:\?[^"'\s<>]{0,500})?(?=["'\s<>&),;]|$)""", re.I)
"""Where a PDF's address ends; its start is the nearest delimiter before (a bounded look back, so a
page of one huge token costs linear time, not quadratic)."""
DELIMITERS = "\"' \t\r\n<>()=,;"
MAX_URL = 2000
MAX_PAGE_CHARS = 2_000_000
"""A viewer page is read this far for its PDF (a flip-book's page, not a document)."""


def _is_pdf(path: str) -> bool:
    return path.lower().endswith(".pdf")


def viewer(parts: SplitResult) -> Target | None:
    """The PDF when the link or its query names it, else the viewer page to read."""
    url = urlunsplit(parts._replace(fragment=""))
    if _is_pdf(parts.path):
        return Target(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in PDF_PARAMS and _is_pdf(value.split("?", 1)[0]):
            return Target(urljoin(url, value))
    return Target(url, viewer=True)


def issuu(parts: SplitResult) -> Target | None:
    """Only an Issuu document page (``/<user>/docs/<name>``) can name a PDF."""
    return viewer(parts) if "/docs/" in parts.path else None


def pdf_in(html: str, base: str) -> str | None:
    """The first PDF URL a viewer page names (JSON's escaped slashes undone), absolute."""
    text = html[:MAX_PAGE_CHARS].replace("\\/", "/")
    for end in PDF_END.finditer(text):
        window = text[max(0, end.start() - MAX_URL) : end.start()]
        start = max(window.rfind(c) for c in DELIMITERS) + 1
        if start < len(window):  # a name before ".pdf"
            return urljoin(base, window[start:] + end.group(0))
    return None


FAMILIES = (
    Family("flowpaper", frozenset({"flowpaper.com", ".flowpaper.com"}), viewer, re.compile(r"flowpaper", re.I)),
    Family("fliphtml5", frozenset({"fliphtml5.com", ".fliphtml5.com"}), viewer),
    Family("anyflip", frozenset({"anyflip.com", ".anyflip.com"}), viewer),
    Family("issuu", frozenset({"issuu.com", ".issuu.com"}), issuu),
)
