"""A small HTTP/1.1 server on asyncio streams that serves every simulated site from one port.

It reads absolute-form requests (``GET http://www.x.go.th/a HTTP/1.1``, as a forward proxy gets
them) and origin-form requests routed by the Host header, keeps connections alive, answers
conditional requests with 304, streams huge bodies without holding them, and plays each site's
faults: delays, hanging requests, connection resets, errors, redirects and traps. Document bytes are
rendered in a thread pool so a slow render never stalls other sites.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import socket
import ssl
import struct
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import format_datetime, formatdate, parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import parse_qs, quote, urlsplit

from simweb import formats, lists, pages, reach, spam, tls
from simweb.model import HUGE_BYTES, SLOW_SECONDS, Counters, DocPlan
from simweb.plan import Route, SitePlan
from simweb.world import World

log = logging.getLogger(__name__)

TRUTH_PATH = "/__x4watch_truth__"
MAX_HEAD = 64 * 1024
HANG_SECONDS = 600.0
IDLE_SECONDS = 120.0
SERVER_NAMES = {"joomla": "Apache/2.4.41 (Ubuntu)", "php": "Microsoft-IIS/7.5", "wp": "nginx/1.18.0"}


@dataclass
class Response:
    """What to send back; ``action`` other than ``send`` plays a network fault instead."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    stream: AsyncIterator[bytes] | None = None
    length: int | None = None
    action: str = "send"  # send, close, reset, hang
    delay: float = 0.0


@dataclass
class Request:
    method: str
    host: str
    path: str
    query: str
    headers: dict[str, str]
    version: str = "HTTP/1.1"

    @property
    def keep_alive(self) -> bool:
        """HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when asked to keep it."""
        connection = self.headers.get("connection", "").lower()
        return connection == "keep-alive" if self.version == "HTTP/1.0" else connection != "close"

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


class BadRequest(Exception):
    """The bytes on the wire are not an HTTP/1.1 request we can answer."""


