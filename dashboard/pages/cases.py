"""Case work: the cases in view, chosen singly or in bulk, and the action to record on them.

The state filter starts on the cases that need work (new, confirmed, reopened); when it hides every
case there is (all notified, say), an empty table would read as "no leaks", so the page says how
many cases each hidden state holds and offers to show them all.
"""

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


def show_every_state() -> None:
    st.session_state["c_state"] = list(STATES)


def explain_hidden() -> None:
    """Say what the state filter hides, with a button that shows it (when it hides anything)."""
    hidden = cache.cases(ui.filters(), STATES)
    counts = hidden["state"].value_counts()
    if counts.empty:
        return
    detail = ", ".join(f"{code('state', state)} {n}" for state, n in counts.items())
    st.info(t("cases.hidden", n=int(counts.sum()), detail=detail))
    st.button(t("cases.show_all_states"), on_click=show_every_state, key="c_show_all")


cases = cache.cases(ui.filters(), tuple(states))
ui.table(cases, CASES, key="case-table")
ui.export_buttons(cases, CASES, "cases")
if cases.empty:
    if set(states) != set(STATES):
        explain_hidden()
    st.stop()

labels = dict(zip(cases["case_id"], cache.describe_findings(cases), strict=True))
every = st.checkbox(t("cases.select_all", n=len(cases)), key="c_all")
chosen = (
    list(cases["case_id"])
    if every
    else st.multiselect(t("cases.select"), list(cases["case_id"]), format_func=labels.__getitem__, key="c_pick")
)
casework.action_form(user, chosen, key="bulk-action")
