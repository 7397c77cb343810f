"""Entrypoint of the dashboard (``x4watch dashboard`` runs ``streamlit run dashboard/app.py``).

The frame every page shares: page config, language switch, the login gate (nothing else is drawn
before it lets someone in), the province and period filters, and the navigation between pages.
The navigation is declared before the gate (hidden until login) so that a reload or a shared link
such as ``/evidence?case=12`` opens that page: the session cookie keeps the analyst signed in, and
without one the sign-in page sends them back to it (``dashboard.session``). No page icons:
Streamlit fetches Material icons for the browser tab from a CDN, and nothing may leave loopback.
"""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.i18n import t

PAGES = ui.PAGES

st.set_page_config(page_title="x4watch", layout="wide")
ui.language_switch()
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title=t("nav.overview"), url_path="overview", default=True),
        st.Page(PAGES / "drilldown.py", title=t("nav.drilldown"), url_path="drilldown"),
        st.Page(PAGES / "evidence.py", title=t("nav.evidence"), url_path="evidence"),
        st.Page(PAGES / "cases.py", title=t("nav.cases"), url_path="cases"),
        st.Page(PAGES / "sweeps.py", title=t("nav.sweeps"), url_path="sweeps"),
        st.Page(PAGES / "sites.py", title=t("nav.sites"), url_path="sites"),
    ],
    position="sidebar" if ui.logged_in() else "hidden",
)
st.session_state["page_path"] = navigation.url_path  # where a sign-in link comes back to
user = ui.login_gate()
ui.user_box(user)
ui.sidebar_filters()
navigation.run()