class SimServer:
    """Serves one ``World``; ``truth_key`` enables the ground-truth endpoint (test and demo mode)."""

    def __init__(
        self,
        world: World,
        *,
        truth_key: bytes | None = None,
        render_workers: int = 2,
        services: Mapping[str, Callable[[Request], Response]] | None = None,
    ) -> None:
        self.world = world
        self.services = dict(services or {})
        self.truth_key = truth_key
        self.counters = Counters()
        self._executor = ThreadPoolExecutor(max_workers=render_workers, thread_name_prefix="simweb-render")
        self._slow_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="simweb-soffice")
        self._rendering: dict[str, asyncio.Future[bytes]] = {}
        self._server: asyncio.Server | None = None
        self._contexts: dict[str, ssl.SSLContext] | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._server = await asyncio.start_server(self._connection, host, port, limit=MAX_HEAD, backlog=1024)
        return int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._slow_executor.shutdown(wait=False, cancel_futures=True)

    # connection loop ------------------------------------------------------------------------------
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.counters.connections += 1
        try:
            while await self._one_exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ssl.SSLError):
            pass  # a client gone, or a TLS handshake the site refused (an old server refusing a modern client)
        except BadRequest:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except Exception:  # a simweb bug: answer 500 like a broken CMS would, and say where
            log.exception("simweb failed to answer a request")
            writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        finally:
            if not writer.is_closing():
                writer.close()

    async def _one_exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Read one request, answer it; False when the connection must end."""
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_SECONDS)
        request = parse_request(head)
        if request.method == "CONNECT":
            return await self._tunnel(request, writer)
        length = _int([request.headers.get("content-length", "0") or "0"], -1)
        if length < 0:
            raise BadRequest("unreadable Content-Length")
        if length:
            await reader.readexactly(length)
        response = await self.respond(request)
        if response.delay:
            await asyncio.sleep(response.delay)
        if response.action == "close":
            return False
        if response.action == "reset":
            _reset(writer)
            return False
        if response.action == "hang":
            await asyncio.wait_for(reader.read(), HANG_SECONDS)
            return False
        keep = request.keep_alive
        await self._send(writer, request, response, keep)
        return keep

    async def _tunnel(self, request: Request, writer: asyncio.StreamWriter) -> bool:
        """``CONNECT host:443`` to an HTTPS site: the server itself answers its TLS handshake on this
        connection (``simweb.tls``), then serves the site's requests inside. False (the connection
        ends) for any other host, as a proxy refusing the tunnel."""
        index = self.world.index_of.get(request.host)
        faults = self.world.specs[index].faults if index is not None else frozenset()
        fault = next((f for f in tls.TLS_FAULTS if f in faults), None)
        if index is None or fault is None or self.world.is_down(index):
            writer.write(_bare(HTTPStatus.BAD_GATEWAY))
            return False
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await writer.start_tls(self._tls_contexts()[fault], server_hostname=None)
        version = writer.get_extra_info("ssl_object").version() or ""
        self.counters.handshakes[version] = self.counters.handshakes.get(version, 0) + 1
        return True

    def _tls_contexts(self) -> dict[str, ssl.SSLContext]:
        """The server contexts of the world's HTTPS sites, made on the first tunnel."""
        if self._contexts is None:
            hosts = {f: [s.host for s in self.world.specs if f in s.faults] for f in tls.TLS_FAULTS}
            self._contexts = tls.server_contexts(hosts)
        return self._contexts

    async def _send(self, writer: asyncio.StreamWriter, request: Request, response: Response, keep: bool) -> None:
        length = response.length if response.stream is not None else len(response.body)
        status = HTTPStatus(response.status)
        lines = [f"HTTP/1.1 {status.value} {status.phrase}", f"Date: {formatdate(usegmt=True)}"]
        lines += [f"{name}: {value}" for name, value in response.headers]
        lines.append(f"Content-Length: {length}")
        lines.append("Connection: keep-alive" if keep else "Connection: close")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        sent = 0
        if request.method != "HEAD":
            if response.stream is not None:
                async for chunk in response.stream:
                    writer.write(chunk)
                    sent += len(chunk)
                    await writer.drain()
            else:
                writer.write(response.body)
                sent = len(response.body)
        await writer.drain()
        self.counters.bytes_sent += sent

    # routing --------------------------------------------------------------------------------------
    async def respond(self, request: Request) -> Response:
        self.counters.requests += 1
        if request.path == TRUTH_PATH and self.truth_key is not None:
            return self._truth()
        index = self.world.index_of.get(request.host)
        if index is None and (request.host in reach.FILE_HOSTS or request.host == reach.ARCHIVE_HOST):
            self.counters.services.setdefault(request.host, []).append(request.target)
            return await self._reach(request)
        if index is None and request.host in self.services:
            return self.services[request.host](request)
        if index is None:
            self.counters.offsite[request.host] = self.counters.offsite.get(request.host, 0) + 1
            return text_response(502, f"simweb: no such host {request.host}\n")
        self.counters.by_host[request.host] = self.counters.by_host.get(request.host, 0) + 1
        if self.world.is_down(index):
            return Response(action="close")
        plan = self.world.plan(index)
        route = plan.resolve(request.path, request.query)
        response = await self._route(plan, index, route, request)
        if "slow" in plan.spec.faults:
            response.delay = SLOW_SECONDS
        response.headers.append(("Server", SERVER_NAMES[plan.spec.style]))
        return response

    async def _route(self, plan: SitePlan, index: int, route: Route | None, request: Request) -> Response:
        neighbour = self.world.neighbour(index)
        if route is None:
            return html_response(plan, 404, "<html><body><h1>404 Not Found</h1></body></html>")
        if route.kind == "redirect":
            status = 301 if route.target.endswith("/") else 302
            return Response(status, [("Location", plan.url(route.target))], b"")
        if route.kind == "robots":
            self.counters.robots += 1
            return text_response(200, pages.robots(plan))
        if route.kind == "file" and route.doc is not None:
            return await self._file(plan, route.doc, request)
        if route.kind in ("spam", "cloaked"):
            return self._spam(plan, route, request)
        if route.kind == "sitemap":
            xml = lists.sitemap(plan, route.target)
            if xml is None:
                return html_response(plan, 404, "<html><body><h1>404 Not Found</h1></body></html>")
            return Response(200, [("Content-Type", "application/xml; charset=utf-8")], xml.encode())
        if route.kind == "media":
            items, total = lists.media(plan, request.query)
            headers = [("Content-Type", "application/json; charset=utf-8"), ("X-WP-TotalPages", str(total))]
            return Response(200, headers, items.encode())
        if route.kind == "api":
            return Response(
                200,
                [("Content-Type", "application/json; charset=utf-8")],
                pages.api_items(plan, route.section).encode(),
            )
        response = html_response(plan, 200, self._page(plan, route, request, neighbour))
        return self._page_validators(plan, route, request, response)

    def _spam(self, plan: SitePlan, route: Route, request: Request) -> Response:
        if route.kind == "cloaked":
            headers = request.headers
            html = spam.cloaked(plan.spec.host, headers.get("user-agent", ""), headers.get("referer", ""))
        else:
            url = plan.url(request.path)
            self.counters.spam[url] = self.counters.spam.get(url, 0) + 1
            html = spam.spam_page(plan.spec.host, route.page)
        return Response(200, [("Content-Type", "text/html; charset=utf-8")], html.encode())

    def _page_validators(self, plan: SitePlan, route: Route, request: Request, response: Response) -> Response:
        """Pages of the WordPress and Joomla styles sit behind a page cache, as many LAO sites do: a
        weak ETag of the bytes on every page, Last-Modified on an item's page; 304 when unchanged.
        Hand-written PHP sites send no validators, so a crawler must also cope without them."""
        if plan.spec.style == "php":
            return response
        digest = hashlib.sha1(response.body, usedforsecurity=False).hexdigest()[:20]
        response.headers.append(("ETag", f'W/"{digest}"'))
        if route.kind == "detail" and route.doc is not None:
            modified = format_datetime(self.world.last_modified(route.doc), usegmt=True)
            response.headers.append(("Last-Modified", modified))
        if _not_modified(request, response.headers):
            kept = [h for h in response.headers if h[0] in ("ETag", "Last-Modified")]
            return Response(304, kept)
        return response

    def _page(self, plan: SitePlan, route: Route, request: Request, neighbour: str) -> str:
        if route.kind == "home":
            return pages.home(plan, neighbour)
        if route.kind == "listing":
            return pages.listing(plan, route.section, route.page, neighbour)
        if route.kind == "detail" and route.doc is not None:
            content = self.world.content(plan, route.doc) if route.doc.fmt == "html" else None
            return pages.detail(plan, route.doc, content, neighbour)
        if route.kind == "calendar":
            query = parse_qs(request.query)
            year, month = _int(query.get("y"), 2567), _int(query.get("m"), 6)
            return pages.calendar(plan, year, max(1, min(12, month)), neighbour)
        return pages.webboard(plan, request.target, neighbour)

    async def _file(self, plan: SitePlan, doc: DocPlan, request: Request) -> Response:
        fault = doc.fault
        if fault in ("timeout", "reset"):
            return Response(action="hang" if fault == "timeout" else "reset")
        if fault in ("server_error", "not_found"):
            code = 503 if fault == "server_error" else 404
            return html_response(plan, code, f"<html><body><h1>{code}</h1></body></html>")
        headers = self._file_headers(plan, doc)
        if fault == "huge":
            return Response(200, headers, stream=_huge_body(), length=HUGE_BYTES)
        if _not_modified(request, headers):
            return Response(304, [h for h in headers if h[0] in ("ETag", "Last-Modified")])
        return Response(200, headers, await self._document(plan, doc))

    def _file_headers(self, plan: SitePlan, doc: DocPlan) -> list[tuple[str, str]]:
        media = formats.MEDIA_TYPES[doc.fmt]
        if "wrong_type" in plan.spec.faults:
            media = formats.WRONG_TYPES.get(doc.fmt, "application/octet-stream")
        headers = [
            ("Content-Type", media),
            ("ETag", self.world.etag(plan, doc)),
            ("Last-Modified", format_datetime(self.world.last_modified(doc), usegmt=True)),
        ]
        if plan.spec.style == "php":
            name = quote(plan.file_name(doc))
            headers.append(("Content-Disposition", f"attachment; filename*=UTF-8''{name}"))
        return headers

    async def _document(self, plan: SitePlan, doc: DocPlan) -> bytes:
        """Render (once, in a thread, deduplicated across concurrent requests) or read from the cache."""
        key = str(self.world.cache_path(plan, doc))
        pending = self._rendering.get(key)
        if pending is None:
            loop = asyncio.get_running_loop()
            pending = asyncio.ensure_future(
                loop.run_in_executor(
                    # DOC waits seconds on LibreOffice: on its own thread, it never holds up other formats
                    self._slow_executor if doc.fmt == "doc" else self._executor,
                    self.world.document_bytes,
                    plan,
                    doc,
                )
            )
            self._rendering[key] = pending
            pending.add_done_callback(lambda _: self._rendering.pop(key, None))
        return await asyncio.shield(pending)

    async def _reach(self, request: Request) -> Response:
        """The archive's index, or a file host's file, viewer or share page (``simweb.reach``)."""
        if request.host == reach.ARCHIVE_HOST:
            return self._cdx(request)
        located = reach.locate(request.host, request.path, request.query)
        index = self.world.code_index.get(located[0]) if located else None
        if located is None or index is None or self.world.is_down(index):
            return text_response(404, "not found\n")
        plan = self.world.plan(index)
        doc = next((d for d in plan.live_docs if d.doc_id == located[1] and d.via == "off-site"), None)
        if doc is None:
            return text_response(404, "not found\n")
        if located[2] == "file":
            return Response(200, self._file_headers(plan, doc), await self._document(plan, doc))
        html = reach.viewer_page(plan.lao.code, doc) if located[2] == "viewer" else reach.share_page(doc)
        return Response(200, [("Content-Type", "text/html; charset=utf-8")], html.encode())

    def _cdx(self, request: Request) -> Response:
        """The CDX index of one domain's captures (Wayback's JSON); nothing else is served."""
        domain = (parse_qs(request.query).get("url") or [""])[0].removeprefix("www.")
        index = self.world.index_of.get(f"www.{domain}", self.world.index_of.get(domain))
        if request.path != reach.CDX_PATH or index is None:
            return text_response(404, "not in the archive\n")
        body = reach.cdx_rows(lists.archived(self.world.plan(index)))
        return Response(200, [("Content-Type", "application/json")], body.encode())

    def _truth(self) -> Response:
        assert self.truth_key is not None
        body = json.dumps(self.world.truth(self.truth_key).to_json(), ensure_ascii=False).encode()
        return Response(200, [("Content-Type", "application/json; charset=utf-8")], body)


