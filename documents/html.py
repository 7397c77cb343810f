"""Visible text of an HTML page: scripts, styles and comments dropped, tables kept as rows.

Table cells are separated by tabs and rows by newlines so that identifiers in neighbouring cells
never glue into one long digit run; block elements end lines for the same reason. The tree is walked
with ``iterwalk``, not recursion, so a page nested 100,000 levels deep cannot blow the stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree
from lxml import html as lxml_html

from documents.errors import CorruptError
from documents.model import Outcome, Page
from documents.text import decode

if TYPE_CHECKING:
    from core.config import DocumentsSettings

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "object", "iframe"})
_CELL = frozenset({"td", "th"})
_BLOCK = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
        "dl", "dt", "dd", "form", "fieldset", "caption", "thead", "tbody", "tfoot", "hr", "title",
        "option", "label", "address", "figure", "figcaption",
    }
)  # fmt: skip


def parse_html(data: bytes, content_type: str | None, settings: DocumentsSettings) -> Outcome:
    """One page-less page of the visible text of an HTML document."""
    text = decode(data, content_type, html=True)
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        if not text.strip():
            return Outcome((Page(None, ""),))
        raise CorruptError(f"HTML could not be parsed: {exc}") from exc
    return Outcome((Page(None, visible_text(root)),))


def visible_text(root: etree._Element) -> str:
    """The text a browser would show, with line and cell breaks kept."""
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP:
                walker.skip_subtree()  # its "end" event still comes and adds the tail
                continue
            parts.append(element.text or "")
            continue
        parts.append(_closing(tag))
        parts.append(element.tail or "")
    return _tidy("".join(parts))


def _closing(tag: str) -> str:
    """The separator an element's end contributes."""
    if tag in _CELL:
        return "\t"
    if tag in _BLOCK:
        return "\n"
    return ""


def _tidy(text: str) -> str:
    """Collapse runs of blank lines and trailing spaces that markup leaves behind."""
    lines = (line.strip(" \r\xa0") for line in text.split("\n"))
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
