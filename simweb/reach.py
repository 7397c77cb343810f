"""What a link-following crawl cannot reach, simulated: files on off-site hosts, unlinked uploads.

Some sites link files they keep elsewhere: a PDF on a Drive-like host (``drive.google.sim``,
shared as ``/file/d/ID/view``, downloaded at ``/uc?export=download&id=ID``), a workbook on a
Docs-like host (``docs.google.sim``, exported at ``/spreadsheets/d/ID/export?format=xlsx``) and a
PDF wrapped in a flip-book viewer (``online.fliphtml5.sim``, whose page names the PDF in its script
configuration). ``ALIASES`` maps each simulated origin to the real one a resolver knows.

Other sites keep documents no page links: a page and a file listed only by their sitemaps (an index
named in robots.txt on some, a plain ``/sitemap.xml`` on others), an upload listed only by a
WordPress site's media API (every WordPress-style site has one), and an old file only an archive's
CDX index remembers (``archive.sim``), next to old addresses that the live site no longer serves.
The archive serves its index and nothing else: any other request to it is counted, and the scope
tests require none. Every such document is in the truth with ``found_by`` saying the one way it is
reachable. The lists themselves (sitemaps, media API, archive rows) are drawn by ``simweb.lists``.
"""

from __future__ import annotations

import json
import random
import re
from html import escape
from urllib.parse import parse_qs, urlsplit

from simweb.model import DocPlan

DRIVE_HOST = "drive.google.sim"
DOCS_HOST = "docs.google.sim"
VIEWER_HOST = "online.fliphtml5.sim"
ARCHIVE_HOST = "archive.sim"
CDX_PATH = "/cdx/search/cdx"
FILE_HOSTS = frozenset({DRIVE_HOST, DOCS_HOST, VIEWER_HOST})
ALIASES = {
    f"http://{DRIVE_HOST}": "https://drive.google.com",
    f"http://{DOCS_HOST}": "https://docs.google.com",
    f"http://{VIEWER_HOST}": "https://online.fliphtml5.com",
}
"""Simulated origin → the real origin whose rules apply (``crawl.offsite_aliases`` in test and demo)."""
ARCHIVE_URL = f"http://{ARCHIVE_HOST}{CDX_PATH}"
SHARES = (("drive", "pdf"), ("sheets", "xlsx"), ("viewer", "pdf"))
"""The off-site files of a site with the ``offsite`` extra: (where it is shared, its format)."""
SITEMAP_PATHS = frozenset({"/sitemap.xml", "/sitemap_index.xml", "/sitemap-pages.xml", "/sitemap-files.xml"})
"""Where sites with the ``sitemap`` extra may answer (``simweb.lists.sitemap`` says which they do)."""
GONE_IDS = (7001, 7002)
"""Document ids of old addresses the archive lists and the live site no longer serves."""
FILE_ID = re.compile(r"^1sim(\d+)x(\d+)$")
BOOK = re.compile(r"^/(\d+)x(\d+)/book/(files/large/doc-\d+\.pdf)?$")


def unlinked_docs(seed: int, lao_code: str, extras: frozenset[str], next_id: int) -> list[DocPlan]:
    """The site's documents reachable only off its links, old and stable, each printing some of its
    numbers in full (as an ordinary leaking document does: "all" tripled a sweep's findings)."""
    rng = random.Random(f"{seed}|{lao_code}|unlinked")
    docs: list[DocPlan] = []

    def add(section: str, kind: str, fmt: str, via: str, share: str = "") -> None:
        title = f"{_TITLES[kind]} (ฉบับเดิม {len(docs) + 1})"
        doc_id = next_id + len(docs)
        docs.append(DocPlan(doc_id, section, kind, fmt, title, rng.randint(400, 900), "some", via=via, share=share))

    if "offsite" in extras:
        for share, fmt in SHARES:
            add("oit", "allowance", fmt, "off-site", share)
    if "sitemap" in extras:
        add("oit", "applicants", "html", "sitemap")
        add("download", "allowance", rng.choice(("pdf", "xlsx")), "sitemap")
    if "wp-media" in extras:
        add("download", "allowance", "pdf", "wp-media")
    if "archive" in extras:
        add("download", "applicants", rng.choice(("pdf", "docx")), "archive")
    return docs


