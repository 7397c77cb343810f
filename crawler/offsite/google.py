"""Google Drive and Google Docs shares: the public download or export URL of a shared file.

Drive links a file as ``/file/d/ID/view`` (or ``/edit``, ``/preview``), ``/open?id=ID`` or
``/uc?id=ID``; the file itself is ``https://drive.google.com/uc?export=download&id=ID``, which
answers only for files shared with anyone who has the link (a private one sends a login page,
which is recorded and never followed). Docs, Sheets and Slides export a file to Office formats at
``/<kind>/d/ID/export?format=docx|xlsx|pptx``. Folders are not listed: that would crawl the host.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qs

from crawler.offsite.base import Family, Target

DRIVE = "https://drive.google.com"
DOCS = "https://docs.google.com"
FILE_ID = re.compile(r"/file/d/([A-Za-z0-9_-]{10,})")
DOC_ID = re.compile(r"^/(document|spreadsheets|presentation)/(?:u/\d+/)?d/([A-Za-z0-9_-]{10,})")
EXPORT_FORMATS = {"document": "docx", "spreadsheets": "xlsx", "presentation": "pptx"}
ID = re.compile(r"^[A-Za-z0-9_-]{10,}$")


def download_url(file_id: str) -> str:
    return f"{DRIVE}/uc?export=download&id={file_id}"


def drive(parts: SplitResult) -> Target | None:
    """A Drive file link → its download URL (``docs.google.com/file/d/ID`` is an old Drive link)."""
    found = FILE_ID.search(parts.path)
    if found:
        return Target(download_url(found.group(1)))
    if parts.path.rstrip("/") in ("/open", "/uc"):
        ids = parse_qs(parts.query).get("id", [])
        if ids and ID.match(ids[0]):
            return Target(download_url(ids[0]))
    return None


def docs(parts: SplitResult) -> Target | None:
    """A Docs, Sheets or Slides link → its Office export (or a Drive file's download)."""
    found = DOC_ID.match(parts.path)
    if found is None:
        return drive(parts)
    kind, doc_id = found.groups()
    return Target(f"{DOCS}/{kind}/d/{doc_id}/export?format={EXPORT_FORMATS[kind]}")


FAMILIES = (
    Family("google-drive", frozenset({"drive.google.com"}), drive),
    Family("google-docs", frozenset({"docs.google.com"}), docs),
)
