"""A careless and hostile LAO website beside simweb, for the privacy and resource tests (issue 15).

One host, ``www.hostile.go.th``, served on loopback as a forward proxy (absolute-form requests, as
the crawler sends them to simweb), publishing what broke promises before:

* downloads whose addresses hold a full ID and that fail (503: the retry middleware logs the URL;
  404: the HTTP error middleware does), so the logs are tested;
* a page with one ID the detectors find beside IDs in every other separator and script;
* a huge text of ID-shaped numbers (``huge_chars``);
* a spreadsheet of random 6- and 7-digit numeric cells (``rows``): joined, neighbours pass the check
  digit one time in ten;
* a page of more unlabelled check-digit-valid numbers than any list of people would print.

Every number is synthetic (``testkit.synthetic``); :attr:`HostileSite.ids` lists each full ID
the site prints or puts in an address, so tests can look for every one of them anywhere.
"""

from __future__ import annotations

import io
import random
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from testkit import synthetic

HOST = "www.hostile.go.th"
HOME = f"http://{HOST}/"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def separator_forms(number: str) -> dict[str, str]:
    """``number`` as people type it with every separator (and script) x4watch was shown."""
    groups = (number[0], number[1:5], number[5:10], number[10:12], number[12])
    return {
        "slash": "/".join(groups),
        "underscore": "_".join(groups),
        "colon": ":".join(groups),
        "comma": ", ".join(groups),
        "thousands": f"{number[0]},{number[1:4]},{number[4:7]},{number[7:10]},{number[10:]}",
        "plus": "+".join(groups),
        "equals": "=".join(groups),
        "pipe": "|".join(number),
        "arabic_indic": number.translate(ARABIC_INDIC),
        "four_four_five": f"{number[:4]} {number[4:8]} {number[8:]}",
    }


@dataclass
class HostileSite:
    """The site's documents, built once from ``seed``; ``ids`` are every full ID it prints."""

    seed: int = 15
    huge_chars: int = 3_000_000
    rows: int = 5_000
    unlabelled: int = 400
    ids: list[str] = field(default_factory=list, repr=False)  # a failing test prints its fixtures
    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict, repr=False)
    """Path → (status, content type, body)."""

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        failing = [synthetic.thai_id(rng) for _ in range(3)]
        self.ids.extend(failing)
        links = [
            f"/uploads/{failing[0]}.pdf",  # 503, retried, then given up
            f"/files/{synthetic.official(failing[1])}.pdf",  # 404
            f"/profile.php?cid={failing[2]}",  # 500
            "/separators.html",
            "/huge.txt",
            "/numbers.xlsx",
            "/unlabelled.html",
        ]
        anchors = [f'<a href="{url}">{url}</a>' for url in links]
        self.pages["/"] = (200, "text/html; charset=utf-8", _html("ดาวน์โหลด", anchors))
        self.pages[links[0]] = (503, "text/plain", b"busy")
        self.pages[links[1]] = (404, "text/plain", b"gone")
        self.pages[links[2]] = (500, "text/plain", b"broken")
        self.pages["/separators.html"] = (200, "text/html; charset=utf-8", self._separators(rng))
        self.pages["/huge.txt"] = (200, "text/plain; charset=utf-8", self._huge(rng))
        self.pages["/numbers.xlsx"] = (200, "application/octet-stream", numeric_cells_xlsx(rng, self.rows))
        self.pages["/unlabelled.html"] = (200, "text/html; charset=utf-8", self._unlabelled(rng))

    def _separators(self, rng: random.Random) -> bytes:
        lines = []
        for name, form in separator_forms(self._new(rng)).items():
            found = self._new(rng)
            lines.append(f"<p>นางสาว ทดสอบ {name} เลขประจำตัวประชาชน {found} ข้าง {form} จบ</p>")
            lines.append(f"<p>{name}: {separator_forms(self._new(rng))[name]}</p>")
        return _html("ประกาศ", lines)

    def _huge(self, rng: random.Random) -> bytes:
        """Valid IDs one a line (not in ``ids``: the check-digit scans catch any), a block repeated."""
        block = "".join(f"{synthetic.thai_id(rng)}\n" for _ in range(5000)).encode()
        return (block * (self.huge_chars // len(block) + 1))[: self.huge_chars]

    def _unlabelled(self, rng: random.Random) -> bytes:
        cells = [f"<tr><td>{n}</td><td>{self._new(rng)}</td></tr>" for n in range(self.unlabelled)]
        return _html("ตาราง", [f"<table>{''.join(cells)}</table>"])

    def _new(self, rng: random.Random) -> str:
        number = synthetic.thai_id(rng)
        self.ids.append(number)
        return number


def _html(title: str, body: list[str]) -> bytes:
    return f"<html><head><title>{title}</title></head><body>{''.join(body)}</body></html>".encode()


def numeric_cells_xlsx(rng: random.Random, rows: int) -> bytes:
    """An XLSX of ``rows`` rows, each a 6-digit and a 7-digit number stored as numbers."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("ข้อมูล")
    for _ in range(rows):
        sheet.append([rng.randrange(10**5, 10**6), rng.randrange(10**6, 10**7)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Handler(BaseHTTPRequestHandler):
    site: HostileSite

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        status, content_type, body = self.site.pages.get(path, (404, "text/plain", b"not found"))
        self.send_response(HTTPStatus(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the crawler's logs, not this server's."""


class HostileServer:
    """Serves a HostileSite on 127.0.0.1 from a thread; ``proxy_url`` is what the crawler uses."""

    def __init__(self, site: HostileSite) -> None:
        handler = type("Handler", (_Handler,), {"site": site})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
