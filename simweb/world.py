"""The simulated web as data: which sites exist, their plans, document bytes and the ground truth.

``World`` holds only the cheap per-site specs for every site; plans are rebuilt on demand behind a
small LRU and document bytes are generated on first request and cached on disk under ``cache_dir``,
keyed by (seed, owner, document, variant), so an unchanged document keeps its bytes across days.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections import Counter, OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from detectors.fingerprint import fingerprint
from seeds.model import Lao
from simweb import formats
from simweb.content import Content, content_for
from simweb.laos import choose, hosts_for
from simweb.model import OCR_FORMATS, UNREACHABLE_REASON, VIA, DocPlan, SiteSpec
from simweb.plan import SITE_SIZES, SitePlan, build_docs, etag, site_spec

BASE_DATE = datetime(2024, 6, 1, 9, 0, 0, tzinfo=UTC)
PLAN_CACHE = 256
NO_BYTES = frozenset({"timeout", "reset", "server_error", "not_found", "huge"})
"""Document faults the server plays without ever rendering the document's bytes."""
GENERATOR = hashlib.sha1(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("content.py", "formats.py", "model.py", "plan.py", "reach.py", "world.py")
    ),
    usedforsecurity=False,
).hexdigest()[:10]
"""Names the cache folder after the generating code, so a cache kept across runs (the demo's) is never
served stale after simweb changes."""
DECOY_KINDS = frozenset({"procurement"})  # only procurement summaries name companies


@dataclass(frozen=True, slots=True)
class TruthDoc:
    """One document (or archive member, ``url!member``) as the ground truth sees it."""

    url: str
    lao_code: str
    fmt: str
    leaks: frozenset[tuple[str, str]]  # (kind, fingerprint) printed in full: thai_id, phone
    decoys: frozenset[tuple[str, str]]  # (juristic_id, fingerprint): company tax IDs, not personal data
    unreachable: str  # "" when a crawler can fetch it; else why not (robots, not_found, dead_host, ...)
    needs_js: bool  # linked only from a listing that JavaScript builds
    found_by: str = "link"  # the one way a crawler reaches it (model.VIA)

    @property
    def ocr(self) -> bool:
        return self.fmt in OCR_FORMATS


@dataclass(frozen=True, slots=True)
class Truth:
    """What the simulated web leaks on one day, computed with one fingerprint key."""

    seed: int
    day: int
    documents: tuple[TruthDoc, ...]
    spam: tuple[str, ...] = ()
    """The injected gambling spam pages (``simweb.spam``): none holds an identifier."""

    def expected(
        self,
        *,
        js: bool = True,
        ocr: bool = True,
        obey_robots: bool = True,
        archive: bool = False,
        via: Collection[str] = VIA,
    ) -> dict[str, frozenset[tuple[str, str]]]:
        """Leaks per URL that a crawler with these abilities should report (only URLs that leak):
        with ``archive`` it asks an archive's index too; ``via`` keeps the documents reachable only
        those ways."""

        def fetchable(doc: TruthDoc) -> bool:
            if doc.found_by not in via or (doc.found_by == "archive" and not archive):
                return False
            if doc.unreachable == "robots":
                return not obey_robots
            return not doc.unreachable and (js or not doc.needs_js) and (ocr or not doc.ocr)

        return {doc.url: doc.leaks for doc in self.documents if doc.leaks and fetchable(doc)}

    @property
    def unreachable(self) -> dict[str, str]:
        return {doc.url: doc.unreachable for doc in self.documents if doc.unreachable}

    @property
    def needs_js(self) -> frozenset[str]:
        return frozenset(doc.url for doc in self.documents if doc.needs_js)

    def summary(self) -> dict[str, int]:
        """Counts for people: documents, leaking URLs and values, JS-only and unreachable ones by reason."""
        counts = Counter(f"unreachable_{doc.unreachable}" for doc in self.documents if doc.unreachable)
        expected = self.expected()
        counts.update(
            documents=len(self.documents),
            leaking_urls=len(expected),
            leaked_values=sum(len(pairs) for pairs in expected.values()),
            js_only_urls=len(set(expected) - set(self.expected(js=False))),
            ocr_urls=len(set(expected) - set(self.expected(ocr=False))),
        )
        return dict(counts)

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "day": self.day,
            "documents": [
                {
                    "url": d.url,
                    "lao_code": d.lao_code,
                    "format": d.fmt,
                    "leaks": [list(pair) for pair in sorted(d.leaks)],
                    "decoys": [list(pair) for pair in sorted(d.decoys)],
                    "unreachable": d.unreachable,
                    "needs_js": d.needs_js,
                    "found_by": d.found_by,
                    "ocr": d.ocr,
                }
                for d in self.documents
            ],
            "spam": list(self.spam),
        }


