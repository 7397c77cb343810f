"""Playing an LAO coordinator: the portal link from an alert mail, and the portal's forms over HTTP.

Shared by the portal's tests and the demo (which acts as the coordinators of the simulated LAOs).
Everything goes to the portal on loopback; nothing here talks to any other address.
"""

from __future__ import annotations

import email
import email.policy
import http.cookiejar
import mailbox
import re
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from email.message import EmailMessage
from pathlib import Path

LINK = re.compile(r"https?://[^\s\"'<>]+/p/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def mail_links(maildir: Path) -> dict[str, str]:
    """The portal link of each digest in a Maildir, by the LAO code its subject names."""
    links: dict[str, str] = {}
    for raw in mailbox.Maildir(str(maildir), create=False):
        msg = email.message_from_bytes(raw.as_bytes(), policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        text = "".join(part.get_content() for part in msg.walk() if part.get_content_type() == "text/plain")
        found = LINK.search(text)
        code = re.search(r"\((\d+)\)", str(msg["Subject"]))
        if found and code:
            links[code.group(1)] = found.group(0)
    return links


class Coordinator:
    """One coordinator's browser, reduced to a cookie jar: open the link, read the page, post forms."""

    def __init__(self, link: str, timeout: float = 30.0) -> None:
        parts = urllib.parse.urlsplit(link)
        self.base = f"{parts.scheme}://{parts.netloc}"
        self.link = link
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _open(self, url: str, data: bytes | None = None) -> tuple[int, str]:
        """GET (or POST ``data`` to) ``url`` of the portal: (status, page) after any redirect."""
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"not a portal address: {url!r}")
        request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")  # noqa: S310 - http(s) only, checked above
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                return int(answer.status), answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read().decode("utf-8", "replace")

    def open(self) -> tuple[int, str]:
        """Follow the mail's link (the portal sets its cookie and sends the browser to the page)."""
        return self._open(self.link)

    def page(self) -> tuple[int, str]:
        return self._open(f"{self.base}/")

    def post(self, path: str, fields: Sequence[tuple[str, str]]) -> tuple[int, str]:
        """Post a form with the CSRF field of the current page."""
        _, html = self.page()
        found = CSRF.search(html)
        data = urllib.parse.urlencode([("csrf", found.group(1) if found else ""), *fields]).encode()
        return self._open(f"{self.base}{path}", data)

    def acknowledge(self, case_ids: Iterable[int]) -> tuple[int, str]:
        return self.post("/ack", [("case", str(i)) for i in case_ids])

    def report_fixed(self, url: str) -> tuple[int, str]:
        return self.post("/fixed", [("url", url)])
