"""``x4watch mask PATH... --out DIR``: an X4-masked copy of every document given, checked before it is written.

Each file (folders are walked as ``x4watch scan`` walks them) goes through ``masking.mask_document``,
in a child process of its own under the time and memory caps (``masking.mask_isolated``):
every unmasked ID and phone number the scan would report loses four digits (``mask.digits``), and
the copy is read back before it is written. The copy is named after the original with
``-masked`` and its format's extension (``report.doc`` → ``report-masked.docx``), so an original is
never overwritten. A Thai/English table says, per file, the format, what became of it and each
number in its masked form; a file that cannot be masked gets its reason instead, and nothing is
written for it. Exit code 0 when every file was masked or clean, 1 when any failed, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.config import Config
from core.errors import X4WatchError
from service.commands.scan import Skipped, iter_files, print_aligned, read_regular
from service.terminal import safe

STATUS_TH = {"masked": "ปิดบังแล้ว (masked)", "clean": "ไม่พบเลข (clean)", "failed": "ไม่สำเร็จ (failed)"}
HEADINGS = ("ไฟล์ (file)", "รูปแบบ (format)", "ผล (result)", "เลขที่ปิดบัง / เหตุผล (masked / reason)")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "mask",
        help="write X4-masked copies of documents (IDs and phone numbers lose four digits)",
        description="Write an X4-masked copy of every document given, verified by reading it back.",
    )
    parser.add_argument("paths", nargs="+", metavar="INPUT", help="document or folder to mask")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder the masked copies are written to")
    parser.set_defaults(run=run)


def _free_name(folder: Path, name: str, taken: set[str], inputs: set[Path]) -> Path:
    """``name`` in ``folder``, numbered when an earlier file of this run took it or it is an input."""
    stem, dot, ext = name.rpartition(".")
    candidate, number = name, 1
    while candidate in taken or (folder / candidate).resolve() in inputs:
        number += 1
        candidate = f"{stem}-{number}{dot}{ext}"
    taken.add(candidate)
    return folder / candidate


def _rows(path: Path, outcome: Any, written: Path | None) -> list[tuple[str, str, str, str]]:
    """The table rows of one file: its result, then one row per masked number."""
    result = STATUS_TH.get(outcome.status, outcome.status)
    if written is not None:
        result += f" → {safe(str(written))}"
    first = outcome.reason or (outcome.masked[0] if outcome.masked else "-")
    rows = [(safe(str(path)), outcome.format_note, result, first)]
    if not outcome.reason:
        rows += [("", "", "", form) for form in outcome.masked[1:]]
    return rows


def run(args: argparse.Namespace, cfg: Config) -> int:
    from masking import FAILED, mask_isolated
    from masking.plan import check_digits

    check_digits(cfg.mask.digits)  # a bad setting is a usage error before any file is read
    folder = Path(args.out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise X4WatchError(f"cannot create {args.out}: {exc.strerror}") from exc
    inputs = [Path(p) for p in args.paths]
    originals = {path.resolve() for root in inputs if root.exists() for path in iter_files(root)}
    rows: list[tuple[str, str, str, str]] = []
    taken: set[str] = set()
    counts = {"masked": 0, "clean": 0, "failed": 0}
    numbers = 0
    for root in inputs:
        if not root.exists():
            print(f"x4watch: {safe(str(root))}: no such file or folder, skipped", file=sys.stderr)
            counts[FAILED] += 1
            continue
        for path in iter_files(root):
            try:
                data = read_regular(path, cfg.documents.max_bytes)
            except (Skipped, OSError) as why:
                print(f"x4watch: {safe(str(path))}: {why}, skipped", file=sys.stderr)
                counts[FAILED] += 1
                continue
            outcome = mask_isolated(data, path.name, cfg)
            written = None
            if outcome.output is not None and outcome.output_name is not None:
                written = _free_name(folder, outcome.output_name, taken, originals)
                written.write_bytes(outcome.output)
            rows += _rows(path, outcome, written)
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            numbers += len(outcome.masked) if outcome.status != FAILED else 0
    print_aligned(HEADINGS, rows, sys.stdout)
    print(
        f"ปิดบัง {numbers} เลขใน {counts['masked']} ไฟล์, ไม่พบเลข {counts['clean']} ไฟล์, ไม่สำเร็จ {counts['failed']} ไฟล์"
        f" ({numbers} numbers masked in {counts['masked']} files, {counts['clean']} clean, {counts['failed']} failed)"
    )
    return 1 if counts[FAILED] else 0