class World:
    """All sites of one simulated web for one seed and day."""

    def __init__(
        self, laos: Sequence[Lao], *, sites: int, seed: int, day: int, cache_dir: Path, size: str = "normal"
    ) -> None:
        if size not in SITE_SIZES:
            raise ValueError(f"site size {size!r} is not one of {sorted(SITE_SIZES)}")
        chosen = choose(laos, sites, seed)
        self.size = size
        self.seed = seed
        self.day = day
        self.cache_dir = Path(cache_dir)
        self.laos = chosen
        self.specs = [
            site_spec(seed, i, lao, host) for i, (lao, host) in enumerate(zip(chosen, hosts_for(chosen), strict=True))
        ]
        self.index_of = {spec.host: i for i, spec in enumerate(self.specs)}
        self.code_index = {spec.lao_code: i for i, spec in enumerate(self.specs)}
        self._plans: OrderedDict[int, SitePlan] = OrderedDict()
        self._allow_doc = formats.soffice_available()

    def set_day(self, day: int) -> None:
        self.day = day
        self._plans.clear()

    def is_down(self, index: int) -> bool:
        spec = self.specs[index]
        return "dead" in spec.faults or (spec.down_from is not None and self.day >= spec.down_from)

    def plan(self, index: int, *, cached: bool = True) -> SitePlan:
        """The site's plan; ``cached=False`` builds a private one (safe from another thread)."""
        if not cached:
            return SitePlan(self.seed, self.laos[index], self.specs[index], self.day, self._site_docs(index))
        plan = self._plans.get(index)
        if plan is None or plan.day != self.day:
            plan = SitePlan(self.seed, self.laos[index], self.specs[index], self.day, self._site_docs(index))
            self._plans[index] = plan
            if len(self._plans) > PLAN_CACHE:
                self._plans.popitem(last=False)
        self._plans.move_to_end(index)
        return plan

    def _site_docs(self, index: int) -> tuple[DocPlan, ...]:
        return _docs(self.seed, self.laos[index], self.specs[index], self._allow_doc, self.size)

    def neighbour(self, index: int) -> str:
        return self.specs[(index + 1) % len(self.specs)].host if len(self.specs) > 1 else ""

    def content(self, plan: SitePlan, doc: DocPlan) -> Content:
        rich = doc.fmt != "html" or plan.spec.encoding == "utf-8"
        return content_for(self.seed, plan.lao.code, plan.lao.display_name, doc, self.day, rich=rich)

    # document bytes ----------------------------------------------------------------------------
    def cache_path(self, plan: SitePlan, doc: DocPlan) -> Path:
        owner = "shared" if doc.shared else plan.lao.code
        variant = doc.variant(self.day)
        return (
            self.cache_dir
            / f"{GENERATOR}-seed{self.seed}-{self.size}"  # document ids depend on the size too
            / owner
            / f"{doc.doc_id}-v{variant}.{formats.extension(doc.fmt)}"
        )

    def document_bytes(self, plan: SitePlan, doc: DocPlan) -> bytes:
        """The bytes, rendered once then read from the disk cache (blocking: run it in a thread)."""
        path = self.cache_path(plan, doc)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = self._render(plan, doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)
        return data

    def render_site(self, index: int) -> int:
        """Render every document the site serves today into the disk cache; returns how many."""
        plan = self.plan(index, cached=False)
        served = [d for d in plan.live_docs if d.fault not in NO_BYTES and d.fmt != "html"]
        for doc in served:
            self.document_bytes(plan, doc)
        return len(served)

    def _render(self, plan: SitePlan, doc: DocPlan) -> bytes:
        if doc.fault == "corrupt_pdf":
            return formats.corrupt_pdf(f"{self.seed}|{plan.lao.code}|{doc.doc_id}")
        if doc.fault == "zip_bomb":
            return _bomb()
        return formats.render(doc.fmt, self.content(plan, doc), member_stem(doc))

    def etag(self, plan: SitePlan, doc: DocPlan) -> str:
        return etag(self.seed, plan.lao.code, doc, doc.variant(self.day) or 0)

    def last_modified(self, doc: DocPlan) -> datetime:
        if doc.variant(self.day) == 1 and doc.fixed_day is not None:
            return BASE_DATE + timedelta(days=doc.fixed_day)
        return BASE_DATE - timedelta(days=doc.date_index)

    # ground truth -------------------------------------------------------------------------------
    def truth(self, key: bytes) -> Truth:
        documents: list[TruthDoc] = []
        spam: list[str] = []
        for index in range(len(self.specs)):
            documents.extend(self._site_truth(index, key))
            if not self.is_down(index):
                spam.extend(self.plan(index, cached=False).spam_urls)
        return Truth(self.seed, self.day, tuple(documents), tuple(spam))

    def _site_truth(self, index: int, key: bytes) -> list[TruthDoc]:
        plan = self.plan(index, cached=False)
        down = "dead_host" if self.is_down(index) else ""
        rows = []
        for doc in plan.live_docs:
            leaks, decoys = self._printed(plan, doc, key)
            reason = down or (UNREACHABLE_REASON[doc.fault] if doc.fault else "")
            url = plan.doc_url(doc)
            if doc.fmt == "zip" and not doc.fault:
                url = f"{url}!{formats.zip_member_names(member_stem(doc))[0]}"
            js = plan.spec.needs_js and doc.listed  # sitemaps, media API and archive name theirs in plain text
            rows.append(TruthDoc(url, plan.lao.code, doc.fmt, leaks, decoys, reason, js, doc.via))
        return rows

    def _printed(
        self, plan: SitePlan, doc: DocPlan, key: bytes
    ) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
        leak = doc.leak_on(self.day)
        nothing_printed = leak == "none" or doc.fault in ("corrupt_pdf", "zip_bomb", "huge")
        if nothing_printed or (leak == "masked" and doc.kind not in DECOY_KINDS):
            return frozenset(), frozenset()  # skipping the content saves most of the truth's time
        printed = self.content(plan, doc).printed
        leaks = frozenset(
            (p.kind, fingerprint(p.canonical, key)) for p in printed if p.full and p.kind != "juristic_id"
        )
        decoys = frozenset((p.kind, fingerprint(p.canonical, key)) for p in printed if p.kind == "juristic_id")
        return leaks, decoys


def member_stem(doc: DocPlan) -> str:
    return f"doc-{doc.doc_id}"


@functools.lru_cache(maxsize=4096)
def _docs(seed: int, lao: Lao, spec: SiteSpec, allow_doc: bool, size: str) -> tuple[DocPlan, ...]:
    return build_docs(seed, lao, spec, allow_doc=allow_doc, size=size)


@functools.cache
def _bomb() -> bytes:
    return formats.zip_bomb()
