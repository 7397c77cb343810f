"""One site's plan: its documents over the days, its CMS style, and the URL of everything.

A plan is derived from (seed, LAO code, position in the world) alone and is cheap (well under a
millisecond), so the server builds plans on demand and keeps only a small LRU of them: that is what
lets 7,850 sites start in seconds.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote

from seeds.model import Lao
from simweb import formats, reach, spam
from simweb.content import thai_date
from simweb.model import DOC_FAULTS, HTTPS_FAULTS, SITE_EXTRAS, SITE_FAULTS, DocPlan, SiteSpec

SECTION_IDS = {"news": 1, "procurement": 2, "oit": 3, "allowance": 4, "download": 5}
SECTION_NAMES = {
    "news": "ข่าวประชาสัมพันธ์",
    "procurement": "ประกาศจัดซื้อจัดจ้าง",
    "oit": "ข้อมูลข่าวสาร (OIT)",
    "allowance": "เบี้ยยังชีพ",
    "download": "ดาวน์โหลดเอกสาร",
}
TITLES = {
    "allowance": "ประกาศรายชื่อผู้มีสิทธิ์รับเงินเบี้ยยังชีพผู้สูงอายุ",
    "procurement": "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (สขร.๑)",
    "applicants": "ประกาศรายชื่อผู้สมัครคัดเลือกเป็นพนักงานจ้าง",
    "minutes": "รายงานการประชุมสภา",
    "news": "ข่าวประชาสัมพันธ์กิจกรรม",
    "form": "แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ",
}
SECTION_KINDS = {
    "news": (("news", 1),),
    "procurement": (("procurement", 1),),
    "oit": (("minutes", 2), ("applicants", 1)),
    "allowance": (("allowance", 1),),
    "download": (("applicants", 1), ("allowance", 1), ("minutes", 1)),
}
NORMAL = {"news": (3, 6), "procurement": (2, 6), "oit": (2, 4), "allowance": (1, 3), "download": (1, 3)}
SITE_SIZES = {
    "normal": NORMAL,
    "small": {"news": (1, 1), "procurement": (1, 1), "oit": (1, 1), "allowance": (1, 1), "download": (0, 1)},
    "scanned": NORMAL,
}
"""Items per section (low, high). ``small`` sites (about 8 documents, 10 pages) keep a national
7,850-site crawl benchmark to minutes; ``normal`` ones (about 20 documents) look like real LAO sites;
``scanned`` ones are normal sites whose printed documents are scans, but for the central forms and
the fault documents (an OCR-bound first sweep, as most signed announcements are scans: ``bench.cluster``)."""
FORMAT_WEIGHTS = {
    "pdf": 40, "html": 12, "xlsx": 10, "docx": 10, "xls": 7, "csv": 4, "zip": 4,
    "scan_pdf": 3, "png": 2, "jpg": 2, "doc": 1,
}  # fmt: skip
SCANNED_WEIGHTS = {"scan_pdf": 8, "png": 1, "jpg": 1}
"""Formats of a ``scanned`` site's printed documents."""
LEAK_WEIGHTS = {"masked": 62, "all": 16, "phones": 9, "some": 13}
SHARED_FORMS = ((9001, "pdf"), (9002, "docx"))
STYLES = ("joomla", "php", "wp")
PAGE_SIZE = {"joomla": 5, "php": 8, "wp": 6}
ROBOTS_PREFIX = "/intranet/"
FAULT_DOC_KINDS = {"corrupt_pdf": "pdf", "zip_bomb": "zip", "robots": "pdf"}


@dataclass(frozen=True, slots=True)
class Route:
    """What a URL on a site serves."""

    kind: str  # home, listing, detail, file, robots, redirect, calendar, webboard, api, spam, cloaked, sitemap, media
    section: str = ""
    page: int = 1
    doc: DocPlan | None = None
    target: str = ""


def site_faults(position: int) -> frozenset[str]:
    return frozenset(name for name, (period, phase) in SITE_FAULTS.items() if position % period == phase)


