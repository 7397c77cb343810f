"""What every page shares on screen: the login gate, the sidebar frame, tables, exports, links.

Everything crawled (titles, file names, URLs, snippets) is shown through ``st.text``,
``st.dataframe`` or ``st.code``, which escape it; nothing crawled goes through
``unsafe_allow_html``, and only http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from core import config
from core.errors import X4WatchError
from dashboard import auth, dates, geo, session
from dashboard.i18n import LANGUAGES, code, current_language, t

PAGES = Path(__file__).resolve().parent / "pages"

PERIODS = (0, 7, 30, 90, 365)
"""Choices of the 'first seen' filter, in days back from today (0: any time)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """The sidebar's choices, which every page applies."""

    province_code: str | None
    since: dt.date | None


def language_switch() -> None:
    st.sidebar.radio(
        t("language"),
        list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        horizontal=True,
    )


def _signed_in() -> tuple[auth.User | None, bool]:
    """(the user of this browser's session or None, whether the browser sent a session cookie).

    The cookie decides (``dashboard.session``), checked on every run, so an expired or revoked
    session is signed out at the next click. Without a cookie, the user the entrypoint let in this
    session stands (pages run on their own, as ``AppTest`` runs them). Raises ConfigError for a
    broken user table.
    """
    cfg = config.load()
    auth.load_users(cfg)  # a broken user table is said here, not met at the sign-in page
    found = st.context.cookies.get(session.COOKIE)
    cookie = found if isinstance(found, str) and found else None  # AppTest has no browser: a mock
    if cookie is not None:
        user = session.valid(cfg, session.read(cfg, cookie))
        if user is None:
            st.session_state.pop("user", None)
        else:
            st.session_state["user"] = user
    current = st.session_state.get("user")
    return (current if isinstance(current, auth.User) else None), cookie is not None


def logged_in() -> bool:
    try:
        return _signed_in()[0] is not None
    except X4WatchError:
        return False


def _here() -> str:
    """The page and query this run shows, to come back to after signing in."""
    query = urlencode(st.query_params.to_dict())
    return "/" + (st.session_state.get("page_path") or "") + (f"?{query}" if query else "")


def login_gate() -> auth.User:
    """The signed-in user; otherwise a sign-in link and stop the script (nothing else shows)."""
    try:
        user, had_cookie = _signed_in()
    except X4WatchError as exc:  # a wrong setting: say which, as the command line would
        st.error(str(exc))
        st.stop()
    if user is not None:
        return user
    st.title(t("app.title"))
    st.info(t("login.expired" if had_cookie else "login.required"))
    st.link_button(t("login.submit"), session.login_url(_here(), expired=had_cookie), type="primary")
    st.stop()


def current_user() -> auth.User:
    """For pages: the user the entrypoint let in (a page run on its own stops here too)."""
    return login_gate()


def user_box(user: auth.User) -> None:
    st.sidebar.caption(t("login.as", name=user.name, role=code("role", user.role)))
    st.sidebar.link_button(t("logout"), session.LOGOUT)


def _province_label(province_code: str) -> str:
    if not province_code:
        return t("filter.all")
    row = geo.provinces().set_index("province_code").loc[province_code]
    return str(row["name_th"] if current_language() == "th" else row["name_en"])


def sidebar_filters() -> None:
    st.sidebar.selectbox(
        t("filter.province"),
        ["", *geo.provinces()["province_code"]],
        format_func=_province_label,
        key="province",
    )
    st.sidebar.selectbox(
        t("filter.period"), PERIODS, format_func=lambda days: t(f"period.{days or 'all'}"), key="period"
    )


def filters() -> Filters:
    """The filters as the sidebar left them (defaults when a page runs on its own)."""
    days = int(st.session_state.get("period", 0) or 0)
    since = dt.date.today() - dt.timedelta(days=days) if days else None
    return Filters(st.session_state.get("province") or None, since)


def province_name(province_code: str | None) -> str:
    return _province_label(province_code or "")


def labelled(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """``frame`` for people: chosen columns in order, codes and dates translated, headers in the language."""
    out = frame[[name for name in columns if name in frame.columns]].copy()
    for name, prefix in (
        ("state", "state"),
        ("kind", "kind"),
        ("to_state", "state"),
        ("from_state", "state"),
    ):
        if name in out.columns:
            out[name] = [code(prefix, v) if isinstance(v, str) else v for v in out[name]]
    out = dates.format_columns(out, current_language())
    return out.rename(columns={name: t(label) for name, label in columns.items()})


def table(frame: pd.DataFrame, columns: dict[str, str], *, key: str, selectable: bool = False) -> list[int]:
    """Show ``frame`` (escaped by st.dataframe); return the selected row positions when asked."""
    if frame.empty:
        st.info(t("empty"))
        return []
    shown = labelled(frame, columns)
    if not selectable:
        st.dataframe(shown, hide_index=True, key=key)
        return []
    event = st.dataframe(shown, hide_index=True, key=key, on_select="rerun", selection_mode="multi-row")
    return list(event.selection.rows)


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def export_buttons(frame: pd.DataFrame, columns: dict[str, str], name: str) -> None:
    """CSV (UTF-8 with BOM, so Excel reads Thai) and XLSX of the view as shown, made on click."""
    if frame.empty:
        return
    shown = labelled(frame, columns)
    left, right = st.columns(2)
    left.download_button(
        t("export.csv"),
        lambda: shown.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{name}-csv",
        on_click="ignore",
    )
    right.download_button(
        t("export.xlsx"),
        lambda: xlsx_bytes(shown),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{name}-xlsx",
        on_click="ignore",
    )


def is_web_link(url: str) -> bool:
    """Only http(s) URLs with a host become links (no javascript:, data:, file:)."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def document_link(url: str) -> None:
    """The crawled URL as escaped text, plus a button link when it is safe to follow."""
    st.text(url)
    if is_web_link(url.split("!", 1)[0]):
        st.link_button(t("evidence.document"), url.split("!", 1)[0])
    else:
        st.caption(t("evidence.link_unsafe"))
