"""``x4watch scan PATH...``: scan files and folders for unmasked identifiers, without a store.

Prints a table for people by default and, with ``--format jsonl``, one JSON object per finding as
the design's scan contract says (``source, kind, page, masked, fingerprint, confidence``). A path
that cannot be read gets one line on stderr and the scan goes on; the exit code is 0 whether or not
anything was found, so scripts tell "nothing leaked" from "bad usage" (exit 2).

Turning a file into pages of text lives in :func:`iter_pages` alone, so that the documents part can
replace it with ``documents.extract`` without touching the rest.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import json
import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from core.config import Config, load
from core.errors import X4WatchError

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


def iter_pages(path: Path) -> Iterator[tuple[str, int | None, str]]:
    """(source, page, text) for every page of one file; raises OSError when it cannot be read.

    Any format documents reads (sniffed from the bytes; scans OCR'd); archive members come out as
    ``a.zip!member``. A document that is not fully read (encrypted, corrupt, too large...) gets
    one line on stderr with its status and reason, and whatever text it did yield is still scanned.
    """
    from documents.model import PARSED

    data = path.read_bytes()
    for doc in _pool().parse(data, str(path)):
        if doc.status not in PARSED:
            note = "partly read" if doc.pages else "skipped"
            print(f"x4watch: {doc.source}: {doc.status} ({doc.reason}), {note}", file=sys.stderr)
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


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def print_table(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    """A plain aligned table with Thai headings, then a one-line count."""
    from detectors.registry import NAMES_TH

    headings = ("แหล่ง (source)", "หน้า", "ชนิด", "เลขที่พบ (X4)", "ความมั่นใจ")
    cells = [
        (
            row["source"],
            "-" if row["page"] is None else str(row["page"]),
            NAMES_TH.get(row["kind"], row["kind"]),
            row["masked"],
            f"{row['confidence']:.2f}",
        )
        for row in rows
    ]
    widths = [max(display_width(str(c)) for c in column) for column in zip(headings, *cells, strict=False)]
    for line in (headings, *cells):
        print("  ".join(_pad(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip(), file=out)
    print(f"พบ {len(rows)} รายการ (findings)", file=out)


def scan_paths(
    paths: Iterable[Path], key: bytes, kinds: Sequence[str] | None, err: TextIO
) -> Iterator[dict[str, Any]]:
    """One dict per finding in the scan contract's shape; unreadable paths are reported to ``err``."""
    from detectors.registry import scan

    for root in paths:
        if not root.exists():
            print(f"x4watch: {root}: no such file or folder, skipped", file=err)
            continue
        for path in iter_files(root):
            try:
                pages = list(iter_pages(path))
            except OSError as exc:
                print(f"x4watch: cannot read {path}: {exc.strerror or exc}, skipped", file=err)
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
    try:
        if args.format == "jsonl":
            for row in rows:
                print(json.dumps(row, ensure_ascii=False), flush=True)
        else:
            print_table(list(rows), sys.stdout)
    except BrokenPipeError:
        # The reader stopped (``x4watch scan ... | head``): not an error. Point stdout at
        # /dev/null so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
