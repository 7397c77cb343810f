"""Sweep status: the scheduler's last jobs, the running or last sweep's progress, the parse
backend (workers online, queue depth, pages OCR'd a minute, ETA: ``crawler.throughput``, as
``x4watch serve --status`` prints them), errors by type, the unreachable sites.

While a sweep runs, its progress block refreshes on its own every few seconds (a fragment), so the
analyst watches it move without reloading the page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from crawler.throughput import Rates, hours_minutes
from dashboard import cache, dates, ui
from dashboard.columns import ERRORS, JOBS, PARSE, SWEEPS, UNREACHABLE
from dashboard.i18n import current_language, t

REFRESH_SECONDS = 5


def progress(sweep_id: int) -> None:
    """Progress bar and counters of one sweep, read fresh from the store."""
    sweep = cache.live_sweep(sweep_id)
    if sweep is None:
        st.info(t("cases.busy"))
        return
    st.subheader(f"{t('sweeps.current')} #{sweep.id} · {sweep.kind} · {sweep.status}")
    st.caption(dates.format_datetime(sweep.started_at, current_language()))
    total, done = sweep.sites_total or 0, sweep.sites_done or 0
    st.progress(min(done / total, 1.0) if total else 0.0, text=f"{done:,} / {total:,}")
    cells = st.columns(4)
    cells[0].metric(t("col.pages"), f"{sweep.pages:,}")
    cells[1].metric(t("col.documents"), f"{sweep.documents:,}")
    cells[2].metric(t("col.findings"), f"{sweep.findings:,}")
    cells[3].metric(t("col.errors"), f"{sweep.errors:,}")
    parsing(Rates.of(sweep))


def eta_text(rates: Rates | None) -> str:
    """The ETA of a running sweep in hours and minutes; a dash for a sweep that is not running."""
    if rates is None or not rates.running:
        return "—"
    if rates.eta_seconds is None:
        return t("parsing.unknown")
    hours, minutes = hours_minutes(rates.eta_seconds)
    return t("parsing.eta_value", hours=hours, minutes=minutes)


def parsing(rates: Rates | None) -> None:
    """Workers online and queue depth of the parse backend, the sweep's OCR'd pages a minute and ETA."""
    backend = cache.parse_backend()
    st.subheader(t("parsing.title"))
    if backend.problem:
        st.warning(t("parsing.problem", problem=backend.problem))
    cells = st.columns(3)
    if backend.name == "celery":
        workers = f"{len(backend.workers):,}"
        queued = "—" if backend.queued is None else f"{backend.queued:,}"
    else:
        workers, queued = t("parsing.local"), t("parsing.no_queue")
    cells[0].metric(t("parsing.workers"), workers)
    cells[1].metric(t("parsing.processes"), f"{backend.processes:,}")
    cells[2].metric(t("parsing.queued"), queued)
    cells = st.columns(3)
    ocr = rates.ocr_pages_per_minute if rates is not None else None
    cells[0].metric(t("parsing.ocr_rate"), t("parsing.unknown") if ocr is None else f"{ocr:,.1f}")
    cells[1].metric(t("parsing.eta"), eta_text(rates))
    if backend.workers:
        st.caption(t("parsing.names", names=", ".join(backend.workers)))


def sweep_sections(sweeps: pd.DataFrame) -> None:
    """The latest sweep's progress and errors, unreachable sites, parse statuses, the history."""
    latest = int(sweeps.iloc[0]["sweep_id"])
    running = sweeps.iloc[0]["status"] == "running"
    st.fragment(progress, run_every=REFRESH_SECONDS if running else None)(latest)
    st.subheader(t("sweeps.errors"))
    ui.table(cache.errors_by_type(latest), ERRORS, key="errors")
    st.subheader(t("sweeps.unreachable"))
    unreachable = cache.unreachable()
    ui.table(unreachable, UNREACHABLE, key="unreachable")
    ui.export_buttons(unreachable, UNREACHABLE, "unreachable")
    st.subheader(t("sweeps.parse"))
    ui.table(cache.parse_status(), PARSE, key="parse")
    st.subheader(t("sweeps.history"))
    ui.table(sweeps, SWEEPS, key="sweeps")


ui.current_user()
st.header(t("nav.sweeps"))
sweeps = cache.sweeps()
if sweeps.empty:
    st.info(t("sweeps.none"))
    parsing(None)
else:
    sweep_sections(sweeps)
st.subheader(t("sweeps.jobs"))
ui.table(cache.job_runs(), JOBS, key="jobs")
