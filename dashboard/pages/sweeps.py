"""Sweep status: the scheduler's last jobs, the running or last sweep's progress, errors by type,
the unreachable sites.

While a sweep runs, its progress block refreshes on its own every few seconds (a fragment), so the
analyst watches it move without reloading the page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

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
else:
    sweep_sections(sweeps)
st.subheader(t("sweeps.jobs"))
ui.table(cache.job_runs(), JOBS, key="jobs")
