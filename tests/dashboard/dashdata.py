"""A small national picture written through the store's own API, for the dashboard's tests.

Four LAOs in three provinces, two documents each, ID and phone findings with synthetic numbers
(valid checksums, owned by no one), one sweep with errors. One document URL carries markup, as a
hostile site might publish, so the tests can see it is shown escaped.
"""

from __future__ import annotations

import random
from pathlib import Path

from detectors.finding import Finding
from detectors.fingerprint import fingerprint
from seeds.model import Lao, LaoType, UrlSource
from store import Store
from store.models import DocumentRecord, SiteRecord
from testkit import synthetic

KEY = b"dashboard-test-key"
HOSTILE_URL = "http://www.hostile.go.th/files/<script>alert(1)</script>.pdf"
LAOS = (
    ("1100101", LaoType.BANGKOK, "กรุงเทพมหานคร", "10", "กรุงเทพมหานคร", "www.bangkok.go.th"),
    ("5500101", LaoType.SAO, "แม่ริม", "50", "เชียงใหม่", "www.maerim.go.th"),
    ("5500102", LaoType.SUBDISTRICT_MUNICIPALITY, "สันทราย", "50", "เชียงใหม่", "www.hostile.go.th"),
    ("6370101", LaoType.SAO, "ไก่คำ", "37", "อำนาจเจริญ", "www.kaikham.go.th"),
)


def lao(code: str, kind: LaoType, name: str, province_code: str, province: str, host: str) -> Lao:
    website = f"http://{host}/"
    return Lao(code, kind, name, province_code, province, website=website, url_source=UrlSource.REGISTRY)


def finding(rng: random.Random, kind: str, page: int) -> Finding:
    value = synthetic.thai_id(rng) if kind == "thai_id" else synthetic.mobile(rng)
    masked = value[:-4] + "XXXX"
    return Finding(
        kind=kind,
        masked=masked,
        fingerprint=fingerprint(value, KEY),
        page=page,
        start=10,
        end=10 + len(value),
        snippet=f"นางสาวสมใจ ใจดี เลขประจำตัวประชาชน {masked} บ้านเลขที่ 1",
        confidence=0.95 if kind == "thai_id" else 0.6,
        reasons=("checksum_ok", "label_near") if kind == "thai_id" else ("valid_number", "name_near"),
    )


def document(url: str, lao_code: str) -> DocumentRecord:
    return DocumentRecord(
        url=url, final_url=url, lao_code=lao_code, content_hash=f"{abs(hash(url)):064x}"[:64],
        media_type="application/pdf", size=1000, etag=None, last_modified=None, http_status=200,
        status="ok", reason="",
    )  # fmt: skip


POSTURE: dict[str, dict[str, object]] = {
    "5500101": {"tls_protocol": "TLSv1.0", "tls_legacy": True, "tls_issues": ("legacy_protocol", "expired_certificate")},  # noqa: E501
    "5500102": {"spam_pages": 12, "spam_examples": ("http://www.spam.go.th/images/stories/pg-slot-3.html",)},
}
"""What the sweep found of two sites' security: one old server, one injected with spam."""


def build_store(path: Path) -> Store:
    """Fill a fresh store through its write API only (as the crawler would)."""
    rng = random.Random(8)
    store = Store(path, lock_retry_seconds=5)
    store.upsert_laos([lao(*row) for row in LAOS])
    sweep = store.start_sweep("sweep", {"sites": len(LAOS)})
    items = []
    for code, *_, host in LAOS:
        for number in (1, 2):
            url = HOSTILE_URL if host == "www.hostile.go.th" and number == 1 else f"http://{host}/doc{number}.pdf"
            items.append((document(url, code), [finding(rng, "thai_id", 1), finding(rng, "phone", 2)]))
    store.record_documents(sweep, items)
    store.record_errors(
        sweep,
        [
            ("6370101", "http://www.kaikham.go.th/", "dns", "name does not resolve"),
            ("5500101", "http://www.maerim.go.th/x.pdf", "timeout", "no answer in 30 s"),
            ("5500101", "http://www.maerim.go.th/y.pdf", "timeout", "no answer in 30 s"),
        ],
    )
    store.record_sites(
        sweep,
        [
            SiteRecord(code, f"http://{host}/", status="dead" if code == "6370101" else "ok", reason="dns", **POSTURE.get(code, {}))  # type: ignore[arg-type]  # noqa: E501
            for code, *_, host in LAOS
        ],
    )
    store.finish_sweep(sweep, "finished", {"sites_total": 4, "sites_done": 4, "documents": 8, "findings": 16})
    return store
