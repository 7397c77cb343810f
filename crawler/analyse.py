"""The parse worker's whole task: bytes in, parse statuses and findings out, text never.

Detection used to run in the crawl process, without caps: 6 MB of ID-shaped text took 1.16 GB and
11 s there, and at the 30 MB response cap it would have taken about 6 GB. :func:`analyse` runs
``documents.extract`` and the detectors together inside the documents pool's worker, under its time
and memory caps, and returns each document with its findings (masked forms, fingerprints, masked
snippets) and without its pages. It is a plain function of picklable values, so any backend that
can call a function in another process (the local pebble pool, a distributed queue) can run it.

Caps per document, each ending with a status and a reason like any hostile file:

* ``documents.max_text_chars``: text beyond it is not read for identifiers (``too_large``);
* ``documents.max_findings``: detection stops at that many findings (``too_large``); what was
  found is kept;
* ``documents.bulk_unlabelled``: more unlabelled findings than this fold into one flagged ``bulk``
  finding (:mod:`detectors.bulk`).
"""

from __future__ import annotations

from dataclasses import replace

from core.config import DocumentsSettings
from detectors import bulk
from detectors.finding import Finding
from detectors.registry import scan
from documents.extract import extract
from documents.model import OCR, OK, TOO_LARGE, ParsedDocument


def analyse(
    data: bytes, name: str, content_type: str | None, settings: DocumentsSettings, key: bytes
) -> list[ParsedDocument]:
    """Parse ``data`` and find the identifiers in it; every document comes back without pages."""
    return [inspect(doc, settings, key) for doc in extract(data, name, content_type, settings)]


def inspect(doc: ParsedDocument, settings: DocumentsSettings, key: bytes) -> ParsedDocument:
    """``doc`` with its findings (capped and folded) and its count of OCR'd pages in place of its pages."""
    findings: list[Finding] = []
    chars = 0
    cut = ""
    for page in doc.pages:
        room = settings.max_findings - len(findings)
        text = page.text[: max(settings.max_text_chars - chars, 0)]
        chars += len(text)
        findings += scan(text, key, page=page.number, limit=room)
        if len(findings) >= settings.max_findings:
            cut = f"stopped after {settings.max_findings:,} findings (documents.max_findings)"
            break
        if len(text) < len(page.text):
            cut = f"read the first {settings.max_text_chars:,} characters of text (documents.max_text_chars)"
            break
    folded = tuple(bulk.fold(findings, key, settings.bulk_unlabelled))
    ocr_pages = sum(page.ocr for page in doc.pages)
    if cut and doc.status in (OK, OCR):
        return replace(doc, status=TOO_LARGE, reason=cut, pages=(), findings=folded, ocr_pages=ocr_pages)
    return replace(doc, pages=(), findings=folded, ocr_pages=ocr_pages)
