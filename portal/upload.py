"""A coordinator's upload, masked in memory: read (size-capped), parsed, typed, masked, handed back.

Nothing of the upload touches the disk here: the request body is read into memory up to
``portal.max_upload_bytes`` (and refused past it, before more is read), the multipart form is parsed
from those bytes with python-multipart's streaming parser (Starlette's own form reader spools
files over 1 MB to a temporary file), the type is sniffed from the bytes and must be one the mask
engine handles, and ``masking.mask_isolated`` makes the verified copy in a child process under
``documents.memory_mb`` and a time limit (the bytes travel by pipe; the engine's own LibreOffice step
for DOC/XLS uses a temporary folder it removes). Nothing is stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.multipart import MultipartParser, parse_options_header

from documents import sniff

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

ALLOWED_TYPES = frozenset(
    {
        sniff.PDF, sniff.DOCX, sniff.XLSX, sniff.DOC, sniff.XLS, sniff.ODT, sniff.ODS,
        sniff.CSV, sniff.TEXT, sniff.HTML, sniff.PNG, sniff.JPEG, sniff.TIFF,
    }
)  # fmt: skip
"""What the mask engine handles; anything else (archives, executables) is refused unread."""
FORM_OVERHEAD = 64 * 1024
"""Bytes of a multipart body beyond the file itself (boundaries, headers, the CSRF field)."""
MAX_FIELD_BYTES = 4096


class UploadError(ValueError):
    """An upload refused: ``status`` is the HTTP status, the message is Thai for the page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


TOO_LARGE = "ไฟล์ใหญ่เกินกำหนด (ไม่เกิน {limit:,} ไบต์)"
BAD_FORM = "แบบฟอร์มไม่ถูกต้อง กรุณาเลือกไฟล์แล้วส่งใหม่"
BAD_TYPE = "ไม่รองรับไฟล์ประเภทนี้ (รองรับ PDF, Word, Excel, OpenDocument, CSV, ข้อความ, HTML และรูปภาพ)"


@dataclass
class Form:
    """The fields and the one file of a parsed upload form."""

    fields: dict[str, str] = field(default_factory=dict)
    file_name: str = ""
    file_data: bytes = b""


class _Reader:
    """python-multipart's callbacks, collecting each part in memory."""

    def __init__(self) -> None:
        self.form = Form()
        self.files = 0
        self.chunks: list[bytes] = []
        self.headers: dict[bytes, bytes] = {}
        self.field = b""
        self.value = b""

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": self.header_field,
            "on_header_value": self.header_value,
            "on_header_end": self.header_end,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self.chunks.clear()
        self.headers.clear()

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.field += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def header_end(self) -> None:
        self.headers[self.field.lower()] = self.value
        self.field, self.value = b"", b""

    def part_data(self, data: bytes, start: int, end: int) -> None:
        self.chunks.append(data[start:end])

    def part_end(self) -> None:
        _, disposition = parse_options_header(self.headers.get(b"content-disposition", b""))
        data = b"".join(self.chunks)
        self.chunks.clear()
        if b"filename" in disposition:
            self.files += 1
            name = disposition[b"filename"].decode("utf-8", "replace")
            self.form.file_name = name.replace("\\", "/").rsplit("/", 1)[-1]
            self.form.file_data = data
        elif len(data) <= MAX_FIELD_BYTES:
            self.form.fields[disposition.get(b"name", b"").decode("utf-8", "replace")] = data.decode("utf-8", "replace")


def parse_form(body: bytes, content_type: str) -> Form:
    """The form in ``body``; UploadError 400 when it is not multipart or holds not exactly one file."""
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(400, BAD_FORM)
    reader = _Reader()
    parser = MultipartParser(boundary, reader.callbacks())
    try:
        parser.write(body)
        parser.finalize()
    except Exception as exc:  # python-multipart raises several error types for malformed bodies
        raise UploadError(400, BAD_FORM) from exc
    if reader.files != 1 or not reader.form.file_data:
        raise UploadError(400, BAD_FORM)
    return reader.form


def check_type(data: bytes, name: str) -> str:
    """The sniffed media type when the mask engine handles it; UploadError 415 otherwise."""
    kind = sniff.sniff(data, name)
    if kind not in ALLOWED_TYPES:
        raise UploadError(415, BAD_TYPE)
    return kind
