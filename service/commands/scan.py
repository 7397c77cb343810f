"""``x4watch scan PATH...``: scan files and folders for unmasked identifiers, without a store.

Prints a table for people by default and, with ``--format jsonl``, one JSON object per finding as
the design's scan contract says (``source, kind, page, masked, fingerprint, confidence``). A path
that cannot be read, is not a regular file (a FIFO, a device, a link to one) or is over
``documents.max_bytes`` gets one line on stderr, before a byte of it is read, and the scan goes on;
the exit code is 0 whether or not anything was found, so scripts tell "nothing leaked" from "bad
usage" (exit 2). The table shows whatever was found even when the scan stops midway, and names are
printed with control characters escaped (``service.terminal``).

Turning a file into pages of text lives in :func:`iter_pages` alone, so that the documents part can
replace it with ``documents.extract`` without touching the rest.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import json
import os
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core.config import Config, load
from core.errors import X4WatchError
from service.terminal import safe

if TYPE_CHECKING:
    from documents import DocumentPool


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "scan",
        help="scan files and folders for unmasked national IDs and phone numbers",
        description="Scan files and folders (recursively) for identifiers published without X4 masking.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file or folder to scan")
    parser.add_argument(
        "--format", choices=("table", "jsonl"), default="table", help="output format (default: table)"
    )
    parser.add_argument(
        "--kinds",
        type=lambda value: [kind.strip() for kind in value.split(",") if kind.strip()],
        default=None,
        help="comma-separated kinds to look for (default: thai_id,phone; juristic_id on request)",
    )
    parser.set_defaults(run=run)


def iter_files(path: Path) -> Iterator[Path]:
    """The path itself, or every file under a folder in a stable order."""
    if not path.is_dir():
        yield path
        return
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            yield Path(folder) / name


@functools.cache
def _pool() -> DocumentPool:
    """One parser pool per run: every file is parsed in isolated, capped workers (documents)."""
    from documents import DocumentPool

    pool = DocumentPool(load().documents)
    atexit.register(pool.close)
    return pool


class Skipped(Exception):
    """A path that is not scanned, and why (not a regular file, over the size cap)."""


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; raises Skipped for anything else.

    The file is opened without blocking and judged by ``fstat`` of what was opened, before any
    byte is read: a FIFO would wait for a writer for ever, ``/dev/zero`` (or a link to it) never
    ends, and an 800 MB file was read whole only to be refused after. At most one byte over the
    cap is read, should the file grow after the check.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as stream:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Skipped(f"not a regular file ({_file_type(st.st_mode)})")
        if st.st_size > max_bytes:
            raise Skipped(f"too_large ({st.st_size} bytes, over documents.max_bytes = {max_bytes})")
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Skipped(f"too_large (grew past documents.max_bytes = {max_bytes} while read)")
    return data


def _file_type(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "FIFO", stat.S_ISCHR: "character device", stat.S_ISBLK: "block device"}
    kinds |= {stat.S_ISSOCK: "socket", stat.S_ISDIR: "folder"}
    return next((name for test, name in kinds.items() if test(mode)), "special file")


def iter_pages(path: Path) -> Iterator[tuple[str, int | None, str]]:
    """(source, page, text) for every page of one file; raises OSError when it cannot be read and
    Skipped when it is no regular file or too large to read (see ``read_regular``).

    Any format documents reads (sniffed from the bytes; scans OCR'd); archive members come out as
    ``a.zip!member``. A document that is not fully read (encrypted, corrupt, too large...) gets
    one line on stderr with its status and reason, and whatever text it did yield is still scanned.
    """
    from documents.model import PARSED

    data = read_regular(path, load().documents.max_bytes)
    for doc in _pool().parse(data, str(path)):
        if doc.status not in PARSED:
            note = "partly read" if doc.pages else "skipped"
            print(f"x4watch: {safe(doc.source)}: {doc.status} ({safe(doc.reason)}), {note}", file=sys.stderr)
        for page in doc.pages:
            yield doc.source, page.number, page.text


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Thai vowels and tone marks above/below take none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
            continue
        width += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return width


def print_aligned(headings: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """``rows`` under ``headings``, each column padded to its widest cell (in terminal columns)."""
    widths = [max(display_width(cell) for cell in column) for column in zip(headings, *rows, strict=False)]
    for line in (headings, *rows):
        cells = (cell + " " * (width - display_width(cell)) for cell, width in zip(line, widths, strict=True))
        print("  ".join(cells).rstrip(), file=out)


def print_table(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    """A plain aligned table with Thai headings, then a one-line count."""
    from detectors.registry import NAMES_TH

    headings = ("แหล่ง (source)", "หน้า", "ชนิด", "เลขที่พบ (X4)", "ความมั่นใจ")
    cells = [
        (
            safe(row["source"]),
            "-" if row["page"] is None else str(row["page"]),
            NAMES_TH.get(row["kind"], row["kind"]),
            row["masked"],
            f"{row['confidence']:.2f}",
        )
        for row in rows
    ]
    print_aligned(headings, cells, out)
    print(f"พบ {len(rows)} รายการ (findings)", file=out)


def scan_paths(
    paths: Iterable[Path], key: bytes, kinds: Sequence[str] | None, err: TextIO
) -> Iterator[dict[str, Any]]:
    """One dict per finding in the scan contract's shape; unreadable paths are reported to ``err``."""
    from detectors.registry import scan

    for root in paths:
        if not root.exists():
            print(f"x4watch: {safe(str(root))}: no such file or folder, skipped", file=err)
            continue
        for path in iter_files(root):
            try:
                pages = list(iter_pages(path))
            except Skipped as why:
                print(f"x4watch: {safe(str(path))}: {why}, skipped", file=err)
                continue
            except MemoryError:
                print(f"x4watch: {safe(str(path))}: too_large (out of memory while reading), skipped", file=err)
                continue
            except OSError as exc:
                print(f"x4watch: cannot read {safe(str(path))}: {exc.strerror or exc}, skipped", file=err)
                continue
            for source, page, text in pages:
                for finding in scan(text, key, page=page, kinds=kinds):
                    yield {
                        "source": source,
                        "kind": finding.kind,
                        "page": finding.page,
                        "masked": finding.masked,
                        "fingerprint": finding.fingerprint,
                        "confidence": round(finding.confidence, 2),
                    }


def safe_json(source: str) -> str:
    """A source for jsonl: JSON escapes control characters itself; only bytes that were not UTF-8
    (kept as surrogates, which cannot be printed) are written as their ``\\xNN`` escapes."""
    return source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _check_kinds(kinds: Sequence[str] | None) -> None:
    """Refuse an unknown kind before reading anything (a usage error: exit 2)."""
    from detectors.errors import UnknownKindError
    from detectors.registry import check_kinds

    try:
        check_kinds(kinds)
    except UnknownKindError as exc:
        raise X4WatchError(str(exc)) from exc


def run(args: argparse.Namespace, cfg: Config) -> int:
    _check_kinds(args.kinds)
    rows = scan_paths((Path(p) for p in args.paths), cfg.secret_key(), args.kinds, sys.stderr)
    found: list[dict[str, Any]] = []
    try:
        if args.format == "jsonl":
            for row in rows:
                print(json.dumps({**row, "source": safe_json(row["source"])}, ensure_ascii=False), flush=True)
        else:
            try:
                found.extend(rows)
            finally:  # interrupted or failed midway: what was found is still shown
                print_table(found, sys.stdout)
    except BrokenPipeError:
        # The reader stopped (``x4watch scan ... | head``): not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
