"""Child processes for the concurrency tests: a sweep-like writer and a dashboard-like reader/editor.

Run as ``python tests/store/store_workers.py writer|reader ...`` from the repository root. Data are
deterministic per batch number, so a restarted writer re-sends exactly what it sent before.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from detectors.finding import Finding
from store import DocumentRecord, Store

LAOS = ("1001", "1002", "5001")


def batch(number: int, documents: int, per_document: int) -> list[tuple[DocumentRecord, list[Finding]]]:
    """``documents`` documents with ``per_document`` distinct findings each; synthetic fingerprints."""
    items = []
    for d in range(documents):
        lao = LAOS[(number + d) % len(LAOS)]
        url = f"http://www.t{lao}.go.th/b{number}/d{d}.pdf"
        findings = [
            Finding(
                kind="thai_id",
                masked=f"{number % 10}{d:04d}{k:04d}XXXX",
                fingerprint=hashlib.sha256(f"{number}/{d}/{k}".encode()).hexdigest(),
                page=1 + k // 50,
                start=(k % 50) * 40,
                end=(k % 50) * 40 + 13,
                snippet=f"ชื่อ ทดสอบ {number % 10}{d:04d}{k:04d}XXXX",
                confidence=0.9,
                reasons=("checksum_ok",),
            )
            for k in range(per_document)
        ]
        record = DocumentRecord(
            url=url,
            final_url=url,
            lao_code=lao,
            content_hash=hashlib.sha256(url.encode()).hexdigest(),
            media_type="application/pdf",
            size=1000,
            etag=None,
            last_modified=None,
            http_status=200,
            status="ok",
            reason="",
        )
        items.append((record, findings))
    return items


def writer(path: str, batches: int, documents: int, per_document: int, progress: str, seconds: float) -> None:
    """Ingest batches in a tight loop; append each committed batch number to ``progress``."""
    store = Store(path, lock_retry_seconds=60.0, batch_size=documents * per_document)
    sweep_id = 1
    deadline = time.monotonic() + seconds
    with open(progress, "a") as out:
        for number in range(batches):
            if time.monotonic() > deadline:
                break
            store.record_documents(sweep_id, batch(number, documents, per_document))
            out.write(f"{number}\n")
            out.flush()
            os.fsync(out.fileno())


def reader(path: str, seconds: float, report: str) -> None:
    """Dashboard-like: queries and case edits in a loop; writes what it confirmed and how long it waited."""
    store = Store(path, lock_retry_seconds=30.0)
    confirmed: list[int] = []
    slowest = 0.0
    operations = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        store.overview()
        store.counts_by_province()
        fresh = store.cases(states=["new"], limit=5)
        ids = [int(i) for i in fresh["id"]]
        if ids:
            store.bulk_transition(ids, "confirmed", "reader", "looks real")
            confirmed.extend(ids)
            store.case_history(ids[0])
        slowest = max(slowest, time.monotonic() - started)
        operations += 1
    Path(report).write_text(f"{operations} {slowest:.3f}\n" + "\n".join(map(str, confirmed)))


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "writer":
        writer(args[0], int(args[1]), int(args[2]), int(args[3]), args[4], float(args[5]))
    else:
        reader(args[0], float(args[1]), args[2])
