"""The dashboard's only door to the data: cached calls to ``store.Store``, shaped for the pages.

``st.cache_resource`` keeps one ``Store`` per database path for every session (the store opens a
connection per unit of work, so sharing it between threads is safe); ``st.cache_data`` keeps query
results for ``dashboard.cache_seconds``, keyed by the store path and the filters, and a case action
clears it so the analyst sees the change at once. The store retries while a sweep holds the file;
if it still cannot get in, the page shows a calm "busy, try again" instead of an error.

No SQL here: every number comes from a ``store`` query; this module only filters and renames the
frames for display (filters the store takes as parameters go to the store).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from core import config
from crawler import throughput
from dashboard.i18n import code, t
from dashboard.ui import Filters
from seeds.model import official_name
from store import IllegalTransition, Overview, Store, StoreBusy, Sweep, UnknownCase, UnknownState
from store.discovery import ContactCandidate, CoverageDay, Probe
from store.models import TLS_ISSUES
from store.outbox import JobRuns

PROBE_FIELDS = tuple(f.name for f in dataclasses.fields(Probe))
CANDIDATE_FIELDS = tuple(f.name for f in dataclasses.fields(ContactCandidate))
COVERAGE_FIELDS = tuple(f.name for f in dataclasses.fields(CoverageDay))
P = ParamSpec("P")
R = TypeVar("R")
CASE_LIMIT = 5000
"""Rows the case-work table shows at most (latest activity first); the filters narrow the rest."""
NO_FINDING = {"page": None, "snippet": "", "confidence": 0.0, "reasons": None}
"""What the evidence shows when a case's finding is no longer in its document's latest fetch."""
Describe = Callable[[pd.DataFrame], list[str]]
"""Turns a frame's rows into the labels of a selectbox."""


@dataclass(frozen=True, slots=True)
class Headline:
    """The overview's counts for the chosen province (or the nation)."""

    open: int
    laos_affected: int
    new_this_week: int
    overdue: int
    remediated: int
    leak_rate: float


@dataclass(frozen=True, slots=True)
class FindingFilters:
    """Sidebar filters plus the drill-down's state, kind, LAO type and minimum confidence."""

    base: Filters
    states: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    lao_types: tuple[str, ...] = ()
    min_confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """One finding as the evidence page shows it; every value is masked."""

    case_id: int
    lao_code: str
    lao: str
    url: str
    kind: str
    masked: str
    state: str
    page: int | None
    snippet: str
    confidence: float
    reasons: tuple[str, ...]
    found_by: str = "link"
    """How the sweep reached the document (``store.models.FOUND_BY``)."""
    linked_from: str | None = None
    """The LAO page linking an off-site file."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a case action did: how many cases changed, or why nothing did."""

    changed: int
    error: str = ""


def cache_seconds() -> int:
    return int(config.load().dashboard.cache_seconds)


@st.cache_resource(show_spinner=False)
def _store(path: str, lock_retry_seconds: float, deadline_days: int) -> Store:
    return Store(path, lock_retry_seconds=lock_retry_seconds, deadline_days=deadline_days)


def store() -> Store:
    """The store named by the configuration (one shared handle per path)."""
    cfg = config.load()
    return _store(str(cfg.store_path), cfg.store.lock_retry_seconds, cfg.cases.deadline_days)


def calm(query: Callable[P, R]) -> Callable[P, R]:
    """Cache ``query`` (by its arguments and the store path) and turn a long lock into a notice."""

    def on_path(path: str, *args: P.args, **kwargs: P.kwargs) -> R:
        return query(*args, **kwargs)

    # Streamlit keys a cache by module, qualname and source: give each query its own name.
    on_path.__module__, on_path.__qualname__ = query.__module__, query.__qualname__
    cached = st.cache_data(ttl=cache_seconds(), max_entries=512, show_spinner=False)(on_path)

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return cached(str(store().path), *args, **kwargs)
        except StoreBusy:
            st.warning(t("cases.busy"))
            st.stop()

    call.__doc__ = query.__doc__
    return call


def lao_names(frame: pd.DataFrame, type_column: str = "lao_type", name_column: str = "lao_name") -> list[str]:
    """Names as officials write them (อบต.ไก่คำ; Bangkok and Pattaya by their type alone)."""
    return [official_name(kind, name) for kind, name in zip(frame[type_column], frame[name_column], strict=True)]


# -- overview -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverviewPage:
    """Everything the overview draws, fetched together."""

    headline: Headline
    provinces: pd.DataFrame
    weeks: pd.DataFrame


def _headline(numbers: Overview, weeks: pd.DataFrame) -> Headline:
    this_monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    opened = weeks.loc[pd.to_datetime(weeks["week"]).dt.date == this_monday, "opened"]
    return Headline(
        open=numbers.open_cases,
        laos_affected=numbers.laos_leaking,
        new_this_week=int(opened.sum()),
        overdue=numbers.overdue,
        remediated=int(numbers.by_state.get("remediated", 0)),
        leak_rate=numbers.leak_rate,
    )


