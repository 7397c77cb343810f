"""The real type of a document, from its bytes: extensions and Content-Type are only hints.

LAO sites serve PDFs named ``.php``, DOCX as ``application/octet-stream``, XLS renamed ``.xlsx`` and
HTML error pages named ``.pdf``. Magic bytes decide; structure (ZIP member names, OLE stream names)
tells Office formats apart; hints only break ties between text formats (CSV vs plain text).
"""

from __future__ import annotations

import io
import re
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
ENCRYPTED_OOXML = "application/x-encrypted-ooxml"
OLE = "application/x-ole-storage"
ZIP = "application/zip"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
RAR = "application/vnd.rar"
SEVEN_Z = "application/x-7z-compressed"
GZIP = "application/gzip"
HTML = "text/html"
TEXT = "text/plain"
CSV = "text/csv"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
BMP = "image/bmp"
WEBP = "image/webp"
BINARY = "application/octet-stream"

IMAGES = frozenset({PNG, JPEG, TIFF, GIF, BMP, WEBP})

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"BM", BMP),
    (b"Rar!\x1a\x07", RAR),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_Z),
    (b"\x1f\x8b", GZIP),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|br|script|style)\b",
    re.IGNORECASE | re.DOTALL,
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _utf16(name: str) -> bytes:
    """An OLE directory entry name as it sits in the file (UTF-16LE)."""
    return name.encode("utf-16-le")


# OLE stream names, found in the compound file's directory entries (UTF-16LE). Searching for them is
# enough to tell the few OLE formats we read apart without a full CFB reader (olefile is absent).
_OLE_STREAMS: tuple[tuple[bytes, str], ...] = (
    (_utf16("EncryptedPackage"), ENCRYPTED_OOXML),
    (_utf16("WordDocument"), DOC),
    (_utf16("Workbook"), XLS),
    (_utf16("Book"), XLS),
)


def sniff(data: bytes, name: str = "", content_type: str | None = None, *, deep: bool = True) -> str:
    """The media type of ``data``; ``name`` and ``content_type`` only break ties between texts.

    ``deep=False`` never opens a ZIP's central directory (every ZIP is then ``application/zip``):
    for a caller outside the isolated workers, where a hostile archive must not be parsed at all.
    """
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(_ZIP_MAGICS):
        return _zip_kind(data) if deep else ZIP
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    return _text_kind(head, name, content_type)


def _zip_kind(data: bytes) -> str:
    """DOCX, XLSX, ODT, ODS or a plain ZIP, by the members a ZIP holds (ODF by its mimetype member)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            declared = archive.open("mimetype").read(100) if "mimetype" in names else b""
    except Exception:  # any broken central directory: the archive reader reports it as corrupt
        return ZIP
    for odf in (ODT, ODS):
        if declared.strip() == odf.encode():
            return odf
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return XLSX
    return ZIP


def _ole_kind(data: bytes) -> str:
    """DOC, XLS or encrypted OOXML, by the stream names in an OLE compound file."""
    for stream, media_type in _OLE_STREAMS:
        if stream in data:
            return media_type
    return OLE


def _looks_binary(head: bytes) -> bool:
    if head.startswith(_BOMS[1:]):
        return False
    return b"\x00" in head


def _text_kind(head: bytes, name: str, content_type: str | None) -> str:
    """HTML, CSV, plain text or unknown binary."""
    if _looks_binary(head):
        return BINARY
    body = head.removeprefix(_BOMS[0])
    if _HTML_START.match(body) or b"<html" in body.lower():
        return HTML
    hint = (content_type or "").lower()
    if name.lower().endswith(".csv") or "csv" in hint:
        return CSV
    if "html" in hint and b"<" in body:
        return HTML
    return TEXT
