"""How the spider judges a link before it asks for it: document or page, priority, trap or not.

Pure functions of a URL (and its anchor text), so they are cheap to test and the same rules hold in
the spider and in the middlewares. The rules come from what LAO CMSs publish: documents are named by
extension or sit behind ``download``-style handlers; the pages worth visiting first carry the Thai
words of listings (ประกาศ, จัดซื้อจัดจ้าง, เบี้ยยังชีพ, รายชื่อ, ดาวน์โหลด, เอกสาร); traps are calendars,
session ids, query strings that grow without end and paths that repeat themselves.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

DOCUMENT_EXTENSIONS = frozenset(
    "pdf doc docx xls xlsx ppt pptx odt ods odp rtf csv txt zip rar 7z gz tar".split()
    + "jpg jpeg png gif tif tiff bmp".split()
)
"""Extensions of attachments; an HTML answer to such a URL is still treated as a page."""

SKIP_EXTENSIONS = frozenset("css js ico svg woff woff2 ttf eot mp3 mp4 avi mov wmv flv webm swf exe msi apk".split())
"""Never worth a request: no text an identifier could sit in, or too big for nothing."""

LISTING_WORDS = ("ประกาศ", "จัดซื้อจัดจ้าง", "เบี้ยยังชีพ", "รายชื่อ", "ดาวน์โหลด", "เอกสาร", "download", "procure")
"""Words of the menus and links that lead to lists of people and attachments."""

DOWNLOAD_HINTS = re.compile(r"(download|getfile|file\.php|attach|dl\.php|fileupload|/uploads?/)", re.I)

PRIORITY_DOCUMENT = 30
PRIORITY_LISTING = 20
PRIORITY_PAGE = 0

SESSION_PARAMS = frozenset({"sid", "sessionid", "session_id", "phpsessid", "jsessionid", "sess", "aspsessionid"})
CALENDAR_WORDS = re.compile(r"(calendar|ปฏิทิน|/events?/|cal\.php|event\.php)", re.I)
DATE_PARAMS = frozenset({"year", "month", "day", "date", "y", "m", "d", "ym", "cal", "caldate", "week"})
MAX_QUERY_PARAMS = 6
MAX_URL_LENGTH = 400
"""Characters after percent-decoding: Thai file names triple in length when encoded."""
MAX_SEGMENT_REPEATS = 2


def canonical_url(url: str) -> str:
    """The URL without fragment and session-id parameters, so one page is fetched once."""
    parts = urlsplit(url)
    path = re.sub(r";jsessionid=[^/?]*", "", parts.path, flags=re.I)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in SESSION_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc.lower(), path or "/", urlencode(query), ""))


def extension(url: str) -> str:
    """The lower-case extension of the URL's last path segment ('' when none)."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def is_document_url(url: str) -> bool:
    """An attachment by its name or by the download handler that serves it."""
    return extension(url) in DOCUMENT_EXTENSIONS or bool(DOWNLOAD_HINTS.search(url))


def is_skipped(url: str) -> bool:
    """Assets with no text worth scanning."""
    return extension(url) in SKIP_EXTENSIONS


def priority(url: str, text: str) -> int:
    """Documents first, then listing pages, then everything else (breadth-first within each)."""
    if is_document_url(url):
        return PRIORITY_DOCUMENT
    haystack = f"{text} {url}".lower()
    if any(word in haystack for word in LISTING_WORDS):
        return PRIORITY_LISTING
    return PRIORITY_PAGE


def _repeats_segments(path: str) -> bool:
    segments = [s for s in path.split("/") if s]
    if any(n > MAX_SEGMENT_REPEATS for n in Counter(segments).values()):
        return True
    half = len(segments) // 2
    return any(segments[-2 * n : -n] == segments[-n:] for n in range(2, half + 1))


def _is_calendar(url: str, query: list[tuple[str, str]]) -> bool:
    dated = any(k.lower() in DATE_PARAMS and re.fullmatch(r"[\d\-/]+", v) for k, v in query)
    return bool(CALENDAR_WORDS.search(url)) and (dated or bool(re.search(r"/\d{4}/\d{1,2}(/|$)", url)))


def trap_reason(url: str) -> str | None:
    """Why this URL looks like a crawler trap, or None when it looks like an ordinary page."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if len(unquote(url)) > MAX_URL_LENGTH:
        return "url too long"
    if len(query) > MAX_QUERY_PARAMS:
        return "too many query parameters"
    if _repeats_segments(parts.path):
        return "repeated path segments"
    if _is_calendar(url, query):
        return "calendar"
    return None


def path_key(url: str) -> tuple[str, str]:
    """(host, path) without the query: the unit whose distinct query strings are capped."""
    parts = urlsplit(url)
    return parts.netloc.lower(), parts.path


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def site_hosts(home_url: str) -> set[str]:
    """A site's own hosts: its home host with and without ``www.``."""
    host = host_of(home_url)
    bare = host.removeprefix("www.")
    return {host, bare, f"www.{bare}"}
