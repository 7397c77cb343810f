"""What ``documents`` hands on: a parsed document as pages of text, with a parse status.

A parse never raises to its caller: every outcome, good or bad, is a ``ParsedDocument`` whose
``status`` says what happened and whose ``reason`` says why in a sentence fit for an analyst (never
an identifier: reasons are built from library messages and sizes, not from document text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OK = "ok"
OCR = "ocr"
ENCRYPTED = "encrypted"
TOO_LARGE = "too_large"
TIMEOUT = "timeout"
CORRUPT = "corrupt"
UNSUPPORTED = "unsupported"
STATUSES = (OK, OCR, ENCRYPTED, TOO_LARGE, TIMEOUT, CORRUPT, UNSUPPORTED)
"""Every parse status, as the Document contract in design.md lists them."""
PARSED = frozenset({OK, OCR})
"""Statuses of a document read completely: its findings are all known (a parse that stopped early,
or read nothing, leaves them unknown)."""


@dataclass(frozen=True)
class Page:
    """One page of text; ``number`` is 1-based, None for formats without pages (HTML, CSV).
    ``ocr`` says the text came from OCR (operators watch OCR'd pages per minute: a sweep's cost)."""

    number: int | None
    text: str
    ocr: bool = False


@dataclass(frozen=True)
class ParsedDocument:
    """One document's text, or why there is none.

    ``source`` is the name the caller gave, archive members as ``outer.zip!member``;
    ``media_type`` is the sniffed type, not the claimed one.
    """

    source: str
    media_type: str
    status: str
    reason: str
    pages: tuple[Page, ...] = ()
    findings: tuple[Any, ...] = ()
    """What a task run in the parse worker after ``extract`` found in the pages (a sweep's task
    puts the detectors' findings here and drops the pages, so no text leaves the worker). This
    package never fills it: it only carries it back from the worker."""
    ocr_pages: int = 0
    """Pages OCR'd, kept by that task when it drops the pages (the sweep counts them)."""

    @property
    def text(self) -> str:
        """All pages joined, for callers that do not care about page numbers."""
        return "\n\f".join(page.text for page in self.pages)


def failed(source: str, media_type: str, status: str, reason: str) -> ParsedDocument:
    """A document that yielded no text, with the status and reason saying why."""
    return ParsedDocument(source=source, media_type=media_type, status=status, reason=reason)


@dataclass(frozen=True)
class Outcome:
    """What one format parser returns: pages plus the status and reason of the parse."""

    pages: tuple[Page, ...]
    status: str = OK
    reason: str = ""
