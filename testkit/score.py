"""Scoring a sweep against a simulated web's ground truth (tests, benchmark and demo).

Plain functions over the store's open cases and simweb's ``Truth`` object; nothing here imports
simweb, so production code paths stay free of it. Recall and precision are counted over
(document URL, kind, fingerprint) on text documents: OCR'd scans are scored apart by documents/.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any

OPEN_STATES = ("new", "confirmed", "notified", "acknowledged", "reopened")


@dataclass(frozen=True)
class Score:
    expected: int
    found: int
    true_positives: int
    recall: float
    precision: float
    missed: dict[str, set[tuple[str, str]]]
    false: dict[str, set[tuple[str, str]]]


def found_leaks(store: Any) -> dict[str, set[tuple[str, str]]]:
    """Open cases per document URL as (kind, fingerprint); rendered copies count for their page."""
    cases = store.cases(states=list(OPEN_STATES))
    found: dict[str, set[tuple[str, str]]] = {}
    for url, kind, fp in zip(cases["url"], cases["kind"], cases["fingerprint"], strict=True):
        found.setdefault(str(url).removesuffix("#rendered"), set()).add((str(kind), str(fp)))
    return found


def score(
    truth: Any,
    found: Mapping[str, set[tuple[str, str]]],
    *,
    js: bool,
    obey_robots: bool = True,
    archive: bool = False,
    via: Collection[str] | None = None,
) -> Score:
    """Recall and precision on text documents (OCR formats excluded from both sides); ``archive``:
    the sweep asked an archive's index; ``via``: only documents reachable those ways are expected."""
    ways = {"via": via} if via is not None else {}
    expected = truth.expected(js=js, ocr=False, obey_robots=obey_robots, archive=archive, **ways)
    ocr_urls = {doc.url for doc in truth.documents if doc.ocr}
    all_leaks = {doc.url: doc.leaks for doc in truth.documents}
    text_found = {url: pairs for url, pairs in found.items() if url not in ocr_urls}
    tp = sum(len(pairs & text_found.get(url, set())) for url, pairs in expected.items())
    n_expected = sum(len(p) for p in expected.values())
    n_found = sum(len(p) for p in text_found.values())
    missed = {u: p - text_found.get(u, set()) for u, p in expected.items() if p - text_found.get(u, set())}
    false = {u: p - all_leaks.get(u, frozenset()) for u, p in text_found.items() if p - all_leaks.get(u, frozenset())}
    n_true_found = n_found - sum(len(p) for p in false.values())
    return Score(
        expected=n_expected,
        found=n_found,
        true_positives=tp,
        recall=tp / n_expected if n_expected else 1.0,
        precision=n_true_found / n_found if n_found else 1.0,
        missed=missed,
        false=false,
    )


def simweb_laos(web: Any) -> list[Any]:
    """The LAO rows simweb serves, each with its simulated home page as website."""
    by_code = {lao.code: lao for lao in web.world.laos}
    return [replace(by_code[s.lao_code], website=s.home_url) for s in web.sites]


def recall_of(truth: Any, found: Mapping[str, set[tuple[str, str]]], lao_codes: set[str]) -> float:
    """Recall on the text documents of these LAOs' sites alone (1.0 when they leak nothing)."""
    theirs = {doc.url for doc in truth.documents if doc.lao_code in lao_codes}
    expected = {url: pairs for url, pairs in truth.expected(js=False, ocr=False).items() if url in theirs}
    total = sum(len(pairs) for pairs in expected.values())
    return sum(len(pairs & found.get(url, set())) for url, pairs in expected.items()) / total if total else 1.0