def site_extras(position: int, style: str) -> frozenset[str]:
    placed = {name for name, (period, phase) in SITE_EXTRAS.items() if position % period == phase}
    return frozenset(placed | ({"wp-media"} if style == "wp" else set()))


def site_spec(seed: int, position: int, lao: Lao, host: str) -> SiteSpec:
    """The public description of a site: cheap, computed for every site at start-up."""
    rng = random.Random(f"{seed}|{lao.code}|site")
    style = STYLES[rng.randrange(3)]
    encoding = rng.choices(("utf-8", "tis-620", "windows-874"), weights=(70, 20, 10))[0]
    down_from = rng.randint(1, 8) if rng.random() < 0.06 else None
    faults = site_faults(position)
    return SiteSpec(
        lao_code=lao.code,
        host=host,
        home_url=f"{'https' if faults & HTTPS_FAULTS else 'http'}://{host}/",
        faults=faults,
        needs_js=position % 10 == 7,
        style=style,
        encoding=encoding,
        down_from=down_from,
        extras=site_extras(position, style),
    )


@dataclass
class SitePlan:
    """Every document and URL of one site on one day."""

    seed: int
    lao: Lao
    spec: SiteSpec
    day: int
    docs: tuple[DocPlan, ...]
    routes: dict[tuple[str, tuple[tuple[str, str], ...]], Route] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._build_routes()

    @property
    def live_docs(self) -> list[DocPlan]:
        return [doc for doc in self.docs if doc.variant(self.day) is not None]

    def section_docs(self, section: str) -> list[DocPlan]:
        """A section's documents, newest first."""
        docs = (d for d in self.live_docs if d.section == section and d.listed)
        return sorted(docs, key=lambda d: (d.date_index, d.doc_id))

    def page_count(self, section: str) -> int:
        size = PAGE_SIZE[self.spec.style]
        return max(1, -(-len(self.section_docs(section)) // size))

    def page_docs(self, section: str, page: int) -> list[DocPlan]:
        size = PAGE_SIZE[self.spec.style]
        return self.section_docs(section)[(page - 1) * size : page * size]

    # URLs ---------------------------------------------------------------------------------------
    @property
    def home_path(self) -> str:
        return "/main/index.php" if "redirects" in self.spec.faults else "/"

    def listing_path(self, section: str, page: int = 1) -> str:
        sid, style = SECTION_IDS[section], self.spec.style
        if style == "joomla":
            start = f"&limitstart={(page - 1) * PAGE_SIZE[style]}" if page > 1 else ""
            return f"/index.php?option=com_content&view=category&id={sid}{start}"
        if style == "php":
            return f"/news.php?cat={sid}" + (f"&page={page}" if page > 1 else "")
        return f"/category/{section}/" + (f"page/{page}/" if page > 1 else "")

    def detail_path(self, doc: DocPlan) -> str:
        style = self.spec.style
        if style == "joomla":
            return f"/index.php?option=com_content&view=article&id={doc.doc_id}&catid={SECTION_IDS[doc.section]}"
        if style == "php":
            return f"/news_detail.php?id={doc.doc_id}"
        return f"/archives/{doc.doc_id}"

    def file_name(self, doc: DocPlan) -> str:
        """The name a user sees for the file (Content-Disposition, link text)."""
        return f"{doc.title.split(' ')[0]}-{doc.doc_id}.{formats.extension(doc.fmt)}"

    def file_path(self, doc: DocPlan) -> str:
        """The file's address on the site (an off-site file's share link is a whole URL)."""
        if doc.via == "off-site":
            return reach.share_url(self.lao.code, doc)
        ext = formats.extension(doc.fmt)
        if doc.fault == "robots":
            return f"{ROBOTS_PREFIX}files/doc-{doc.doc_id}.{ext}"
        style = self.spec.style
        if doc.section == "download" and self.spec.needs_js and style != "php":
            return f"/dl.php?id={doc.doc_id}"  # the address the JS listing builds
        if style == "joomla":
            return f"/images/files/doc-{doc.doc_id}.{ext}"
        if style == "php":
            return f"/download.php?id={doc.doc_id}"
        return f"/wp-content/uploads/2567/{doc.date_index % 12 + 1:02d}/{quote(self.file_name(doc))}"

    def doc_url(self, doc: DocPlan) -> str:
        """Where the document's bytes are: a file, or the detail page for an HTML table."""
        if doc.via == "off-site":
            return reach.direct_url(self.lao.code, doc)
        path = self.detail_path(doc) if doc.fmt == "html" else self.file_path(doc)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.spec.scheme}://{self.spec.host}{path}"

    @property
    def spam_urls(self) -> list[str]:
        """The injected spam pages (ground truth; the cloaked page is ``spam.CLOAKED_PATH``)."""
        return [self.url(path) for path in spam.spam_paths()] if "spam" in self.spec.faults else []

    # routing ------------------------------------------------------------------------------------
    def _add(self, path: str, route: Route) -> None:
        self.routes[route_key(path)] = route

    def _build_routes(self) -> None:
        self._add("/robots.txt", Route("robots"))
        self._add(self.home_path, Route("home"))
        if "redirects" in self.spec.faults:
            self._add("/", Route("redirect", target="/index.php"))
            self._add("/index.php", Route("redirect", target="/main/"))
            self._add("/main/", Route("redirect", target="/main/index.php"))
        else:
            self._add("/index.php", Route("home"))
        if "redirect_loop" in self.spec.faults:
            self._add("/eoffice/", Route("redirect", target="/eoffice/login.php"))
            self._add("/eoffice/login.php", Route("redirect", target="/eoffice/"))
        for section in SECTION_IDS:
            for page in range(1, self.page_count(section) + 1):
                self._add(self.listing_path(section, page), Route("listing", section, page))
            self._add(f"/api/items.php?cat={SECTION_IDS[section]}", Route("api", section))
        for doc in self.live_docs:
            if doc.section != "download":
                self._add(self.detail_path(doc), Route("detail", doc.section, doc=doc))
            if doc.fmt != "html" and doc.via != "off-site":
                self._add(self.file_path(doc), Route("file", doc.section, doc=doc))

    def resolve(self, path: str, query: str) -> Route | None:
        route = self.routes.get(route_key(f"{path}?{query}" if query else path))
        if route is not None:
            return route
        if "calendar" in self.spec.faults and path == "/calendar.php":
            return Route("calendar")
        if "session_ids" in self.spec.faults and path in ("/webboard/index.php", "/webboard/topic.php"):
            return Route("webboard")
        if "spam" in self.spec.faults:
            number = spam.spam_number(path)
            if number is not None:
                return Route("spam", page=number)
            if path == spam.CLOAKED_PATH:
                return Route("cloaked")
        if path in reach.SITEMAP_PATHS and "sitemap" in self.spec.extras:
            return Route("sitemap", target=path)
        if path == "/wp-json/wp/v2/media" and "wp-media" in self.spec.extras:
            return Route("media")
        return None


def route_key(path_and_query: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Path (percent-decoded) and sorted query pairs: the same resource whatever the parameter order."""
    path, _, query = path_and_query.partition("?")
    return unquote(path), tuple(sorted(parse_qsl(query, keep_blank_values=True)))


def build_docs(seed: int, lao: Lao, spec: SiteSpec, *, allow_doc: bool, size: str = "normal") -> tuple[DocPlan, ...]:
    """All documents a site will ever publish (days 0..), with their fates."""
    rng = random.Random(f"{seed}|{lao.code}|docs")
    docs: list[DocPlan] = []
    next_id = rng.randint(100, 900)
    for section, (low, high) in SITE_SIZES[size].items():
        for _ in range(rng.randint(low, high) + (1 if size != "small" and rng.random() < 0.3 else 0)):
            kind = _pick_kind(rng, section)
            born = 0 if rng.random() < 0.85 else rng.randint(1, 6)
            weights = SCANNED_WEIGHTS if size == "scanned" else FORMAT_WEIGHTS
            docs.append(_doc(rng, next_id, section, kind, born, allow_doc, weights))
            next_id += rng.randint(1, 7)
    for doc_id, fmt in SHARED_FORMS:
        docs.append(DocPlan(doc_id, "download", "form", fmt, TITLES["form"], 200, "none", shared=True))
    for fault in sorted(spec.faults & set(DOC_FAULTS)):
        docs.append(_fault_doc(next_id, fault))
        next_id += 1
    docs += reach.unlinked_docs(seed, lao.code, spec.extras, next_id)
    return tuple(docs)


def _pick_kind(rng: random.Random, section: str) -> str:
    kinds = SECTION_KINDS[section]
    return rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]


def _doc(
    rng: random.Random, doc_id: int, section: str, kind: str, born: int, allow_doc: bool, formats: dict[str, int]
) -> DocPlan:
    if kind == "news":
        fmt = "html"
    else:
        fmt = rng.choices(list(formats), weights=list(formats.values()))[0]
        if (fmt == "doc" and not allow_doc) or (fmt == "html" and section == "download"):
            fmt = "docx" if fmt == "doc" else "pdf"
    if kind in ("news", "minutes"):
        leak = "all" if rng.random() < 0.15 else "none"
    else:
        leak = rng.choices(list(LEAK_WEIGHTS), weights=list(LEAK_WEIGHTS.values()))[0]
    fixed_day = gone_day = None
    if leak not in ("none", "masked"):
        fixed_day = rng.randint(1, 6) if rng.random() < 0.5 else None
        gone_day = rng.randint(1, 6) if rng.random() < 0.15 else None
    date_index = max(0, rng.randint(0, 360) - born * 7) if born == 0 else -born
    title = f"{TITLES[kind]} {_title_suffix(rng, kind, date_index)}"
    return DocPlan(doc_id, section, kind, fmt, title, date_index, leak, born, fixed_day, gone_day)


_POSITIONS = ("ผู้ช่วยเจ้าพนักงานธุรการ", "พนักงานขับรถยนต์", "ผู้ดูแลเด็ก", "คนงานทั่วไป", "ผู้ช่วยนายช่างโยธา")
_ACTIVITIES = ("โครงการวันผู้สูงอายุ", "กิจกรรมวันเด็กแห่งชาติ", "รณรงค์ป้องกันไข้เลือดออก", "ประชาคมหมู่บ้าน")


def _title_suffix(rng: random.Random, kind: str, date_index: int) -> str:
    """What tells one item of a listing from the next, as LAO editors write it."""
    month_year = thai_date(date_index).split(" ", 1)[1]
    return {
        "procurement": f"ประจำเดือน {month_year}",
        "allowance": f"ประจำปีงบประมาณ {month_year.rsplit(' ', 1)[1]}",
        "applicants": f"ตำแหน่ง{rng.choice(_POSITIONS)}",
        "minutes": f"สมัยสามัญ สมัยที่ {rng.randint(1, 4)}/{month_year.rsplit(' ', 1)[1]}",
        "news": rng.choice(_ACTIVITIES),
    }[kind]


def _fault_doc(doc_id: int, fault: str) -> DocPlan:
    fmt = FAULT_DOC_KINDS.get(fault, "pdf")
    leak = "all" if fault == "robots" else "none"
    kind = "allowance" if fault == "robots" else "minutes"
    return DocPlan(doc_id, "oit", kind, fmt, f"{TITLES[kind]} ({fault})", 30, leak, fault=fault)


def etag(seed: int, lao_code: str, doc: DocPlan, variant: int) -> str:
    owner = "shared" if doc.shared else lao_code
    digest = hashlib.sha1(f"{seed}|{owner}|{doc.doc_id}|{variant}|{doc.fmt}".encode(), usedforsecurity=False)
    return f'"{digest.hexdigest()[:20]}"'
