"""Why a parse stopped; each error carries the parse status it becomes.

Parsers raise these; ``documents.extract`` turns them into a ``ParsedDocument`` with that status,
so no exception leaves the package. Messages name sizes and library errors, never document text.
"""

from __future__ import annotations

from documents import model


class ParseError(Exception):
    """A document could not be (fully) read; ``status`` is the parse status it maps to."""

    status = model.CORRUPT


class CorruptError(ParseError):
    """The bytes are not a valid document of the sniffed type."""

    status = model.CORRUPT


class EncryptedError(ParseError):
    """The document is password-protected; nothing can be read without the password."""

    status = model.ENCRYPTED


class TooLargeError(ParseError):
    """The document (or an archive member) exceeds a size, ratio or count cap."""

    status = model.TOO_LARGE


class UnsupportedError(ParseError):
    """The format is recognised but not read (RAR, 7z, OCR turned off, ...)."""

    status = model.UNSUPPORTED


class ParseTimeout(ParseError):
    """A parse step ran out of its time budget."""

    status = model.TIMEOUT
