"""Find the website of an LAO that has no usable URL: probe hosts, trust only the page.

Hosts come from two places: guesses learned from the known hosts' naming habits
(``seeds.guess``: ``tambon<name>``, ``<name>sao``, ``<name>-kk`` ...) and the hosts the enabled
sources list (``seeds.sources``: CT logs, web archives, provincial offices, a search API).
Proposing is cheap; accepting is where the care goes, because a wrong site is worse than none:
x4watch would attribute another LAO's leaks, and send the alerts, to this one. A site is accepted
only when:

1. the page's ``<title>`` or ``<h1>`` names the LAO: a form of its type (``อบต.``,
   ``องค์การบริหารส่วนตำบล`` ...) directly followed by its Thai name, and the name is not the start
   of a longer word (``อบต.หนองบัว`` is not ``อบต.หนองบัวแดง``);
2. when other LAOs share the type and name (there are dozens of ``อบต.หนองบัว``), one line of the
   page (a footer paragraph, a table cell) names the LAO together with its province, and its
   district too if a namesake is in the same province;
3. no other LAO in the run claims the same site, and the site is not already another LAO's.

Probing goes through ``seeds.fetch`` (the crawler's User-Agent, the SSRF guard on every hop, one
request per host at a time), through ``proxy`` when one is given (test and demo: simweb).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Protocol
from urllib.parse import urlsplit

import lxml.html

from seeds.fetch import Response, http_getter
from seeds.guess import HostModel
from seeds.model import Lao, LaoType, UrlSource
from seeds.urls import flag_shared_hosts, host_key

TYPE_FORMS: dict[LaoType, tuple[str, ...]] = {
    LaoType.PAO: ("องค์การบริหารส่วนจังหวัด", "อบจ.", "อบจ"),
    LaoType.CITY: ("เทศบาลนคร", "ทน."),
    LaoType.TOWN: ("เทศบาลเมือง", "ทม."),
    LaoType.SUBDISTRICT_MUNICIPALITY: ("เทศบาลตำบล", "ทต."),
    LaoType.SAO: ("องค์การบริหารส่วนตำบล", "อบต.", "อบต"),
    LaoType.PATTAYA: ("",),
    LaoType.BANGKOK: ("",),
}
"""How a page writes each type before the name (Pattaya and Bangkok: the name says it all)."""

CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_-]+)""")


@dataclass(frozen=True, slots=True)
class Discovery:
    """A site accepted for an LAO: the URL to record and the candidate host that led to it."""

    code: str
    website: str
    candidate: str


@dataclass(frozen=True, slots=True)
class Page:
    """What a probe fetched: the final URL after redirects and the decoded HTML."""

    url: str
    html: str


Fetch = Callable[[str], Page | None]


def candidate_hosts(lao: Lao, model: HostModel | None = None) -> list[str]:
    """Hosts to probe for ``lao``, most likely first, each with ``www.`` and bare: the go.th domain
    of an e-mail address it published, then the labels ``model`` guesses (the hand-written
    templates alone when no model is given)."""
    labels = (model or HostModel()).candidates(lao)
    hosts = [h for label in labels for h in (f"www.{label}.go.th", f"{label}.go.th")]
    return list(dict.fromkeys([*email_domain_hosts(lao.url_raw), *hosts]))


def email_domain_hosts(raw: str) -> list[str]:
    """An LAO that published an e-mail address at its own go.th domain likely has a site there."""
    match = re.search(r"@([a-z0-9.-]+\.go\.th)\b", raw.lower())
    if not match or match.group(1).endswith("dla.go.th"):
        return []
    return [f"www.{match.group(1)}", match.group(1)]


BLOCK_TAGS = ("title", "h1", "h2", "h3", "p", "li", "td", "address", "span", "font", "b", "strong", "div")
BLOCK_MAX_CHARS = 300
"""A block longer than this (characters, whitespace collapsed) is a container, not a line of the page."""


def page_texts(html: str) -> tuple[str, tuple[str, ...]]:
    """(title and h1 texts joined by ``|``, short blocks of text), whitespace collapsed.

    The ``|`` keeps the end of one heading from running into the next. The blocks are the page's
    short lines (a footer paragraph, a table cell): the place names that tell namesakes apart must
    sit in the same line as the LAO's name.
    """
    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return "", ()
    heads = "|".join(_collapse(el.text_content()) for el in doc.iter("title", "h1"))
    blocks = (_collapse(el.text_content()) for el in doc.iter(*BLOCK_TAGS))
    return heads, tuple(b for b in blocks if b and len(b) <= BLOCK_MAX_CHARS)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def names_lao(heads: str, blocks: Sequence[str], lao: Lao, places: Sequence[str]) -> bool:
    """True when the title/h1 name the LAO and, if ``places`` are needed, one line of the page
    names the LAO together with every place in ``places``."""
    return not refusal(heads, blocks, lao, places)


