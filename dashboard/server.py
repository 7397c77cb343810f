"""The dashboard as Streamlit's ASGI application: ``app.py`` plus the session routes and gate.

``x4watch dashboard`` runs ``streamlit run dashboard/server.py``; Streamlit finds ``app`` below and
serves it with uvicorn. See ``dashboard.session`` for why sign-in is a route of its own.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from dashboard import session

# app.py declares its pages with st.navigation, which makes Streamlit forget its old "pages/ folder"
# mode, but only once app.py has run: a server whose first request is a deep link (a mail's
# /evidence?case=12) would run pages/evidence.py on its own, without the frame. Forget it at once.
PagesManager.uses_pages_directory = False

app = st.App(
    Path(__file__).resolve().with_name("app.py"),
    routes=session.routes(),
    middleware=[Middleware(session.Gate)],
)
