"""Helpers for store tests: synthetic LAOs, documents and findings shaped as the detectors make them."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta

from detectors.finding import Finding
from detectors.fingerprint import fingerprint
from seeds.model import Lao
from store import DocumentRecord
from testkit.notify import lao

KEY = b"test-secret"
T0 = datetime(2026, 1, 5, 9, 0, 0)


class Clock:
    """A settable clock so deadlines and weeks are testable; each call advances one millisecond."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def make_lao(code: str, province_code: str = "10", province: str = "กรุงเทพมหานคร") -> Lao:
    """The notify tests' synthetic LAO, placed on the map and with the URL the registry gave."""
    placed = replace(lao(code, province, province_code), lat=13.7, lon=100.5)
    return replace(placed, name=f"ทดสอบ{code}", url_raw=f"www.t{code}.go.th")


def masked(raw: str) -> str:
    """X4 form for test data: the last four digits replaced by X."""
    return raw[:-4] + "XXXX"


def finding(raw: str, kind: str = "thai_id", page: int | None = 1, start: int = 10) -> Finding:
    """A Finding as a detector would emit it: masked value and snippet, keyed fingerprint."""
    return Finding(
        kind=kind,
        masked=masked(raw),
        fingerprint=fingerprint(raw, KEY),
        page=page,
        start=start,
        end=start + len(raw),
        snippet=f"ชื่อ นาย ทดสอบ เลขประจำตัวประชาชน {masked(raw)} ที่อยู่",
        confidence=0.9,
        reasons=("checksum_ok", "label_near"),
    )


def document(
    url: str, lao_code: str, content: str = "v1", status: str = "ok", http_status: int = 200
) -> DocumentRecord:
    return DocumentRecord(
        url=url,
        final_url=url,
        lao_code=lao_code,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        media_type="application/pdf",
        size=1234,
        etag=None,
        last_modified=None,
        http_status=http_status,
        status=status,
        reason="",
    )
