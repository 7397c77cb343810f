"""Bytes in, pages of text out, for every format LAOs publish; each parse isolated and capped.

``extract`` parses in the calling process and never raises; ``DocumentPool`` runs the same parse in
killable, memory-capped worker processes (use it for anything downloaded from the web).
"""

from __future__ import annotations

from documents.extract import extract
from documents.model import Page, ParsedDocument
from documents.pool import DocumentPool

__all__ = ["DocumentPool", "Page", "ParsedDocument", "extract"]