def parse_request(head: bytes) -> Request:
    """Request line and headers; absolute-form targets give the host, else the Host header does."""
    try:
        text = head.decode("latin-1")
        line, *header_lines = text.split("\r\n")
        method, target, version = line.split(" ")
    except ValueError as exc:
        raise BadRequest("malformed request line") from exc
    headers = {}
    for header in header_lines:
        name, sep, value = header.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if method.upper() == "CONNECT":
        host, path, query = target.rsplit(":", 1)[0], "", ""
    elif target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        host, path, query = parts.hostname or "", parts.path or "/", parts.query
    else:
        host = headers.get("host", "").rsplit(":", 1)[0] if ":" in headers.get("host", "") else headers.get("host", "")
        path, _, query = target.partition("?")
    return Request(method.upper(), host.lower(), path, query, headers, version.upper())


def html_response(plan: SitePlan, status: int, html: str) -> Response:
    label = plan.spec.encoding
    codec = {"tis-620": "tis-620", "windows-874": "cp874"}.get(label, "utf-8")
    media = "text/html" if label == "windows-874" else f"text/html; charset={label}"
    return Response(status, [("Content-Type", media)], html.encode(codec, errors="xmlcharrefreplace"))


def text_response(status: int, text: str) -> Response:
    return Response(status, [("Content-Type", "text/plain; charset=utf-8")], text.encode())


def _not_modified(request: Request, headers: list[tuple[str, str]]) -> bool:
    values = dict(headers)
    tags = request.headers.get("if-none-match")
    if tags is not None:
        return tags.strip() == "*" or values.get("ETag") in [t.strip() for t in tags.split(",")]
    since = request.headers.get("if-modified-since")
    if since is None or "Last-Modified" not in values:
        return False
    try:
        return parsedate_to_datetime(values["Last-Modified"]) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


async def _huge_body() -> AsyncIterator[bytes]:
    """HUGE_BYTES of a PDF-looking body, produced as it is sent."""
    chunk = b"%PDF-1.4\n" + b"0" * (256 * 1024 - 9)
    filler = b"0" * len(chunk)
    sent = 0
    while sent < HUGE_BYTES:
        part = (chunk if sent == 0 else filler)[: HUGE_BYTES - sent]
        sent += len(part)
        yield part


def _bare(status: HTTPStatus) -> bytes:
    return f"HTTP/1.1 {status.value} {status.phrase}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0), as a crashing upstream does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _int(values: list[str] | None, default: int) -> int:
    try:
        return int(values[0]) if values else default
    except ValueError:
        return default
