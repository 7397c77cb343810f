"""Case work: the cases in view, chosen singly or in bulk, and the action to record on them."""

from __future__ import annotations

import streamlit as st

from dashboard import cache, casework, ui
from dashboard.columns import CASES, STATES
from dashboard.i18n import code, t

user = ui.current_user()
st.header(t("nav.cases"))
states = st.multiselect(
    t("drill.state"),
    STATES,
    default=["new", "confirmed", "reopened"],
    format_func=lambda s: code("state", s),
    key="c_state",
)
cases = cache.cases(ui.filters(), tuple(states))
ui.table(cases, CASES, key="case-table")
ui.export_buttons(cases, CASES, "cases")
if cases.empty:
    st.stop()

labels = dict(zip(cases["case_id"], cache.describe_findings(cases), strict=True))
every = st.checkbox(t("cases.select_all", n=len(cases)), key="c_all")
chosen = (
    list(cases["case_id"])
    if every
    else st.multiselect(t("cases.select"), list(cases["case_id"]), format_func=labels.__getitem__, key="c_pick")
)
casework.action_form(user, chosen, key="bulk-action")
