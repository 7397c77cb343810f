"""The coordinators' portal as a Starlette application (the stack the dashboard's sign-in routes use).

Why Starlette and no framework more: it is already installed (Streamlit runs on it), serves a few
server-rendered pages and forms, and uvicorn runs it in ``x4watch serve``'s process. Pages are
Jinja2 templates with autoescaping on, so every value shown (document addresses, LAO names,
snippets) is escaped.

Routes:

- ``GET /p/{token}``: the link of an alert mail. A valid token is put in an HttpOnly, SameSite=Lax
  cookie and the browser is sent on to ``/``, so the token leaves the address bar (and never goes
  out in a Referer); an invalid, expired or revoked one gets a Thai page saying so (403).
- ``GET /``: the LAO's page: open cases it was told about, by document, with masked evidence only;
  what X4 requires; the actions below. The cookie's token is checked again on every request, so a
  revocation takes effect at once.
- ``POST /ack``: acknowledge cases (``notified → acknowledged``, recorded as the LAO's action).
- ``POST /fixed``: the LAO says a document was removed or replaced: noted on its cases and queued
  for a re-check (``portal.recheck``); only the re-check may close a case.
- ``POST /mask``: upload a document, get its masked copy (``portal.upload``, then the mask engine in
  a killable, memory-capped child process: ``masking.mask_isolated``).

Every POST carries a CSRF field (an HMAC of the link's id under a key of the store's secret) on top
of the SameSite cookie. Requests are rate-limited per client address and per link
(``portal.requests_per_minute``), uploads per link (``portal.uploads_per_hour``). The LAO code comes
only from the checked token, and every store call filters on it (``store.portal``): no form field
can reach another LAO's cases.
"""

from __future__ import annotations

import hmac
import logging
import urllib.parse
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from core import signing
from core.templates import environment
from core.thaidate import local_date, thai_date
from detectors.registry import NAMES_TH
from portal import tokens, upload
from portal.limits import RateLimit
from portal.recheck import STILL_THERE, Rechecker
from seeds.model import official_name
from store.portal import LaoCase, PortalData

if TYPE_CHECKING:
    from core.config import Config
    from masking.engine import MaskOutcome
    from store import Store

log = logging.getLogger(__name__)

COOKIE = "x4watch_portal"
MAX_FORM_BYTES = 16 * 1024
"""An acknowledgement or a report is a few ids or one address; longer forms are refused unread."""
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
}
STATE_LABELS = {
    "notified": "แจ้งแล้ว รอดำเนินการ",
    "acknowledged": "รับทราบแล้ว",
    "reopened": "พบซ้ำ",
    "confirmed": "รอแจ้ง",
}
REFUSALS = {
    tokens.REFUSED_BAD: "ลิงก์นี้ไม่ถูกต้อง",
    tokens.REFUSED_EXPIRED: "ลิงก์นี้หมดอายุแล้ว",
    tokens.REFUSED_REVOKED: "ลิงก์นี้ถูกยกเลิกแล้ว",
}
DONE = {
    "ack": "บันทึกการรับทราบแล้ว {n} รายการ",
    "fixed": "รับแจ้งแล้ว ระบบจะตรวจเอกสารซ้ำภายในไม่กี่นาที สถานะจะเปลี่ยนเป็น “แก้ไขแล้ว” เมื่อการตรวจซ้ำยืนยัน",
    "none": "ไม่มีรายการที่ดำเนินการได้",
}
MASK_STATUS = {
    "clean": "ไม่พบเลขที่ต้องปกปิดในไฟล์นี้ ไม่ต้องแก้ไข",
    "failed": "ไม่สามารถสร้างไฟล์ฉบับปกปิดได้",
}


@dataclass
class Portal:
    """What the routes share: settings, store, re-checker, rate limits."""

    cfg: Config
    store: Store
    rechecker: Rechecker
    per_client: RateLimit
    per_link: RateLimit
    uploads: RateLimit
    masking: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(1))
    """One upload masked at a time: masking a scan is seconds of CPU."""

    @property
    def data(self) -> PortalData:
        return PortalData(self.store)

    def csrf(self, token_id: str) -> str:
        """The form token of a link's pages: its id signed under a key of its own."""
        return signing.mac(signing.derive_key(self.cfg.secret_key(), "x4watch portal csrf"), token_id.encode()).hex()

    def csrf_ok(self, grant: tokens.Grant, given: str) -> bool:
        return hmac.compare_digest(self.csrf(grant.token_id), given or "")


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    body = environment("portal").get_template(name).render(**context)
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _message(title: str, text: str, status: int) -> HTMLResponse:
    return _page("message.html.j2", status, title=title, text=text)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"  # behind a reverse proxy: the proxy's


