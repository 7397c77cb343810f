"""Benchmark of alerts and the weekly report: digests per second over real SMTP, report build time.

Fills a fresh store with confirmed cases over LAOs of the seed list (every LAO with a synthetic
coordinator address), then runs one ``send_alerts`` against aiosmtpd on 127.0.0.1 and builds the
weekly report (PDF + XLSX) from the same store.

    python -m bench.notify              # 300 LAOs, 3,000 cases
    python -m bench.notify --laos 2000  # closer to a national first sweep

Each mail costs one short store transaction (its predecessor's outcome + its own claim) besides
SMTP; that per-mail cost is what the outbox pays for at-most-once delivery.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from pathlib import Path

from core.config import Config
from detectors.finding import Finding
from notify.mailbox import LocalMailServer
from notify.run import send_alerts
from reports.model import Week
from reports.weekly import build, write
from seeds import load_laos
from seeds.model import Contact
from store import DocumentRecord, Store


def fill(store: Store, laos: int, cases_per_lao: int, rng: random.Random) -> int:
    """LAOs, contacts and confirmed cases; fingerprints are random hex (no identifier exists at all)."""
    chosen = rng.sample(load_laos(), laos)
    store.upsert_laos(chosen)
    store.upsert_contacts(
        Contact(lao.code, "bench", f"c{lao.code}@bench.local", "p@bench.local") for lao in chosen
    )
    items = []
    for lao in chosen:
        for d in range(max(1, cases_per_lao // 4)):
            url = f"http://www.l{lao.code}.go.th/doc{d}.pdf"
            findings = [
                Finding(
                    "thai_id",
                    "1234567890XXX",
                    hashlib.sha256(f"{url}{i}".encode()).hexdigest(),
                    i + 1,
                    0,
                    13,
                    "",
                    0.9,
                )
                for i in range(4)
            ]
            items.append(
                (
                    DocumentRecord(url, url, lao.code, url, "application/pdf", 1, None, None, 200, "ok", ""),
                    findings,
                )
            )
    store.record_documents(store.start_sweep("sweep", {}), items)
    ids = store.cases()["id"].tolist()
    store.bulk_transition(ids, "confirmed", "bench")
    return len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laos", type=int, default=300)
    parser.add_argument("--cases-per-lao", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store = Store(home / "x4watch.duckdb")
        cases = fill(store, args.laos, args.cases_per_lao, rng)
        cfg = Config(home=str(home))
        with LocalMailServer(home / "mail") as server:
            cfg.smtp.host, cfg.smtp.port = "127.0.0.1", server.port
            cfg.smtp.max_per_run = args.laos + 10
            t0 = time.perf_counter()
            summary = send_alerts(cfg, store)
            send_s = time.perf_counter() - t0
            received = len(server.messages())
        t0 = time.perf_counter()
        today = time.localtime()
        week = Week.containing(__import__("datetime").date(today.tm_year, today.tm_mon, today.tm_mday))
        written = write(build(cfg, store, week), home / "reports")
        report_s = time.perf_counter() - t0
        pdf_kb = written.pdf.stat().st_size // 1024
    print(f"{cases:,} confirmed cases over {args.laos} LAOs")
    print(f"notify: {summary.line()}; {received} received by the SMTP server in {send_s:.1f} s")
    print(f"report: PDF ({pdf_kb} KB) + XLSX built in {report_s:.1f} s")
    print(
        f"RESULT laos={args.laos} cases={cases} mails={summary.sent} mails_per_s={summary.sent / send_s:.1f} "
        f"cases_notified={summary.cases_notified} report_s={report_s:.2f}"
    )


if __name__ == "__main__":
    main()
