"""Off-site file hosts: each family turns a public share into its download URL, and nothing else.

One table per family (link as an LAO page writes it → what the crawler fetches, or None when the
link is no file share: a folder, a home page). Every answer must resolve to itself, since the
direct URL is what later sweeps find stored.
"""

from __future__ import annotations

import pytest

from crawler import offsite
from crawler.offsite import Resolver, Target, viewers

FILE_ID = "1AbCdEfGhIjKlMnOpQr"
DRIVE_FILE = f"https://drive.google.com/uc?export=download&id={FILE_ID}"

GOOGLE = [
    (f"https://drive.google.com/file/d/{FILE_ID}/view?usp=sharing", DRIVE_FILE),
    (f"https://drive.google.com/file/d/{FILE_ID}/edit", DRIVE_FILE),
    (f"https://drive.google.com/open?id={FILE_ID}", DRIVE_FILE),
    (f"https://drive.google.com/uc?id={FILE_ID}&export=download", DRIVE_FILE),
    (f"https://docs.google.com/file/d/{FILE_ID}/edit", DRIVE_FILE),
    (
        f"https://docs.google.com/spreadsheets/d/{FILE_ID}/edit#gid=0",
        f"https://docs.google.com/spreadsheets/d/{FILE_ID}/export?format=xlsx",
    ),
    (
        f"https://docs.google.com/document/d/{FILE_ID}/edit?usp=sharing",
        f"https://docs.google.com/document/d/{FILE_ID}/export?format=docx",
    ),
    (
        f"https://docs.google.com/presentation/d/{FILE_ID}/pub",
        f"https://docs.google.com/presentation/d/{FILE_ID}/export?format=pptx",
    ),
    (f"https://drive.google.com/drive/folders/{FILE_ID}", None),
    ("https://drive.google.com/", None),
    ("https://drive.google.com/open?id=short", None),
    ("https://docs.google.com/forms/d/e/1FAIpQLSe/viewform", None),
]

ONEDRIVE = [
    (
        "https://1drv.ms/b/s!AbCdEf",
        "https://api.onedrive.com/v1.0/shares/u!aHR0cHM6Ly8xZHJ2Lm1zL2IvcyFBYkNkRWY/root/content",
    ),
    ("https://1drv.ms/f/s!AbCdEf", None),
    ("https://onedrive.live.com/", None),
    (
        "https://tenant.sharepoint.com/:x:/g/personal/a/EabC?e=1",
        "https://tenant.sharepoint.com/:x:/g/personal/a/EabC?e=1&download=1",
    ),
    ("https://tenant.sharepoint.com/:f:/g/personal/a/EabC", None),
    ("https://tenant.sharepoint.com/sites/office/", None),
]

DROPBOX = [
    ("https://www.dropbox.com/s/abc123/list.pdf?dl=0", "https://www.dropbox.com/s/abc123/list.pdf?dl=1"),
    (
        "https://www.dropbox.com/scl/fi/abc123/list.xlsx?rlkey=k1&dl=0",
        "https://www.dropbox.com/scl/fi/abc123/list.xlsx?rlkey=k1&dl=1",
    ),
    ("https://dl.dropboxusercontent.com/s/abc123/list.pdf", "https://dl.dropboxusercontent.com/s/abc123/list.pdf"),
    ("https://www.dropbox.com/sh/abc123/folder?dl=0", None),
    ("https://www.dropbox.com/scl/fo/abc123/folder", None),
]

VIEWERS = [
    ("https://online.fliphtml5.com/abcd/efgh/", Target("https://online.fliphtml5.com/abcd/efgh/", viewer=True)),
    ("https://anyflip.com/abcd/efgh", Target("https://anyflip.com/abcd/efgh", viewer=True)),
    ("https://issuu.com/someone/docs/report", Target("https://issuu.com/someone/docs/report", viewer=True)),
    ("https://issuu.com/someone", None),
    (
        "http://www.sao.go.th/flowpaper/index.php?PDFFile=docs/list.pdf",
        Target("http://www.sao.go.th/flowpaper/docs/list.pdf"),
    ),
    ("https://flowpaper.com/flipbook/abc/", Target("https://flowpaper.com/flipbook/abc/", viewer=True)),
    (
        "https://online.fliphtml5.com/abcd/efgh/files/a.pdf",
        Target("https://online.fliphtml5.com/abcd/efgh/files/a.pdf"),
    ),
]


def _url(target: Target | None) -> str | None:
    return target.url if target is not None else None


@pytest.mark.parametrize(("link", "direct"), GOOGLE + ONEDRIVE + DROPBOX)
def test_a_public_share_becomes_its_download_url(link: str, direct: str | None) -> None:
    target = offsite.resolve(link)
    assert _url(target) == direct
    assert target is None or not target.viewer


@pytest.mark.parametrize(("link", "expected"), VIEWERS)
def test_a_viewer_names_its_pdf_or_is_read_once(link: str, expected: Target | None) -> None:
    assert offsite.resolve(link) == expected


@pytest.mark.parametrize("link", [row[0] for row in GOOGLE + ONEDRIVE + DROPBOX + VIEWERS])
def test_a_resolved_url_resolves_to_itself(link: str) -> None:
    target = offsite.resolve(link)
    if target is not None:
        assert offsite.resolve(target.url) == target


@pytest.mark.parametrize(
    "link", ["https://www.facebook.com/sao", "http://www.dla.go.th/", "https://drive.google.com.evil.test/file/d/x"]
)
def test_unknown_hosts_are_not_resolved(link: str) -> None:
    assert offsite.resolve(link) is None


@pytest.mark.parametrize(
    ("html", "pdf"),
    [
        ('<script>var bookConfig={"downloadURL":"https:\\/\\/online.fliphtml5.com\\/a\\/b\\/files\\/x.pdf"};</script>',
         "https://online.fliphtml5.com/a/b/files/x.pdf"),
        ("<script>$('#v').FlowPaperViewer({config:{PDFFile:'docs/list.pdf', Scale:0.6}});</script>",
         "https://host.test/viewer/docs/list.pdf"),
        ('<a href="/files/report.PDF?v=2">download</a>', "https://host.test/files/report.PDF?v=2"),
        ("<p>no document here</p>", None),
    ],
)  # fmt: skip
def test_the_pdf_in_a_viewer_page_is_found(html: str, pdf: str | None) -> None:
    assert viewers.pdf_in(html, "https://host.test/viewer/index.html") == pdf


def test_an_alias_is_resolved_by_the_real_rules_and_answered_on_the_alias() -> None:
    resolver = Resolver({"http://drive.google.sim": "https://drive.google.com"})
    target = resolver.resolve(f"http://drive.google.sim/file/d/{FILE_ID}/view")
    assert target == Target(f"http://drive.google.sim/uc?export=download&id={FILE_ID}")
    assert resolver.resolve("http://drive.google.simulated/file/d/x") is None
    assert Resolver().resolve(f"http://drive.google.sim/file/d/{FILE_ID}/view") is None


def test_a_viewer_page_of_one_huge_token_is_read_in_one_pass() -> None:
    """No backtracking over a megabyte without delimiters (an inline blob): read, nothing found."""
    blob = "x" * 1_000_000
    assert viewers.pdf_in(f"<script>var b='{blob}.pdfx{blob}';</script>", "https://host.test/") is None
    page = f"<script>var b='{blob}'; var c='/files/a.pdf';</script>"
    assert viewers.pdf_in(page, "https://host.test/") == "https://host.test/files/a.pdf"
