"""The sign-in routes and the signed session cookie, called as the ASGI server calls them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from starlette.requests import Request
from starlette.responses import Response

from core import config
from dashboard import auth, session


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> config.Config:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)
    monkeypatch.setattr(auth, "THROTTLE", auth.LoginThrottle(per_client=auth.Delays(free=2, base=60.0, cap=60.0)))
    return config.load()


def post(form: dict[str, str], client: str = "127.0.0.1") -> Response:
    body = urlencode(form).encode()
    scope = {"type": "http", "method": "POST", "path": session.LOGIN, "headers": [], "query_string": b""}
    scope |= {"scheme": "http", "server": ("127.0.0.1", 8501), "client": (client, 50000)}

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    return asyncio.run(session.login_submit(Request(scope, receive)))


def test_the_right_password_sets_a_signed_httponly_cookie_and_returns_to_the_page(cfg: config.Config) -> None:
    password = auth.ensure_demo_admin(cfg)
    assert password is not None
    answer = post({"name": "admin", "password": password, "next": "/evidence?case=12"})
    assert answer.status_code == 303 and answer.headers["location"] == "/evidence?case=12"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert session.valid(cfg, session.read(cfg, value)) == auth.User("admin", "admin")


def test_a_wrong_password_is_refused_and_repeated_ones_slow_that_client_not_the_owner(cfg: config.Config) -> None:
    """Issue 15: a guesser's misses delay the guesser; the name's owner, elsewhere, signs in at once."""
    password = auth.ensure_demo_admin(cfg)
    assert password is not None
    wrong = post({"name": "admin", "password": "wrong", "next": "/"}, client="127.0.0.9")
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in bytes(wrong.body).decode()
    post({"name": "admin", "password": "wrong", "next": "/"}, client="127.0.0.9")
    post({"name": "admin", "password": "wrong", "next": "/"}, client="127.0.0.9")
    slowed = post({"name": "admin", "password": password, "next": "/"}, client="127.0.0.9")
    assert slowed.status_code == 429 and "set-cookie" not in slowed.headers
    owner = post({"name": "admin", "password": password, "next": "/"}, client="127.0.0.1")
    assert owner.status_code == 303 and "set-cookie" in owner.headers


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x", ""])
def test_sign_in_never_redirects_off_the_server(cfg: config.Config, target: str) -> None:
    assert session.safe_next(target) == "/"


def test_a_forged_expired_revoked_or_demoted_session_lets_nobody_in(
    cfg: config.Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth.ensure_demo_admin(cfg)
    admin = auth.User("admin", "admin")
    value = session.issue(cfg, admin)
    assert session.valid(cfg, session.read(cfg, value)) == admin
    signature = value.split(".")[1]
    forged = session.issue(cfg, admin).split(".")[0] + "." + signature
    assert session.read(cfg, forged) is None and session.read(cfg, "garbage") is None
    later = time.time() + cfg.dashboard.session_hours * 3600 + 1
    assert session.valid(cfg, session.read(cfg, value), now=later) is None
    promoted = session.issue(cfg, auth.User("admin", "viewer"))
    assert session.valid(cfg, session.read(cfg, promoted)) is None  # the configured role decides
    session.revoke(session.read(cfg, value))
    assert session.valid(cfg, session.read(cfg, value)) is None