@calm
def _overview_page(province_code: str | None, weeks: int) -> OverviewPage:
    """The three overview queries at once: reads run side by side, each on its own connection."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        numbers = pool.submit(store().overview, province_code)
        provinces = pool.submit(store().counts_by_province)
        trend = pool.submit(store().counts_by_week, weeks, province_code)
        return OverviewPage(_headline(numbers.result(), trend.result()), provinces.result(), trend.result())


def overview_page(filters: Filters) -> OverviewPage:
    """Headline counts, every province (the map colours all 77) and the weekly trend over the
    chosen period (12 weeks when 'any time'; always including this week, for 'new this week')."""
    days = (dt.date.today() - filters.since).days if filters.since else 84
    return _overview_page(filters.province_code, max(1, -(-days // 7)))


# -- drill-down ---------------------------------------------------------------------------------


@calm
def _laos(province_code: str | None) -> pd.DataFrame:
    frame = store().counts_by_lao(province_code)
    frame = frame.rename(columns={"type": "lao_type", "name": "lao_name"})
    frame["lao"] = lao_names(frame)
    return frame


def laos(chosen: FindingFilters, query: str = "") -> pd.DataFrame:
    """LAOs of the province, or matching ``query`` by name or code nationwide; type filter applied."""
    frame = _laos(None if query else chosen.base.province_code)
    if query:
        frame = frame[frame["lao"].str.contains(query, regex=False) | frame["lao_code"].str.startswith(query)]
    if chosen.lao_types:
        frame = frame[frame["lao_type"].isin(chosen.lao_types)]
    return frame.reset_index(drop=True)


@calm
def documents(lao_code: str) -> pd.DataFrame:
    """Documents of an LAO with their findings and open cases."""
    return store().lao_documents(lao_code)


@calm
def findings_in_document(url: str) -> pd.DataFrame:
    return store().findings_for_document(url)


def findings(chosen: FindingFilters, url: str) -> pd.DataFrame:
    """Findings of a document that pass the state, kind, confidence and first-seen filters."""
    frame = findings_in_document(url)
    keep = frame["confidence"].fillna(0) >= chosen.min_confidence
    if chosen.states:
        keep &= frame["state"].isin(chosen.states)
    if chosen.kinds:
        keep &= frame["kind"].isin(chosen.kinds)
    if chosen.base.since:
        keep &= pd.to_datetime(frame["first_seen"]).dt.date >= chosen.base.since
    return frame[keep].reset_index(drop=True)


def describe_laos(frame: pd.DataFrame) -> list[str]:
    return [
        f"{lao} ({code}) · {n}"
        for lao, code, n in zip(frame["lao"], frame["lao_code"], frame["open_cases"], strict=True)
    ]


def describe_documents(frame: pd.DataFrame) -> list[str]:
    return [f"{url} · {n}" for url, n in zip(frame["url"], frame["findings"], strict=True)]


def describe_findings(frame: pd.DataFrame) -> list[str]:
    rows = zip(frame["case_id"], frame["kind"], frame["masked"], frame["state"].fillna(""), strict=True)
    return [f"#{case} · {code('kind', kind)} · {masked} · {code('state', state)}" for case, kind, masked, state in rows]


# -- one case -----------------------------------------------------------------------------------


@calm
def evidence(case_id: int) -> Evidence | None:
    """The case with the finding that evidences it (its first occurrence in the document)."""
    try:
        case = store().case(case_id)
    except UnknownCase:
        return None
    rows = store().findings_for_document(case.url)
    rows = rows[rows["fingerprint"] == case.fingerprint]
    first = rows.iloc[0] if not rows.empty else pd.Series(NO_FINDING)
    named = store().cases(lao_code=case.lao_code, url=case.url)
    named = named[named["id"] == case_id]
    document = store().known_document(case.url.split("!", 1)[0])
    return Evidence(
        case_id=case.id,
        lao_code=case.lao_code,
        lao=lao_names(named)[0] if not named.empty else case.lao_code,
        url=case.url,
        kind=case.kind,
        masked=case.masked,
        state=case.state,
        page=None if pd.isna(first["page"]) else int(first["page"]),
        snippet=str(first["snippet"] or ""),
        confidence=float(first["confidence"] or 0.0),
        reasons=tuple(first["reasons"] if first["reasons"] is not None else ()),
        found_by=document.found_by if document is not None else "link",
        linked_from=document.linked_from if document is not None else None,
    )


@calm
def history(case_id: int) -> pd.DataFrame:
    return store().case_history(case_id).drop(columns=["evidence"])


# -- case work ----------------------------------------------------------------------------------


@calm
def _cases(province_code: str | None, states: tuple[str, ...]) -> pd.DataFrame:
    frame = store().cases(province_code=province_code, states=list(states) or None, limit=CASE_LIMIT)
    frame = frame.rename(columns={"id": "case_id"})
    frame["lao"] = lao_names(frame)
    return frame


def cases(filters: Filters, states: tuple[str, ...]) -> pd.DataFrame:
    """Cases of the province in ``states`` (latest activity first, at most CASE_LIMIT)."""
    frame = _cases(filters.province_code, states)
    if filters.since:
        frame = frame[pd.to_datetime(frame["first_seen"]).dt.date >= filters.since]
    return frame.reset_index(drop=True)


def transition(case_ids: list[int], to_state: str, who: str, note: str) -> Outcome:
    """Record an action on the cases as ``who``; a refusal comes back as the store's sentence."""
    try:
        changed = store().bulk_transition(case_ids, to_state, who, note)
    except (IllegalTransition, UnknownCase, UnknownState) as exc:
        return Outcome(0, str(exc))
    except StoreBusy:
        return Outcome(0, t("cases.busy"))
    st.cache_data.clear()
    return Outcome(changed)


