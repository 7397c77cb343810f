"""A hostile LAO site and the "private" server it aims at, both on loopback (issue 15, evidence).

``HostileSite`` listens on 127.0.0.1 (test mode lets the crawler reach it); ``PrivateListener``
on 127.0.0.2, the same port number, stands for an internal service (10.x, fd00::, metadata): no
mode of the crawler may reach it, and it counts every connection it accepts. The site's pages try
every way to reach it: redirects in several address spellings, and from a JavaScript listing that
the crawler renders in Chromium, fetch(), XMLHttpRequest, an iframe, a script, an image, a
preconnect, a WebSocket, a service worker, a same-site URL redirecting there, and a navigation. The
internal page holds a synthetic ID: if its text reached the store, a finding would show it.
"""

from __future__ import annotations

import random
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from testkit.synthetic import thai_id

PRIVATE_HOST = "127.0.0.2"
_rng = random.Random(15)
PUBLIC_ID, RENDERED_ID, INTERNAL_ID = thai_id(_rng), thai_id(_rng), thai_id(_rng)
"""Synthetic IDs: in a plain document, in a document only the rendered listing links, and in the
internal page (which must never be read)."""
INTERNAL_MARK = "ข้อมูลภายในห้ามเผยแพร่"


def id_text(number: str, title: str) -> str:
    return f"{title}\nลำดับ 1 นายสมชาย ใจดี เลขประจำตัวประชาชน {number} ที่อยู่ 12 หมู่ 3\n"


def redirect_targets(port: int) -> list[str]:
    """The private listener in the spellings a redirect may use."""
    return [
        f"http://{PRIVATE_HOST}:{port}/internal/plain",
        f"http://[::ffff:{PRIVATE_HOST}]:{port}/internal/mapped",
        f"http://2130706434:{port}/internal/decimal",
        f"http://{PRIVATE_HOST}.:{port}/internal/dot",
        f"http://0x7f.0.0.2:{port}/internal/hex",
        f"http://[::{PRIVATE_HOST}]:{port}/internal/compatible",
    ]


def home_page(port: int) -> str:
    hops = "".join(f'<li><a href="/go/{i}">ดาวน์โหลด {i}</a></li>' for i in range(len(redirect_targets(port))))
    return (
        '<html><head><meta charset="utf-8"><title>อบต.ทดสอบ</title></head><body><ul>'
        '<li><a href="/docs/public.txt">ประกาศ รายชื่อผู้มีสิทธิ</a></li>'
        '<li><a href="/listing">รายชื่อผู้รับเบี้ยยังชีพ</a></li>'
        '<li><a href="/navigate">เอกสารเผยแพร่</a></li>'
        f"{hops}</ul></body></html>"
    )


def listing_page(port: int) -> str:
    """A JS listing (``data-list``): its one same-site link comes from /api/list; the rest aims inside."""
    private = f"http://{PRIVATE_HOST}:{port}"
    return f"""<html><head><meta charset="utf-8"><title>รายชื่อ</title>
<link rel="preconnect" href="{private}/">
<script src="{private}/internal/script.js"></script>
</head><body><h1>รายชื่อผู้รับเบี้ยยังชีพ</h1>
<ul id="list" data-list="/api/list"></ul><div id="extra"></div>
<iframe src="{private}/internal/frame"></iframe>
<img src="{private}/internal/image.png">
<script>
function add(html) {{ document.getElementById('extra').insertAdjacentHTML('beforeend', html); }}
fetch('/api/list').then(r => r.text()).then(t => {{ document.getElementById('list').innerHTML = t; }});
fetch('{private}/internal/fetch').then(r => r.text()).then(add).catch(() => 0);
fetch('/hop').then(r => r.text()).then(add).catch(() => 0);
var x = new XMLHttpRequest(); x.open('GET', '{private}/internal/xhr');
x.onload = function () {{ add(x.responseText); }}; x.send();
try {{ new WebSocket('ws://{PRIVATE_HOST}:{port}/internal/ws').onmessage = e => add(e.data); }} catch (e) {{}}
if (navigator.serviceWorker) {{ navigator.serviceWorker.register('/sw.js').catch(() => 0); }}
</script></body></html>"""


