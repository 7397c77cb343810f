"""Sweep status: the running or last sweep's progress, its errors by type, the unreachable sites."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, dates, ui
from dashboard.columns import ERRORS, PARSE, SWEEPS, UNREACHABLE
from dashboard.i18n import current_language, t

ui.current_user()
st.header(t("nav.sweeps"))
sweeps = cache.sweeps()
if sweeps.empty:
    st.info(t("sweeps.none"))
    st.stop()

latest = sweeps.iloc[0]
st.subheader(f"{t('sweeps.current')} #{latest['sweep_id']} · {latest['status']}")
st.caption(dates.format_datetime(latest["started_at"], current_language()))
total = int(latest["sites_total"] or 0)
done = int(latest["sites_done"] or 0)
st.progress(min(done / total, 1.0) if total else 0.0, text=f"{done:,} / {total:,}")
cells = st.columns(3)
cells[0].metric(t("col.documents"), f"{int(latest['documents']):,}")
cells[1].metric(t("col.findings"), f"{int(latest['findings']):,}")
cells[2].metric(t("col.errors"), f"{int(latest['errors']):,}")

sweep_id = int(latest["sweep_id"])
st.subheader(t("sweeps.errors"))
ui.table(cache.errors_by_type(sweep_id), ERRORS, key="errors")
st.subheader(t("sweeps.unreachable"))
unreachable = cache.unreachable()
ui.table(unreachable, UNREACHABLE, key="unreachable")
ui.export_buttons(unreachable, UNREACHABLE, "unreachable")
st.subheader(t("sweeps.parse"))
ui.table(cache.parse_status(), PARSE, key="parse")
st.subheader(t("sweeps.history"))
ui.table(sweeps, SWEEPS, key="sweeps")
