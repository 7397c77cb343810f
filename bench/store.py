"""Benchmark of the store: bulk ingest rate and the dashboard's query latency at national scale.

Fills a fresh DuckDB file through ``Store.record_documents`` with synthetic findings spread over the
7,850 LAOs of the seed list (documents of a few findings each, every finding its own case), moves a
share of the cases along the lifecycle, then times every dashboard query with random parameters.

    python -m bench.store                     # 1,000,000 findings (about two minutes here)
    python -m bench.store --findings 100000   # quicker

Prints the ingest rate and, per query, the median and p95 in milliseconds; the RESULT line's
``p95_ms`` is the p95 of the slowest query (goal: under 200 ms at 1M findings); ``transition_p95_ms``
times an analyst's single-case edit, a write. Each timed call
includes opening and closing the database file, as the dashboard's calls do.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from detectors.finding import Finding
from seeds import load_laos
from seeds.model import Lao
from store import DocumentRecord, Store

FINDINGS_PER_DOCUMENT = 8
KINDS = ("thai_id", "thai_id", "thai_id", "phone")


def documents(
    laos: Sequence[Lao], total: int, rng: random.Random
) -> Iterator[tuple[DocumentRecord, list[Finding]]]:
    """``total`` findings in documents of about FINDINGS_PER_DOCUMENT each, LAOs drawn at random."""
    made = 0
    number = 0
    now = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=30)
    while made < total:
        lao = rng.choice(laos)
        count = min(total - made, rng.randint(1, 2 * FINDINGS_PER_DOCUMENT - 1))
        url = f"http://www.bench{lao.code}.go.th/files/{number}.pdf"
        record = DocumentRecord(
            url=url,
            final_url=url,
            lao_code=lao.code,
            content_hash=hashlib.sha256(url.encode()).hexdigest(),
            media_type="application/pdf",
            size=rng.randint(10_000, 5_000_000),
            etag=None,
            last_modified=None,
            http_status=200,
            status=rng.choice(("ok", "ok", "ok", "ok", "ocr", "encrypted", "timeout")),
            reason="",
            fetched_at=now + timedelta(minutes=number % 40_000),
        )
        yield record, [finding(number, k, rng) for k in range(count)]
        made += count
        number += 1


def finding(number: int, k: int, rng: random.Random) -> Finding:
    """A synthetic finding: masked digits only, a fingerprint that is a hash of the position."""
    masked = f"{rng.randint(1, 8)}{rng.randint(0, 99_999_999):08d}XXXX"
    return Finding(
        kind=rng.choice(KINDS),
        masked=masked,
        fingerprint=hashlib.sha256(f"{number}/{k}".encode()).hexdigest(),
        page=1 + k // 4,
        start=(k % 4) * 120,
        end=(k % 4) * 120 + 13,
        snippet=f"ลำดับ {k} นาย ทดสอบ ระบบ เลขประจำตัวประชาชน {masked} ที่อยู่ 12 หมู่ 3",
        confidence=0.95,
        reasons=("checksum_ok", "label_near"),
    )


def ingest(store: Store, laos: Sequence[Lao], total: int, batch_docs: int, rng: random.Random) -> float:
    """Write everything in calls of ``batch_docs`` documents; returns findings per second."""
    sweep_id = store.start_sweep("sweep", {"bench": True})
    started = time.perf_counter()
    pending: list[tuple[DocumentRecord, list[Finding]]] = []
    for item in documents(laos, total, rng):
        pending.append(item)
        if len(pending) >= batch_docs:
            store.record_documents(sweep_id, pending)
            pending = []
    if pending:
        store.record_documents(sweep_id, pending)
    elapsed = time.perf_counter() - started
    store.finish_sweep(sweep_id, "done", {"findings": total})
    return total / elapsed


def move_cases(store: Store, rng: random.Random) -> None:
    """Confirm 20% of the cases, notify half of those, remediate a fifth of the notified."""
    ids = [int(i) for i in store.cases(states=["new"])["id"]]
    confirmed = rng.sample(ids, len(ids) // 5)
    store.bulk_transition(confirmed, "confirmed", "bench")
    notified = confirmed[: len(confirmed) // 2]
    store.bulk_transition(notified, "notified", "bench")
    store.bulk_transition(notified[: len(notified) // 5], "remediated", "bench")


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def dashboard_queries(store: Store, laos: Sequence[Lao], rng: random.Random) -> dict[str, Callable[[], Any]]:
    """Every query the dashboard's pages make, with random but realistic parameters."""
    provinces = sorted({lao.province_code for lao in laos})
    leaking = store.counts_by_lao()
    leaking = leaking[leaking["open_cases"] > 0]["lao_code"].tolist()
    some_cases = [int(i) for i in store.cases(limit=2000)["id"]]
    urls = {code: store.lao_documents(code)["url"].tolist() for code in rng.sample(leaking, 50)}
    week = (datetime.now(UTC) - timedelta(days=datetime.now(UTC).weekday())).date()
    return {
        "overview": lambda: store.overview(),
        "by_province": lambda: store.counts_by_province(),
        "province_laos": lambda: store.counts_by_lao(rng.choice(provinces)),
        "by_type": lambda: store.counts_by_type(),
        "lao_documents": lambda: store.lao_documents(rng.choice(leaking)),
        "document_findings": lambda: store.findings_for_document(rng.choice(urls[rng.choice(list(urls))])),
        "province_cases": lambda: store.cases(province_code=rng.choice(provinces), states=["new"], limit=500),
        "case_history": lambda: store.case_history(rng.choice(some_cases)),
        "overdue": lambda: store.overdue(),
        "by_week": lambda: store.counts_by_week(),
        "documents_by_status": lambda: store.documents_by_status(),
        "weekly_numbers": lambda: store.weekly_numbers(week),
    }


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def case_edits(store: Store, runs: int) -> list[float]:
    """Milliseconds per single-case transition (new → confirmed), as the case page makes them."""
    ids = [int(i) for i in store.cases(states=["new"], limit=runs)["id"]]
    return [
        timed(lambda case_id=case_id: store.transition(case_id, "confirmed", "bench"), 1)[0]
        for case_id in ids
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--findings", type=int, default=1_000_000)
    parser.add_argument(
        "--batch-documents", type=int, default=5_000, help="documents per record_documents call"
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query")
    parser.add_argument("--keep", type=Path, help="write the store here and keep it (default: a temp dir)")
    args = parser.parse_args(argv)
    rng = random.Random(2026)
    laos = load_laos()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.duckdb"
        store = Store(path, batch_size=args.batch_documents * FINDINGS_PER_DOCUMENT)
        store.upsert_laos(laos)
        rate = ingest(store, laos, args.findings, args.batch_documents, rng)
        print(f"ingested {args.findings:,} findings over {len(laos):,} LAOs: {rate:,.0f} findings/s")
        started = time.perf_counter()
        move_cases(store, rng)
        print(f"lifecycle moves for 20% of the cases: {time.perf_counter() - started:.1f} s")
        print(f"database file: {path.stat().st_size / 1e6:,.0f} MB")
        worst = ("", 0.0, 0.0)
        print(f"{'query':<20} {'p50 ms':>8} {'p95 ms':>8}")
        for name, call in dashboard_queries(store, laos, rng).items():
            call()  # warm the OS cache as a running dashboard would be
            p50, p95 = percentiles(timed(call, args.runs))
            print(f"{name:<20} {p50:8.1f} {p95:8.1f}")
            if p95 > worst[2]:
                worst = (name, p50, p95)
        edit_p50, edit_p95 = percentiles(case_edits(store, args.runs))
        print(f"{'case_transition':<20} {edit_p50:8.1f} {edit_p95:8.1f}  (an analyst's edit: a write)")
    print(f"slowest query: {worst[0]}")
    print(
        f"RESULT findings={args.findings} ingest_per_s={rate:.0f} "
        f"p50_ms={worst[1]:.1f} p95_ms={worst[2]:.1f} "
        f"transition_p95_ms={edit_p95:.1f} slowest={worst[0]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