def navigate_page() -> str:
    """A JS listing whose script sends the page itself to a same-site URL that redirects inside."""
    return (
        '<html><head><meta charset="utf-8"></head><body><ul id="list" data-list="/api/list"></ul>'
        "<script>location.href = '/hop';</script></body></html>"
    )


def internal_page() -> str:
    return (
        f'<html><head><meta charset="utf-8"></head><body><h1>{INTERNAL_MARK}</h1>'
        f'<p>{id_text(INTERNAL_ID, "ทะเบียนภายใน")}</p><a href="/internal/deeper">ต่อไป</a></body></html>'
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: Any) -> None:
        self.owner = owner
        super().__init__(address, handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        self.owner.connections += 1
        if self.owner.tls is not None:  # the handshake runs in the handler's thread
            return self.owner.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), address
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A refused TLS handshake is the point of the TLS tests, not an error to print."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        super().setup()

    def do_GET(self) -> None:
        self.server.owner.paths.append(self.path)
        status, headers, body = self.server.owner.answer(self.path)
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Listener:
    """A counting HTTP server on one address; ``answer(path)`` gives (status, headers, body)."""

    host: str
    port: int = 0
    tls: ssl.SSLContext | None = None
    """Serve HTTPS with this context (the TLS tests: an old server speaking TLS 1.0 only)."""
    connections: int = 0
    paths: list[str] = field(default_factory=list)

    def serve(self) -> _Server:
        server = _Server((self.host, self.port), _Handler, self)
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        raise NotImplementedError


HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


class PrivateListener(Listener):
    """The internal service: every path answers the internal page, readable from any origin."""

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": HTML, "Access-Control-Allow-Origin": "*"}, internal_page().encode()


class HostileSite(Listener):
    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        private = f"http://{PRIVATE_HOST}:{self.port}/internal"
        targets = redirect_targets(self.port)
        pages: dict[str, tuple[str, str]] = {
            "/": (HTML, home_page(self.port)),
            "/listing": (HTML, listing_page(self.port)),
            "/navigate": (HTML, navigate_page()),
            "/api/list": (HTML, '<li><a href="/docs/rendered.txt">รายชื่อ (ฉบับเต็ม)</a></li>'),
            "/docs/public.txt": (TEXT, id_text(PUBLIC_ID, "ประกาศรายชื่อ")),
            "/docs/rendered.txt": (TEXT, id_text(RENDERED_ID, "รายชื่อผู้รับเบี้ยยังชีพ")),
            "/sw.js": ("text/javascript", f"self.addEventListener('install', () => fetch('{private}/sw'));"),
        }
        if path in pages:
            kind, text = pages[path]
            return 200, {"Content-Type": kind}, text.encode()
        if path == "/hop":
            return 302, {"Location": f"{private}/hop"}, b""
        if path.startswith("/go/") and path[4:].isdigit() and int(path[4:]) < len(targets):
            return 302, {"Location": targets[int(path[4:])]}, b""
        return 404, {"Content-Type": TEXT}, b"not found"


@contextmanager
def hostile_web(tls: ssl.SSLContext | None = None) -> Iterator[tuple[HostileSite, PrivateListener]]:
    """The hostile site on 127.0.0.1 and the private listener on 127.0.0.2, on one port number
    (so that a name rebinding from one address to the other keeps its URL); both over HTTPS with
    ``tls``."""
    for _ in range(20):
        site = HostileSite("127.0.0.1", tls=tls)
        site_server = site.serve()
        private = PrivateListener(PRIVATE_HOST, site.port, tls=tls)
        try:
            private_server = private.serve()
        except OSError:  # that port is taken on 127.0.0.2: try another
            site_server.shutdown()
            site_server.server_close()
            continue
        try:
            yield site, private
        finally:
            for server in (site_server, private_server):
                server.shutdown()
                server.server_close()
        return
    raise RuntimeError("no port free on both 127.0.0.1 and 127.0.0.2")