_TITLES = {
    "allowance": "ประกาศรายชื่อผู้มีสิทธิ์รับเงินเบี้ยยังชีพผู้สูงอายุ",
    "applicants": "ประกาศรายชื่อผู้สมัครคัดเลือกเป็นพนักงานจ้าง",
}


# off-site files -----------------------------------------------------------------------------------
ADDRESSES = {
    "drive": (
        f"http://{DRIVE_HOST}/file/d/1sim{{code}}x{{doc}}/view?usp=sharing",
        f"http://{DRIVE_HOST}/uc?export=download&id=1sim{{code}}x{{doc}}",
    ),
    "sheets": (
        f"http://{DOCS_HOST}/spreadsheets/d/1sim{{code}}x{{doc}}/edit?usp=sharing",
        f"http://{DOCS_HOST}/spreadsheets/d/1sim{{code}}x{{doc}}/export?format=xlsx",
    ),
    "viewer": (
        f"http://{VIEWER_HOST}/{{code}}x{{doc}}/book/",
        f"http://{VIEWER_HOST}/{{code}}x{{doc}}/book/files/large/doc-{{doc}}.pdf",
    ),
}
"""Per file host: (the link an LAO page shows, where the file's bytes are), in the host's real path
shapes; a file's id names its LAO and document (``FILE_ID``)."""


def share_url(lao_code: str, doc: DocPlan) -> str:
    """The link the LAO's page shows for an off-site file."""
    return ADDRESSES[doc.share][0].format(code=lao_code, doc=doc.doc_id)


def direct_url(lao_code: str, doc: DocPlan) -> str:
    """Where the file's bytes are: what a crawler must fetch, and the truth's URL for it."""
    return ADDRESSES[doc.share][1].format(code=lao_code, doc=doc.doc_id)


def locate(host: str, path: str, query: str) -> tuple[str, int, str] | None:
    """(LAO code, document id, what is asked: file, viewer or share page) of a file-host URL."""
    if host == VIEWER_HOST:
        book = BOOK.match(path)
        return (book.group(1), int(book.group(2)), "file" if book.group(3) else "viewer") if book else None
    if host == DRIVE_HOST and path == "/uc":
        ident, what = (parse_qs(query).get("id") or [""])[0], "file"
    elif host == DRIVE_HOST and path.startswith("/file/d/"):
        ident, what = path.split("/")[3], "share"
    elif host == DOCS_HOST and path.startswith("/spreadsheets/d/"):
        ident = path.split("/")[3]
        what = "file" if path.endswith("/export") and parse_qs(query).get("format") == ["xlsx"] else "share"
    else:
        return None
    found = FILE_ID.match(ident)
    return (found.group(1), int(found.group(2)), what) if found else None


def viewer_page(lao_code: str, doc: DocPlan) -> str:
    """A flip-book page: the PDF is named only in the script's configuration (escaped as JSON)."""
    config = json.dumps({"bookTitle": doc.title, "downloadURL": direct_url(lao_code, doc)}, ensure_ascii=False)
    config = config.replace("/", "\\/")  # as PHP's json_encode writes it
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(doc.title)} - FlipHTML5</title>'
        f"<script>var bookConfig = {config};</script></head>"
        '<body><div id="flipbook-container"></div><a href="https://fliphtml5.sim/">FlipHTML5</a></body></html>'
    )


def share_page(doc: DocPlan) -> str:
    """What a browser sees at a share link: the host's viewer, not the file."""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(doc.title)}</title></head>'
        '<body><div role="main">ดูตัวอย่างไฟล์</div><a href="/signin">ลงชื่อเข้าใช้</a></body></html>'
    )


def cdx_rows(urls: list[str]) -> str:
    """Wayback's JSON output: a header row, then one row per capture."""
    header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
    rows = [[urlsplit(u).path, "20220315000000", u, "application/pdf", "200", "SIM", "1000"] for u in urls]
    return json.dumps([header, *rows])
