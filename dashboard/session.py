"""Dashboard sessions that survive a reload and a shared link: a signed, HttpOnly, SameSite cookie.

Why a cookie set by a route of our own: a Streamlit script can read the browser's cookies
(``st.context.cookies``) but cannot answer with a header, and a cookie written by JavaScript
cannot be HttpOnly. Streamlit 1.67 runs the app as an ASGI application (``st.App``, see
``dashboard/server.py``) that takes extra Starlette routes and middleware, so:

- ``GET /session/login?next=/evidence?case=12`` is a plain sign-in page, ``POST`` checks the
  password (with ``auth.THROTTLE``), sets the cookie and sends the browser on to ``next`` (a local
  path only: never an open redirect);
- :class:`Gate` sends a page request without a valid session to that page, remembering where it
  was going, so after signing in the analyst lands on the page asked for;
- the Streamlit script trusts only the cookie (``ui.login_gate``): it checks the signature, the
  expiry and that the user is still configured with the same role, on every run;
- ``/session/logout`` clears the cookie and revokes the session in this process, so a tab still
  open on the old session is signed out at its next interaction.

Streamlit's own OIDC login (``st.login``) was the other option: it needs an identity provider, which
the demo and an air-gapped centre do not have; it can be added next to this one. The cookie holds
``name|role|expires|id`` and an HMAC-SHA256 of it under a key derived from the store's secret; it
lasts ``dashboard.session_hours``.
"""

from __future__ import annotations

import html
import math
import secrets
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, urlsplit

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from core import config, signing
from core.errors import X4WatchError
from dashboard import auth
from dashboard.i18n import DEFAULT_LANGUAGE, text

if TYPE_CHECKING:
    from core.config import Config

COOKIE = "x4watch_session"
LOGIN = "/session/login"
LOGOUT = "/session/logout"
NOTICE_SECONDS = 12 * 3600
"""How long the browser keeps a cookie past the session's signed end, so that the sign-in page can
say the session ended rather than greet the analyst as a stranger (the end itself is in the value)."""
MAX_FORM_BYTES = 4096
"""A sign-in form is a name and a password; anything longer is refused before it is parsed."""

_revoked: set[str] = set()
_revoked_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Session:
    user: auth.User
    expires: float
    """Unix time after which the cookie no longer lets anyone in."""
    id: str


def _key(cfg: Config) -> bytes:
    """The signing key: derived from the store's secret, so nothing new has to be kept."""
    return signing.derive_key(cfg.secret_key(), "x4watch dashboard session")


def issue(cfg: Config, user: auth.User, now: float | None = None) -> str:
    """A cookie value for ``user`` lasting ``dashboard.session_hours`` from ``now``."""
    expires = int((time.time() if now is None else now) + cfg.dashboard.session_hours * 3600)
    payload = f"{user.name}|{user.role}|{expires}|{secrets.token_urlsafe(12)}".encode()
    return signing.seal(_key(cfg), payload)


def read(cfg: Config, value: str | None) -> Session | None:
    """The session a cookie value holds when its signature is ours; None for anything else."""
    payload = signing.unseal(_key(cfg), value)
    if payload is None:
        return None
    try:
        name, role, expires, sid = payload.decode().split("|")
        deadline = float(expires)
    except ValueError:
        return None
    return Session(auth.User(name, role), deadline, sid)


def valid(cfg: Config, session: Session | None, now: float | None = None) -> auth.User | None:
    """The session's user while it lasts, is not revoked, and the user keeps that role."""
    if session is None or session.expires <= (time.time() if now is None else now):
        return None
    with _revoked_lock:
        if session.id in _revoked:
            return None
    entry = auth.load_users(cfg).get(session.user.name)
    return session.user if entry is not None and entry.get("role") == session.user.role else None


def revoke(session: Session | None) -> None:
    if session is not None:
        with _revoked_lock:
            _revoked.add(session.id)


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this server, else ``/`` (no open redirect to another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def login_url(target: str, expired: bool = False) -> str:
    return f"{LOGIN}?next={quote(safe_next(target), safe='')}" + ("&expired=1" if expired else "")


def _page(target: str, message: str = "", status: int = 200) -> HTMLResponse:
    """The sign-in page (Thai, with the English under it): every value shown is escaped."""
    th, en = DEFAULT_LANGUAGE, "en"
    alert = f'<p role="alert" class="alert">{html.escape(message)}</p>' if message else ""
    body = f"""<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>x4watch</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem}}
label{{display:block;margin-top:1rem}}input{{width:100%;padding:.5rem;font-size:1rem}}
button{{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}}.alert{{color:#a00}}
.en{{color:#666;font-size:.85em}}</style></head>
<body><h1>{html.escape(text("app.title", th))}</h1>
<p class="en">{html.escape(text("app.title", en))} · {html.escape(text("login.title", en))}</p>
{alert}
<form method="post" action="{LOGIN}">
<input type="hidden" name="next" value="{html.escape(safe_next(target))}">
<label for="name">{html.escape(text("login.name", th))}</label>
<input id="name" name="name" autocomplete="username" required autofocus>
<label for="password">{html.escape(text("login.password", th))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{html.escape(text("login.submit", th))}</button>
</form></body></html>"""
    headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}
    return HTMLResponse(body, status_code=status, headers=headers)


async def login_page(request: Request) -> Response:
    expired = request.query_params.get("expired") == "1"
    message = text("login.expired", DEFAULT_LANGUAGE) if expired else ""
    return _page(request.query_params.get("next", "/"), message)


async def login_submit(request: Request) -> Response:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return _page("/", text("login.failed", DEFAULT_LANGUAGE), 413)
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    name, password, target = form.get("name", ""), form.get("password", ""), safe_next(form.get("next"))
    client = request.client.host if request.client else "unknown"  # behind a reverse proxy: the proxy's
    wait = auth.THROTTLE.wait_for(name, client)
    if wait:
        return _page(target, text("login.locked", DEFAULT_LANGUAGE, seconds=math.ceil(wait)), 429)
    try:
        cfg = config.load()
        users = auth.load_users(cfg)
    except X4WatchError as exc:  # a wrong setting: say which, as the command line would
        return _page(target, str(exc), 500)
    user = auth.authenticate(users, name, password)
    if user is None:
        auth.THROTTLE.failed(name, client)
        return _page(target, text("login.failed", DEFAULT_LANGUAGE), 401)
    auth.THROTTLE.succeeded(name, client)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        issue(cfg, user),
        max_age=int(cfg.dashboard.session_hours * 3600) + NOTICE_SECONDS,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def logout(request: Request) -> Response:
    revoke(read(config.load(), request.cookies.get(COOKIE)))
    response = RedirectResponse(LOGIN, status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


def routes() -> list[Route]:
    return [
        Route(LOGIN, login_page, methods=["GET"]),
        Route(LOGIN, login_submit, methods=["POST"]),
        Route(LOGOUT, logout, methods=["GET", "POST"]),
    ]


class Gate(BaseHTTPMiddleware):
    """A page opened without a valid session goes to the sign-in page, which sends it back here.

    Only page loads are gated (a GET asking for HTML outside Streamlit's own ``/_stcore`` and the
    session routes); the script checks the cookie again on every run (``ui.login_gate``).
    """

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        page = (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and not path.startswith(("/session/", "/_stcore/", "/static/", "/media/"))
        )
        if page:
            cfg = config.load()
            cookie = request.cookies.get(COOKIE)
            if valid(cfg, read(cfg, cookie)) is None:
                target = path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(login_url(target, expired=cookie is not None), status_code=303)
        return await call_next(request)