def refusal(heads: str, blocks: Sequence[str], lao: Lao, places: Sequence[str]) -> str:
    """Why the page is not the LAO's (in Thai, for the analysts), or '' when it is."""
    phrase = lao_phrase(lao)
    if not phrase.search(heads):
        return "ชื่อหน้าเว็บไม่ใช่ชื่อ อปท. นี้"
    if places and not any(phrase.search(b) and all(p in b for p in places) for b in blocks):
        return f"มี อปท. ชื่อซ้ำ: ไม่มีบรรทัดที่ระบุ {' '.join(places)} คู่กับชื่อ"
    return ""


class ProbeLog(Protocol):
    """Where discovery notes each probe (``service.discovery``: the store), and which ones to skip."""

    def skip(self, lao_code: str, host: str) -> bool: ...

    def note(self, lao_code: str, host: str, source: str, outcome: str, reason: str) -> None: ...


class NoLog:
    """Probe everything, note nothing (``seeds discover`` on a CSV)."""

    def skip(self, lao_code: str, host: str) -> bool:
        return False

    def note(self, lao_code: str, host: str, source: str, outcome: str, reason: str) -> None:
        return None


NO_LOG = NoLog()

NO_ANSWER = "ไม่มีคำตอบ (ไม่มีโฮสต์นี้ หรือไม่ตอบ)"
NAMES_NOBODY = "หน้าเว็บไม่ระบุ อปท. ที่ยังไม่มีเว็บไซต์"
CONFLICT = "เว็บไซต์นี้ถูกอ้างโดย อปท. อื่นด้วย หรือเป็นของ อปท. อื่นแล้ว"


@cache
def lao_phrase(lao: Lao) -> re.Pattern[str]:
    """A form of the LAO's type, optional spaces, its whole name, and no Thai letter after it
    (``อบต.หนองบัว`` must not match ``อบต.หนองบัวแดง``)."""
    forms = "|".join(re.escape(form) for form in TYPE_FORMS[lao.type])
    return re.compile(rf"(?:{forms})\s*{re.escape(lao.name)}(?![\u0e01-\u0e4e])")


def distinguishing_places(lao: Lao, namesakes: Iterable[Lao]) -> list[str]:
    """Place names a page must mention to tell ``lao`` from LAOs with the same type and name."""
    others = [o for o in namesakes if o.code != lao.code]
    if not others:
        return []
    if any(o.province_code == lao.province_code for o in others):
        return [lao.province, lao.district]
    return [lao.province]


def http_fetcher(proxy: str, user_agent: str, timeout: float, **options: Any) -> Fetch:
    """A fetch function over ``seeds.fetch.http_getter`` (guarded, paced; ``options`` are its own)."""
    return page_fetcher(http_getter(proxy, user_agent, timeout, **options))


def page_fetcher(get: Callable[[str], Response | None]) -> Fetch:
    """Fetch pages with ``get``: the final URL and the decoded HTML."""

    def fetch(url: str) -> Page | None:
        answer = get(url)
        return Page(answer.url, decode_html(answer.body, answer.content_type)) if answer else None

    return fetch