Handler = Callable[[Request, Portal, tokens.Grant], Awaitable[Response]]


def _guarded(portal: Portal, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """The route with the checks every page shares: rate limit per client, a valid link in the
    cookie, rate limit per link, and the CSRF field on a POST (read by the handler itself)."""

    async def endpoint(request: Request) -> Response:
        if not portal.per_client.allow(_client(request)):
            return _too_many(portal.per_client.retry_after(_client(request)))
        token = request.cookies.get(COOKIE, "")
        grant = await run_in_threadpool(tokens.check, portal.cfg, portal.store, token) if token else tokens.REFUSED_BAD
        if isinstance(grant, str):
            return _message("เข้าใช้งานไม่ได้", REFUSALS[grant] + " กรุณาใช้ลิงก์จากอีเมลฉบับล่าสุด", 403)
        if not portal.per_link.allow(grant.token_id):
            return _too_many(portal.per_link.retry_after(grant.token_id))
        return await handler(request, portal, grant)

    return endpoint


def _too_many(wait: float) -> Response:
    response = _message("ใช้งานถี่เกินไป", f"กรุณารอ {max(1, round(wait))} วินาทีแล้วลองใหม่", 429)
    response.headers["Retry-After"] = str(max(1, round(wait)))
    return response


async def open_link(request: Request, portal: Portal) -> Response:
    """The mail's link: check the token, keep it in a cookie, go to the page."""
    if not portal.per_client.allow(_client(request)):
        return _too_many(portal.per_client.retry_after(_client(request)))
    token = request.path_params["token"]
    grant = await run_in_threadpool(tokens.check, portal.cfg, portal.store, token)
    if isinstance(grant, str):
        return _message("เข้าใช้งานไม่ได้", REFUSALS[grant] + " กรุณาใช้ลิงก์จากอีเมลฉบับล่าสุด", 403)
    if not portal.per_link.allow(grant.token_id):
        return _too_many(portal.per_link.retry_after(grant.token_id))
    await run_in_threadpool(portal.data.touch, grant.token_id)
    response = RedirectResponse("/", status_code=303, headers=HEADERS)
    seconds = int((grant.expires - portal.store.clock()).total_seconds())
    response.set_cookie(
        COOKIE,
        token,
        max_age=max(1, seconds),
        path="/",
        httponly=True,
        samesite="lax",  # Strict would drop the cookie on the redirect that follows a mail client's click
        secure=request.url.scheme == "https",
    )
    return response


@dataclass(frozen=True, slots=True)
class DocumentView:
    url: str
    cases: list[LaoCase]
    pending: bool
    still_there: bool

    @property
    def notified_ids(self) -> list[int]:
        return [c.id for c in self.cases if c.state == "notified"]


def _documents(cases: list[LaoCase], pending: set[str]) -> list[DocumentView]:
    by_url: dict[str, list[LaoCase]] = defaultdict(list)
    for case in cases:
        by_url[case.url].append(case)
    return [
        DocumentView(url, group, url in pending, any(c.last_note == STILL_THERE for c in group))
        for url, group in sorted(by_url.items())
    ]


async def home(request: Request, portal: Portal, grant: tokens.Grant) -> Response:
    info = await run_in_threadpool(portal.data.lao_info, grant.lao_code)
    cases = await run_in_threadpool(portal.data.lao_cases, grant.lao_code)
    tz = ZoneInfo(portal.cfg.schedule.timezone)
    done = request.query_params.get("done", "")
    count = request.query_params.get("n", "0")
    notice = DONE[done].format(n=int(count) if count.isdigit() else 0) if done in DONE else ""
    return _page(
        "page.html.j2",
        lao_name=official_name(info.type, info.name) if info else grant.lao_code,
        lao_code=grant.lao_code,
        province=info.province if info else "",
        documents=_documents(cases, portal.rechecker.pending(grant.lao_code)),
        csrf=portal.csrf(grant.token_id),
        notice=notice,
        kind_labels=NAMES_TH,
        state_labels=STATE_LABELS,
        deadline=lambda c: thai_date(d) if (d := local_date(c.deadline, tz)) else "-",
        expires=thai_date(local_date(grant.expires, tz) or date.today()),
        max_upload_mb=f"{portal.cfg.portal.max_upload_bytes / 1_000_000:g}",
    )


async def _body_up_to(request: Request, limit: int) -> bytes | None:
    """The request body when it is at most ``limit`` bytes, else None (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


async def _small_form(request: Request, portal: Portal, grant: tokens.Grant) -> dict[str, list[str]] | None:
    """A urlencoded form of at most MAX_FORM_BYTES carrying this link's CSRF token, else None."""
    body = await _body_up_to(request, MAX_FORM_BYTES)
    if body is None:
        return None
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    return form if portal.csrf_ok(grant, (form.get("csrf") or [""])[0]) else None


def _who(grant: tokens.Grant) -> str:
    """``who`` of the LAO's own actions in the case history: the LAO, through which link."""
    return f"lao:{grant.lao_code} (portal link {grant.token_id[:8]})"


async def acknowledge(request: Request, portal: Portal, grant: tokens.Grant) -> Response:
    form = await _small_form(request, portal, grant)
    if form is None:
        return _message("คำขอไม่ถูกต้อง", "กรุณาเปิดหน้าเว็บจากลิงก์ในอีเมลแล้วลองใหม่", 400)
    ids = [int(v) for v in form.get("case", []) if v.isdigit()][:1000]
    done = await run_in_threadpool(portal.data.acknowledge, grant.lao_code, ids, _who(grant)) if ids else 0
    return RedirectResponse(f"/?done={'ack' if done else 'none'}&n={done}", status_code=303, headers=HEADERS)


async def report_fixed(request: Request, portal: Portal, grant: tokens.Grant) -> Response:
    form = await _small_form(request, portal, grant)
    if form is None:
        return _message("คำขอไม่ถูกต้อง", "กรุณาเปิดหน้าเว็บจากลิงก์ในอีเมลแล้วลองใหม่", 400)
    urls = form.get("url", [])[:100]
    found = await run_in_threadpool(portal.data.report_fixed, grant.lao_code, urls, _who(grant)) if urls else []
    if found:
        portal.rechecker.request(grant.lao_code, found)
    return RedirectResponse(f"/?done={'fixed' if found else 'none'}", status_code=303, headers=HEADERS)


def _attachment(outcome: MaskOutcome) -> Response:
    name = outcome.output_name or "masked"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{urllib.parse.quote(name)}"
    headers = {**HEADERS, "Content-Disposition": disposition, "X-X4watch-Masked": str(len(outcome.masked))}
    return Response(outcome.output or b"", media_type="application/octet-stream", headers=headers)


async def mask_upload(request: Request, portal: Portal, grant: tokens.Grant) -> Response:
    limit = portal.cfg.portal.max_upload_bytes
    try:
        body = await _body_up_to(request, limit + upload.FORM_OVERHEAD)
        if body is None:
            raise upload.UploadError(413, upload.TOO_LARGE.format(limit=limit))
        form = upload.parse_form(body, request.headers.get("content-type", ""))
        del body
        if not portal.csrf_ok(grant, form.fields.get("csrf", "")):
            raise upload.UploadError(400, "คำขอไม่ถูกต้อง กรุณาเปิดหน้าเว็บจากลิงก์ในอีเมลแล้วลองใหม่")
        if len(form.file_data) > limit:
            raise upload.UploadError(413, upload.TOO_LARGE.format(limit=limit))
        upload.check_type(form.file_data, form.file_name)
    except upload.UploadError as exc:
        return _message("ส่งไฟล์ไม่สำเร็จ", str(exc), exc.status)
    if not portal.uploads.allow(grant.token_id):
        return _too_many(portal.uploads.retry_after(grant.token_id))
    from masking import mask_isolated  # the engine's imports are heavy: load it on first use

    outcome = await anyio.to_thread.run_sync(  # a child process, memory- and time-capped: uploads are hostile
        mask_isolated, form.file_data, form.file_name or "document", portal.cfg, limiter=portal.masking
    )
    if outcome.status == "masked" and outcome.output is not None:
        return _attachment(outcome)
    text = MASK_STATUS.get(outcome.status, MASK_STATUS["failed"])
    if outcome.reason:
        text = f"{text}: {outcome.reason}"
    return _message("ไฟล์ฉบับปกปิด", text, 200 if outcome.status == "clean" else 422)


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


def create_app(cfg: Config, store: Store, rechecker: Rechecker) -> Starlette:
    """The portal's application over ``store``; re-checks go through ``rechecker``."""
    settings = cfg.portal
    portal = Portal(
        cfg,
        store,
        rechecker,
        per_client=RateLimit(settings.requests_per_minute, 60.0),
        per_link=RateLimit(settings.requests_per_minute, 60.0),
        uploads=RateLimit(settings.uploads_per_hour, 3600.0),
    )

    async def link(request: Request) -> Response:
        return await open_link(request, portal)

    routes = [
        Route("/p/{token}", link, methods=["GET"]),
        Route("/", _guarded(portal, home), methods=["GET"]),
        Route("/ack", _guarded(portal, acknowledge), methods=["POST"]),
        Route("/fixed", _guarded(portal, report_fixed), methods=["POST"]),
        Route("/mask", _guarded(portal, mask_upload), methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    app.state.portal = portal
    return app
