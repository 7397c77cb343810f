"""Plain text and CSV, and the one place that guesses a byte string's encoding.

Thai government pages and exports are UTF-8, TIS-620 or windows-874 (a superset of TIS-620, so it
is used for both). Order of trust: a byte-order mark, a declared charset (HTML meta or HTTP header),
strict UTF-8, then charset-normalizer's guess, then windows-874 as the Thai default.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import TYPE_CHECKING

import charset_normalizer

from documents.model import Outcome, Page

if TYPE_CHECKING:
    from core.config import DocumentsSettings

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ALIASES = {"tis-620": "cp874", "tis620": "cp874", "windows-874": "cp874", "x-windows-874": "cp874"}
_DETECT_BYTES = 200_000


def _known(encoding: str) -> str | None:
    """A Python codec name for a declared charset, or None when Python does not know it."""
    name = _ALIASES.get(encoding.lower(), encoding)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset a Content-Type header or an HTML ``<meta>`` in the first 4 KB declares."""
    for source in ((content_type or "").encode("latin-1", "replace"), data[:4096]):
        match = _CHARSET.search(source)
        if match:
            known = _known(match.group(1).decode("ascii"))
            if known:
                return known
    return None


def guess_encoding(data: bytes, declared: str | None = None) -> str:
    """The codec to decode ``data`` with (see the module docstring for the order)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if declared:
        return _known(declared) or "utf-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
    if best is not None and best.encoding:
        return _known(best.encoding) or "cp874"
    return "cp874"


def decode(data: bytes, content_type: str | None = None, *, html: bool = False) -> str:
    """``data`` as text; undecodable bytes become U+FFFD rather than failing the document."""
    declared = declared_charset(data if html else b"", content_type)
    return data.decode(guess_encoding(data, declared), errors="replace")


def parse_text(data: bytes, content_type: str | None, settings: DocumentsSettings) -> Outcome:
    """Plain text or CSV: one page-less page of the decoded text."""
    return Outcome((Page(None, decode(data, content_type)),))


_DELIMITERS = ",;\t|"


def parse_csv(data: bytes, content_type: str | None, settings: DocumentsSettings) -> Outcome:
    """CSV laid out like a spreadsheet sheet: one line per row, every cell ended by a tab (the
    detectors' cell break), so digits of neighbouring cells or rows never join into one number.
    A file the csv module cannot split (a field over its size limit, a stray quote) is read as text."""
    text = decode(data, content_type)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        dialect = ","
    try:
        rows = ["".join(f"{cell}\t" for cell in row) for row in csv.reader(io.StringIO(text), delimiter=dialect)]
    except csv.Error:
        return Outcome((Page(None, text),))
    return Outcome((Page(None, "\n".join(row for row in rows if row.strip("\t"))),))
