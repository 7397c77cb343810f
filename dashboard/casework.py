"""The case action form, shared by the evidence page (one case) and the case-work page (many).

Every action goes through ``store`` (``transition`` / ``bulk_transition``) with the logged-in
analyst's name; the store enforces the lifecycle, and a refusal is shown as the store words it.
Viewers see the form disabled.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard import auth, cache
from dashboard.i18n import t

ACTIONS = ("confirmed", "false_positive", "notified", "acknowledged", "remediated", "reopened")


def action_form(user: auth.User, case_ids: Sequence[int], *, key: str) -> None:
    """Pick an action and a note, then apply it to ``case_ids`` as ``user``."""
    if not user.can_edit:
        st.caption(t("cases.viewer"))
    with st.form(key):
        action = st.radio(
            t("cases.action"),
            ACTIONS,
            format_func=lambda a: t(f"action.{a}"),
            horizontal=True,
            key=f"{key}-action",
        )
        note = st.text_input(t("cases.note"), key=f"{key}-note", max_chars=500)
        label = t("cases.apply") if len(case_ids) == 1 else t("cases.apply_bulk", n=len(case_ids))
        submitted = st.form_submit_button(label, type="primary", disabled=not user.can_edit or not case_ids)
    if submitted and user.can_edit:
        _apply(user, list(case_ids), action, note, key)
    message = st.session_state.pop(f"{key}-done", None)
    if message:
        st.success(message)


def _apply(user: auth.User, case_ids: list[int], action: str, note: str, key: str) -> None:
    """Record the action, then redraw the page so every table shows the new states."""
    outcome = cache.transition(case_ids, action, user.name, note.strip())
    if outcome.error:
        st.error(t("cases.refused", reason=outcome.error))
        return
    st.session_state[f"{key}-done"] = t("cases.done", n=outcome.changed)
    st.rerun()
