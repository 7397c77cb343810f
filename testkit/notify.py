"""Synthetic store contents for notify, reports and service tests (and the demo's self-check).

Four LAOs in two provinces with confirmed cases: one coordinator address is good, one LAO has two
documents, one address is missing and one is invalid, so grouping, escalation and the
'no_recipient' path all have something to chew on. Identifiers come from ``testkit.synthetic``;
the raw values are returned to the caller (tests assert they never show up anywhere) and are
never written to the store.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from detectors.finding import Finding
from detectors.fingerprint import fingerprint
from seeds.model import Contact, Lao, LaoType, UrlSource
from store import DocumentRecord, Store
from testkit import synthetic

KEY = b"notify-test-secret"

LAOS = (
    ("6940101", "ปัตตานี", "94", "saraban@tambon1.go.th", "pattani-dla@dla.go.th"),
    ("6940102", "ปัตตานี", "94", "it@tambon2.go.th", "pattani-dla@dla.go.th"),
    ("5010101", "เชียงใหม่", "50", "", "chiangmai-dla@dla.go.th"),
    ("5010102", "เชียงใหม่", "50", "not-an-address", ""),
)
"""(code, province, province code, coordinator email, provincial office email)."""

DOCUMENTS = (
    ("6940101", "http://www.tambon1.go.th/files/beer-yang-cheep.pdf", ("thai_id", "thai_id", "phone")),
    ("6940101", "http://www.tambon1.go.th/files/procurement.pdf", ("thai_id",)),
    ("6940102", "http://www.tambon2.go.th/news/list.xlsx", ("thai_id", "phone")),
    ("5010101", "http://www.cm1.go.th/doc/a.pdf", ("thai_id",)),
    ("5010102", "http://www.cm2.go.th/doc/b.pdf", ("thai_id",)),
)


@dataclass
class Seeded:
    """What was put in: raw identifiers (test memory only) and case ids per LAO."""

    raw: list[str] = field(default_factory=list)
    cases_by_lao: dict[str, list[int]] = field(default_factory=dict)


def lao(code: str, province: str, province_code: str) -> Lao:
    return Lao(
        code=code,
        type=LaoType.SAO,
        name=f"ทดสอบ{code[-3:]}",
        province_code=province_code,
        province=province,
        district="เมือง",
        subdistrict="ในเมือง",
        website=f"http://www.t{code}.go.th/",
        url_source=UrlSource.REGISTRY,
    )


def _finding(kind: str, raw: str, page: int) -> Finding:
    masked = raw[:-4] + "XXXX"
    return Finding(kind, masked, fingerprint(raw, KEY), page, 5, 5 + len(raw), f"ชื่อ ทดสอบ {masked}", 0.9)


def seed(store: Store, rng_seed: int = 7, *, confirm: bool = True) -> Seeded:
    """Fill ``store`` with the LAOs, contacts, documents and (confirmed) cases above."""
    rng = random.Random(rng_seed)  # noqa: S311 - synthetic test data, not security
    store.upsert_laos(lao(code, prov, pcode) for code, prov, pcode, _, _ in LAOS)
    store.upsert_contacts(Contact(code, "ผู้ประสานงาน", mail, office) for code, _, _, mail, office in LAOS)
    seeded = Seeded()
    items: list[tuple[DocumentRecord, list[Finding]]] = []
    for lao_code, url, kinds in DOCUMENTS:
        findings = []
        for page, kind in enumerate(kinds, start=1):
            raw = synthetic.thai_id(rng) if kind == "thai_id" else synthetic.mobile(rng)
            seeded.raw.append(raw)
            findings.append(_finding(kind, raw, page))
        doc = DocumentRecord(url, url, lao_code, f"h{len(items)}", "application/pdf", 100, None, None, 200, "ok", "")
        items.append((doc, findings))
    sweep = store.start_sweep("sweep", {"test": True})
    store.record_documents(sweep, items)
    store.finish_sweep(sweep, "done", {})
    cases = store.cases()
    for code, group in cases.groupby("lao_code"):
        seeded.cases_by_lao[str(code)] = sorted(int(i) for i in group["id"])
    if confirm:
        store.bulk_transition(cases["id"].tolist(), "confirmed", "analyst-test")
    return seeded
