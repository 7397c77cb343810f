"""The LAOs' part in the simulated web: which leaking files they fixed between two days, and
their coordinators answering the alert mails through the portal (``x4watch demo``, portal tests).

Here rather than in ``testkit`` because it reads simweb's truth (``testkit`` stays below simweb).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from detectors.finding import Finding
from simweb.web import SimWeb
from simweb.world import Truth, TruthDoc
from store import DocumentRecord, Store
from testkit.portal import Coordinator, mail_links

RECHECKABLE = frozenset({"pdf", "csv", "xlsx", "docx", "html", "xls", "doc"})
"""Formats a re-check reads without OCR (scans are left out: slower, and scored apart)."""


def lao_fixes(before: Truth, after: Truth, *, removed: bool = False) -> tuple[list[TruthDoc], list[TruthDoc]]:
    """Between two days of simweb: the leaking documents an LAO replaced with a masked copy (still
    online, nothing left in full; with ``removed``, also those taken down) and those it left
    leaking. Only plain, reachable text documents of hosts still up."""
    later = {doc.url: doc for doc in after.documents}

    def plain(doc: TruthDoc) -> bool:
        return doc.fmt in RECHECKABLE and not doc.unreachable and not doc.needs_js and "!" not in doc.url

    fixed: list[TruthDoc] = []
    kept: list[TruthDoc] = []
    for doc in before.documents:
        now = later.get(doc.url)
        if not doc.leaks or not plain(doc) or (now is None and not removed) or (now is not None and now.unreachable):
            continue
        (fixed if now is None or not now.leaks else kept).append(doc)
    return fixed, kept


def seed_cases(store: Store, docs: Sequence[TruthDoc]) -> list[int]:
    """Record simweb documents and their leaks as a sweep would (masked forms only), confirmed:
    what a day-0 sweep and an analyst leave behind. Returns the case ids."""
    items = []
    for doc in docs:
        record = DocumentRecord(
            doc.url, doc.url, doc.lao_code, f"day0-{doc.url}", "application/pdf", 1, None, None, 200, "ok", ""
        )
        findings = [
            Finding(
                kind, "XXXXXXXXXXXXX" if kind == "thai_id" else "XXXXXXXXXX", fp, 1, i * 30, i * 30 + 13, "(ปกปิด)", 0.9
            )
            for i, (kind, fp) in enumerate(sorted(doc.leaks))
        ]
        items.append((record, findings))
    store.record_documents(None, items)
    ids = [int(i) for i in store.cases(states=["new"])["id"]]
    store.bulk_transition(ids, "confirmed", "analyst-test")
    return ids


CASE_ROW = re.compile(r'data-case="(\d+)"')


@dataclass
class Played:
    """What the simulated coordinators did through the portal, and what came of it."""

    laos: int = 0
    acknowledged: int = 0
    reported: int = 0
    wrongly_reported: int = 0
    remediated: int = 0
    still_open: int = 0
    full_loop: int = 0
    """Cases whose history runs notified → acknowledged → remediated."""


def play_coordinators(
    store: Store, maildir: Path, web: SimWeb, key: bytes, day: int, wait: Callable[[], bool]
) -> Played:
    """The LAOs' part, as their coordinators would play it from the alert mails.

    Every coordinator opens the link of their mail and acknowledges the cases listed. Then the
    simulated web moves to ``day``, on which some LAOs have replaced a leaking file with its masked
    copy (or taken it down): their coordinators report it through the portal, and so does one LAO
    whose file still leaks (the re-check must keep that one open). ``wait`` waits for the portal's
    re-checks to finish."""
    played = Played()
    before = web.truth(key)
    coordinators = {code: Coordinator(link) for code, link in sorted(mail_links(maildir).items())}
    for coordinator in coordinators.values():
        status, html = coordinator.open()
        if status != 200:
            continue
        played.laos += 1
        ids = [int(i) for i in CASE_ROW.findall(html)]
        _, answer = coordinator.acknowledge(ids)
        done = re.search(r"บันทึกการรับทราบแล้ว (\d+) รายการ", answer)
        played.acknowledged += int(done.group(1)) if done else 0
    web.set_day(day)
    fixed, kept = lao_fixes(before, web.truth(key), removed=True)
    open_cases = store.cases(states=["acknowledged", "notified"])
    open_urls = set(open_cases["url"])
    reports = [d for d in fixed if d.url in open_urls and d.lao_code in coordinators]
    wrong = [d for d in kept if d.url in open_urls and d.lao_code in coordinators][:1]
    for doc in (*reports, *wrong):
        coordinators[doc.lao_code].report_fixed(doc.url)
    played.reported, played.wrongly_reported = len(reports), len(wrong)
    wait()
    reported_ids = [
        int(i)
        for i, url in zip(open_cases["id"], open_cases["url"], strict=True)
        if url in {d.url for d in (*reports, *wrong)}
    ]
    for case_id in reported_ids:
        history = list(store.case_history(case_id)["to_state"])
        if store.case(case_id).state == "remediated":
            played.remediated += 1
            played.full_loop += "acknowledged" in history and "notified" in history
        else:
            played.still_open += 1
    return played
