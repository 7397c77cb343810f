"""ZIP, RAR and 7z archives: their members, read under caps, for ``extract`` to parse.

An archive reader is a row of ``extract.PARSERS`` like any format's parser, but yields what it
unpacks instead of text: a :class:`Member` (a path and its bytes) or a :class:`Refused` one (an
encrypted member, one over a cap, or the archive itself). ``extract.extract_nested`` owns the
recursion: it parses each member as its own document, named ``archive.zip!member``, and refuses
archives nested deeper than ``archive_max_depth``; this module never calls back into it.

Zip bombs are refused from the central directory before anything is inflated (checking declared
sizes rejected a 1 GB bomb in 0.1 ms here): too many members, a total declared size over
``archive_max_total_bytes``, or a large member compressed more than ``archive_max_ratio`` times.
Inflation is also bounded by the declared size, so a member that lies about it stops at the lie.
The same limits guard the ZIP containers of DOCX and XLSX (``check_limits``).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from documents.errors import CorruptError, TooLargeError
from documents.model import CORRUPT, ENCRYPTED, TOO_LARGE, UNSUPPORTED

if TYPE_CHECKING:
    from core.config import DocumentsSettings

RATIO_MIN_BYTES = 1_000_000
"""Members smaller than this are not held to the ratio cap (small XML compresses very well)."""
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Member:
    """One file of an archive, inflated within the caps; ``path`` is its name inside the archive."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Refused:
    """A member not unpacked (``path``), or the whole archive (``path`` empty), with the reason."""

    path: str
    status: str
    reason: str


Unpacked = Member | Refused


def check_limits(archive: zipfile.ZipFile, settings: DocumentsSettings) -> list[zipfile.ZipInfo]:
    """The archive's file members, or TooLargeError if it breaks a member, ratio or size cap."""
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > settings.archive_max_members:
        raise TooLargeError(f"{len(members)} members exceeds documents.archive_max_members")
    total = sum(info.file_size for info in members)
    if total > settings.archive_max_total_bytes:
        raise TooLargeError(
            f"declared uncompressed size {total / 1e6:.0f} MB exceeds documents.archive_max_total_bytes"
        )
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_MIN_BYTES and ratio > settings.archive_max_ratio:
            raise TooLargeError(f"a member is compressed {ratio:.0f}:1, over documents.archive_max_ratio")
    return members


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, refusing to inflate past its declared size."""
    out = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            out += chunk
            if len(out) > info.file_size:
                raise TooLargeError("a member inflates past its declared size")
    return bytes(out)


def open_zip(data: bytes) -> zipfile.ZipFile:
    """A ZipFile over ``data``, or CorruptError."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptError(f"ZIP cannot be read: {exc}") from exc


def zip_members(data: bytes, content_type: str | None, settings: DocumentsSettings) -> Iterator[Unpacked]:
    """The members of a ZIP archive, each read under the caps (``extract_nested`` parses them)."""
    try:
        archive = open_zip(data)
        with archive:
            members = check_limits(archive, settings)
            for info in members:
                yield _zip_member(archive, info)
    except (CorruptError, TooLargeError) as exc:
        yield Refused("", exc.status, str(exc))


def _zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Unpacked:
    if info.flag_bits & 0x1:
        return Refused(info.filename, ENCRYPTED, "archive member is password-protected")
    try:
        return Member(info.filename, read_member(archive, info))
    except TooLargeError as exc:
        return Refused(info.filename, exc.status, str(exc))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as exc:
        return Refused(info.filename, CORRUPT, f"member cannot be inflated: {exc}")


def libarchive_members(data: bytes, content_type: str | None, settings: DocumentsSettings) -> Iterator[Unpacked]:
    """RAR and 7z members through libarchive, under the same caps as ZIP (checked while reading:
    these formats are read in one pass). Members read before a cap was hit are kept, and the
    archive itself is then refused with the status and reason."""
    try:
        import libarchive
        from libarchive.exception import ArchiveError
    except (ImportError, OSError) as exc:
        yield Refused("", UNSUPPORTED, f"libarchive is not available: {exc}")
        return
    budget = _Inflation(settings, len(data))
    try:
        with libarchive.memory_reader(data) as archive:
            for entry in archive:
                if entry.isfile:
                    yield _libarchive_member(entry, budget)
    except TooLargeError as exc:
        yield Refused("", TOO_LARGE, str(exc))
    except ArchiveError as exc:
        yield Refused("", *_archive_error(exc))


class _Inflation:
    """Running totals of one archive's members against the member, total and ratio caps."""

    def __init__(self, settings: DocumentsSettings, packed: int) -> None:
        self.members_left = settings.archive_max_members
        ratio_cap = max(int(settings.archive_max_ratio * packed), RATIO_MIN_BYTES)
        self.bytes_left = min(settings.archive_max_total_bytes, ratio_cap)

    def take_member(self) -> None:
        self.members_left -= 1
        if self.members_left < 0:
            raise TooLargeError("more members than documents.archive_max_members")

    def take_bytes(self, count: int) -> None:
        self.bytes_left -= count
        if self.bytes_left < 0:
            raise TooLargeError("members inflate past documents.archive_max_total_bytes or archive_max_ratio")


def _libarchive_member(entry: Any, budget: _Inflation) -> Unpacked:
    from libarchive.exception import ArchiveError

    budget.take_member()
    if entry.size is not None and entry.size > budget.bytes_left:
        raise TooLargeError(f"a member declares {entry.size / 1e6:.0f} MB, over the archive caps")
    out = bytearray()
    try:
        for block in entry.get_blocks():
            budget.take_bytes(len(block))
            out += block
    except ArchiveError as exc:
        return Refused(entry.pathname, *_archive_error(exc))
    return Member(entry.pathname, bytes(out))


def _archive_error(exc: Exception) -> tuple[str, str]:
    """(status, reason) for a libarchive error: encrypted when it asks for a passphrase."""
    message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    if any(word in message.lower() for word in ("passphrase", "encrypt", "decrypt")):
        return ENCRYPTED, "archive member is password-protected"
    return CORRUPT, f"archive cannot be read: {message}"