# -- sweeps -------------------------------------------------------------------------------------


@calm
def sweeps() -> pd.DataFrame:
    return store().sweeps().rename(columns={"id": "sweep_id"})


def live_sweep(sweep_id: int) -> Sweep | None:
    """The sweep as it is now (uncached: the progress bar refreshes while a sweep runs)."""
    try:
        return store().sweep(sweep_id)
    except StoreBusy:
        return None


def parse_backend() -> throughput.Backend:
    """The parse backend's pool size, or its Celery workers and queue, as they are now (uncached,
    like the progress bar; the broker is asked with a one-second timeout)."""
    return throughput.backend(config.load().documents)


@calm
def errors_by_type(sweep_id: int) -> pd.DataFrame:
    errors = store().sweep_errors(sweep_id)
    return errors.groupby("error_type").size().rename("count").reset_index().sort_values("count", ascending=False)


def unreachable() -> pd.DataFrame:
    """LAOs whose site the last sweep could not read (its status is not ``ok``)."""
    frame = _laos(None)
    return frame[frame["site_status"].notna() & (frame["site_status"] != "ok")].reset_index(drop=True)


@calm
def job_runs() -> pd.DataFrame:
    """The scheduler's last run of every job and its outcome (``x4watch serve`` records them)."""
    return JobRuns(store()).last()


@calm
def parse_status() -> pd.DataFrame:
    return store().documents_by_status()


# -- sites and contacts of LAOs (discovery's leftovers) -----------------------------------------


@calm
def laos_without_site(province_code: str | None) -> pd.DataFrame:
    frame = store().laos_without_site(province_code)
    frame["lao"] = lao_names(frame)
    return frame


@calm
def site_posture(province_code: str | None) -> pd.DataFrame:
    """Sites to upgrade or compromised, their issues in Thai and their spam evidence one a line."""
    frame = store().site_posture(province_code)
    frame["lao"] = lao_names(frame)
    frame["issues"] = [", ".join(TLS_ISSUES.get(i, i) for i in issues) for issues in frame["tls_issues"]]
    frame["evidence"] = ["\n".join(urls) for urls in frame["spam_examples"]]
    return frame


@calm
def probes(lao_code: str) -> pd.DataFrame:
    return pd.DataFrame([dataclasses.asdict(p) for p in store().probes([lao_code])], columns=list(PROBE_FIELDS))


@calm
def contact_candidates(province_code: str | None) -> pd.DataFrame:
    """Contacts found on LAO sites and not yet reviewed, in the province (digits 2-3 of an LAO code)."""
    rows = [dataclasses.asdict(c) for c in store().contact_candidates(status="candidate")]
    frame = pd.DataFrame(rows, columns=list(CANDIDATE_FIELDS))
    if province_code:
        frame = frame[frame["lao_code"].str[1:3] == province_code]
    return frame.reset_index(drop=True)


@calm
def coverage() -> pd.DataFrame:
    return pd.DataFrame([dataclasses.asdict(d) for d in store().coverage_history()], columns=list(COVERAGE_FIELDS))


def known_codes() -> set[str]:
    """Codes of every LAO the store lists (an imported row must name one)."""
    return set(_laos(None)["lao_code"])


def save_site(lao_code: str, raw: str, action: str, who: str) -> Outcome:
    """Record an analyst's website for the LAO; the address is cleaned by the seed list's rules."""
    from seeds.urls import clean_url

    cleaned = clean_url(raw)
    if not cleaned.website:
        return Outcome(0, t("sites.bad_url", reason=cleaned.reason or "-"))
    try:
        store().record_site_decision(lao_code, cleaned.website, action, who)
    except StoreBusy:
        return Outcome(0, t("cases.busy"))
    st.cache_data.clear()
    return Outcome(1)


def import_sites(text: str, known: set[str], who: str) -> tuple[int, list[str]]:
    """A province's CSV (``lao_code``, ``website``) as ``imported`` decisions; problems per line."""
    from seeds.sitelist import parse_site_list

    rows, problems = parse_site_list(text, known)
    for code_, website in rows:
        store().record_site_decision(code_, website, "imported", who)
    st.cache_data.clear()
    return len(rows), [t("sites.import_problem", line=line, problem=problem) for line, problem in problems]


def decide_contact(lao_code: str, kind: str, value: str, status: str, who: str) -> Outcome:
    try:
        changed = store().decide_contact(lao_code, kind, value, status, who)
    except StoreBusy:
        return Outcome(0, t("cases.busy"))
    st.cache_data.clear()
    return Outcome(int(changed))
