"""``extract``: bytes in, ParsedDocuments out, never an exception.

The parser for each sniffed media type lives in a table (add a format by adding a row). Archives
(ZIP, RAR, 7z) are rows too: their readers yield members (``documents.archive``), and
``extract_nested`` parses each member as a document of its own, down to ``archive_max_depth``.
Every failure becomes a status with a reason; reasons are masked like log lines (every run that
could be an identifier, ``detectors.redact``) in case a library quotes document content in its
message.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from core.config import DocumentsSettings
from detectors.redact import redact
from documents import sniff as kinds
from documents.archive import Member, Unpacked
from documents.errors import ParseError
from documents.model import CORRUPT, TOO_LARGE, UNSUPPORTED, Outcome, ParsedDocument, failed

Parser = Callable[[bytes, str | None, DocumentsSettings], Outcome | Iterable[Unpacked]]


PARSERS: dict[str, str] = {
    kinds.PDF: "documents.pdf:parse_pdf",
    kinds.HTML: "documents.html:parse_html",
    kinds.TEXT: "documents.text:parse_text",
    kinds.CSV: "documents.text:parse_csv",
    kinds.DOCX: "documents.office:parse_docx",
    kinds.XLSX: "documents.office:parse_xlsx",
    kinds.XLS: "documents.office:parse_xls",
    kinds.ODT: "documents.office:parse_odt",
    kinds.ODS: "documents.office:parse_xlsx",
    kinds.DOC: "documents.office:parse_doc",
    kinds.ENCRYPTED_OOXML: "documents.office:parse_encrypted",
    **dict.fromkeys(kinds.IMAGES, "documents.ocr:parse_image"),
    kinds.ZIP: "documents.archive:zip_members",
    kinds.RAR: "documents.archive:libarchive_members",
    kinds.SEVEN_Z: "documents.archive:libarchive_members",
}
"""Media type → parser (``module:function``, imported on first use so a worker loads only the
libraries it needs). Every parser takes (data, content_type, settings) and returns an Outcome, or,
for an archive, its members (``documents.archive.Unpacked``) as they are read."""

UNSUPPORTED_REASONS = {
    kinds.GZIP: "gzip files are not read",
    kinds.OLE: "OLE compound file that is neither a Word nor an Excel document",
    kinds.BINARY: "unrecognised binary format",
}


def _parser(target: str) -> Parser:
    module, _, function = target.partition(":")
    parser: Parser = getattr(importlib.import_module(module), function)
    return parser


def mb(size: int) -> str:
    """A byte count for a reason, in MB (short, and never a long digit run)."""
    return f"{size / 1_000_000:.1f} MB"


def scrub(reason: str) -> str:
    """A reason safe to store: digit runs that could be an identifier are masked."""
    return redact(reason[:2000])[:500]


def extract(
    data: bytes,
    name: str = "",
    content_type: str | None = None,
    settings: DocumentsSettings | None = None,
) -> list[ParsedDocument]:
    """Parse ``data`` in this process; an archive yields one ParsedDocument per member."""
    settings = settings or DocumentsSettings()
    return extract_nested(data, name, content_type, settings, depth=0)


def extract_nested(
    data: bytes, name: str, content_type: str | None, settings: DocumentsSettings, depth: int
) -> list[ParsedDocument]:
    """``extract`` at archive nesting ``depth``: a document, or an archive's members one by one."""
    if len(data) > settings.max_bytes:
        reason = f"{mb(len(data))} exceeds documents.max_bytes ({mb(settings.max_bytes)})"
        return [failed(name, kinds.sniff(data, name, content_type, deep=False), TOO_LARGE, reason)]
    media_type = kinds.sniff(data, name, content_type)
    target = PARSERS.get(media_type)
    if target is None:
        reason = UNSUPPORTED_REASONS.get(media_type, f"{media_type} is not read")
        return [failed(name, media_type, UNSUPPORTED, reason)]
    docs: list[ParsedDocument] = []
    try:
        result = _parser(target)(data, content_type, settings)  # an archive reader is lazy: nothing read yet
        if isinstance(result, Outcome):
            return [ParsedDocument(name, media_type, result.status, scrub(result.reason), result.pages)]
        if depth > settings.archive_max_depth:
            return [failed(name, media_type, TOO_LARGE, "archive nested deeper than documents.archive_max_depth")]
        _unpack(result, name, media_type, settings, depth, docs)
    except ParseError as exc:
        docs.append(failed(name, media_type, exc.status, scrub(str(exc))))
    except MemoryError:
        docs.append(failed(name, media_type, TOO_LARGE, "parsing needed more memory than documents.memory_mb"))
    except RecursionError:
        docs.append(failed(name, media_type, CORRUPT, "structure nested too deeply to parse"))
    except Exception as exc:  # any library error on hostile input is a corrupt document, not a crash
        docs.append(failed(name, media_type, CORRUPT, scrub(f"{type(exc).__name__}: {exc}")))
    return docs


def _unpack(
    members: Iterable[Unpacked],
    name: str,
    media_type: str,
    settings: DocumentsSettings,
    depth: int,
    docs: list[ParsedDocument],
) -> None:
    """Each member parsed as a document of its own, appended to ``docs`` as it is read (so the
    members before a failure are kept)."""
    for item in members:
        source = f"{name}!{item.path}" if item.path else name
        if isinstance(item, Member):
            docs.extend(extract_nested(item.data, source, None, settings, depth + 1))
        else:
            docs.append(failed(source, media_type, item.status, scrub(item.reason)))