def decode_html(body: bytes, content_type: str) -> str:
    """Thai pages come in UTF-8 and TIS-620/windows-874: header charset, then meta, then guess."""
    match = CHARSET.search(content_type.encode("latin-1", "replace")) or CHARSET.search(body[:4096])
    encodings = [match.group(1).decode("ascii")] if match else []
    for encoding in [*encodings, "utf-8", "cp874"]:
        try:
            return body.decode("cp874" if encoding.lower() in ("tis-620", "tis620") else encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


def discover_one(
    lao: Lao, places: Sequence[str], fetch: Fetch, model: HostModel | None = None, log: ProbeLog = NO_LOG
) -> Discovery | None:
    """Probe ``lao``'s candidates in order; the first page that names it wins."""
    for host in candidate_hosts(lao, model):
        if log.skip(lao.code, host):
            continue
        page = fetch(f"http://{host}/")
        if page is None:
            log.note(lao.code, host, "guess", "refused", NO_ANSWER)
            continue
        heads, blocks = page_texts(page.html)
        reason = refusal(heads, blocks, lao, places)
        log.note(lao.code, host, "guess", "refused" if reason else "accepted", reason)
        if not reason:
            parts = urlsplit(page.url)
            return Discovery(lao.code, f"{parts.scheme}://{parts.hostname}/", host)
    return None


def discover(
    laos: Sequence[Lao],
    targets: Sequence[Lao],
    fetch: Fetch,
    *,
    workers: int = 8,
    hosts: Sequence[str] = (),
    guess: bool = True,
    listed_by: Mapping[str, str] | None = None,
    log: ProbeLog = NO_LOG,
) -> list[Discovery]:
    """Discoveries for ``targets`` (LAOs of ``laos`` without a website), conflicts removed.

    ``laos`` is the whole list: it says which names are ambiguous, which sites are taken, and its
    known hosts teach the guesses. Each target's guessed hosts are probed first; then every host
    in ``hosts`` (listed by ``seeds.sources``) not yet taken is probed once, and given to the
    target its page names, if exactly one does. ``guess=False`` probes the listed hosts only;
    ``listed_by`` names the source of each listed host for ``log``, which sees every probe.
    """
    namesakes: dict[tuple[LaoType, str], list[Lao]] = defaultdict(list)
    for lao in laos:
        namesakes[(lao.type, lao.name)].append(lao)

    def places(lao: Lao) -> list[str]:
        return distinguishing_places(lao, namesakes[(lao.type, lao.name)])

    model = HostModel.learn(laos)
    taken = {host_key(lao.website) for lao in laos if lao.website}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        guessing = targets if guess else []
        guessed = [d for d in pool.map(lambda lao: discover_one(lao, places(lao), fetch, model, log), guessing) if d]
        found = {d.code for d in guessed}
        claimed = taken | {host_key(d.website) for d in guessed}
        left = [lao for lao in targets if lao.code not in found]
        by_name: dict[str, list[Lao]] = defaultdict(list)
        for lao in left:
            by_name[lao.name].append(lao)
        fresh = [h for h in dict.fromkeys(hosts) if host_key(f"http://{h}/") not in claimed]
        sources = listed_by or {}
        listed = pool.map(
            lambda host: probe_listed(host, fetch, by_name, places, log, sources.get(host, "listed")), fresh
        )
        for discovery in (d for ds in listed for d in ds):
            if discovery.code not in found:
                found.add(discovery.code)
                guessed.append(discovery)
    kept = without_conflicts(guessed, taken)
    for dropped in set(guessed) - set(kept):
        log.note(dropped.code, dropped.candidate, "conflict", "refused", CONFLICT)
    return kept


def probe_listed(
    host: str,
    fetch: Fetch,
    by_name: dict[str, list[Lao]],
    places: Callable[[Lao], list[str]],
    log: ProbeLog = NO_LOG,
    source: str = "listed",
) -> list[Discovery]:
    """The LAOs (among ``by_name``) that the home page of a listed ``host`` names. Noted under the
    LAO the page names (accepted, or why refused), under no LAO ('') when it names none."""
    if log.skip("", host):
        return []
    page = fetch(f"http://{host}/")
    if page is None:
        log.note("", host, source, "refused", NO_ANSWER)
        return []
    heads, blocks = page_texts(page.html)
    parts = urlsplit(page.url)
    named = [lao for name, laos in by_name.items() if name in heads for lao in laos]
    found = []
    for lao in named:
        reason = refusal(heads, blocks, lao, places(lao))
        log.note(lao.code, host, source, "refused" if reason else "accepted", reason)
        if not reason:
            found.append(Discovery(lao.code, f"{parts.scheme}://{parts.hostname}/", host))
    if not named:
        log.note("", host, source, "refused", NAMES_NOBODY)
    return found


def without_conflicts(discoveries: list[Discovery], taken: set[str]) -> list[Discovery]:
    """Drop sites claimed by two LAOs in this run or already listed for another LAO."""
    claims = Counter(host_key(d.website) for d in discoveries)
    return [d for d in discoveries if claims[host_key(d.website)] == 1 and host_key(d.website) not in taken]


def apply_discoveries(laos: Sequence[Lao], discoveries: Iterable[Discovery]) -> list[Lao]:
    """The list with each discovered website recorded (source ``discovered``), shared hosts re-flagged."""
    by_code = {d.code: d for d in discoveries}
    return flag_shared_hosts(
        [
            replace(lao, website=by_code[lao.code].website, url_source=UrlSource.DISCOVERED)
            if lao.code in by_code
            else lao
            for lao in laos
        ]
    )
