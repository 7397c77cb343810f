"""Turn open cases into messages: one digest per LAO, one escalation per province.

Plain data in, plain data out (no store, no SMTP), so grouping and wording are tested on their own.
A message never holds an identifier: a case line carries only the X4-masked value the detector
produced. Each message gets an idempotency key from what it is about (kind, LAO or province, the
exact set of cases, the period and the recipients): composing the same run twice yields the same
keys, which is what lets the outbox refuse duplicates.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.templates import environment
from core.thaidate import thai_date
from detectors.registry import NAMES_TH
from seeds.contacts import is_email

KIND_LABELS = NAMES_TH
"""Thai names of identifier kinds as the mails print them (the detectors' own)."""

NO_RECIPIENT = "no-recipient"
"""Period of the key of a message nobody can receive: one row per case set, not one per day."""



@dataclass(frozen=True, slots=True)
class CaseLine:
    """One open case as a mail shows it: where it is and its X4 form, never the identifier."""

    case_id: int
    lao_code: str
    lao_name: str
    province: str
    url: str
    page: int | None
    kind: str
    masked: str
    state: str = "confirmed"
    deadline: date | None = None
    email: str = ""
    """The LAO coordinator's address(es) from the contacts; empty when unknown."""
    province_code: str = ""


@dataclass(frozen=True, slots=True)
class Mail:
    """A message ready for the outbox; ``to`` empty means nobody valid to send it to."""

    key: str
    kind: str
    """``digest`` (to an LAO) or ``escalation`` (to a provincial office)."""
    scope: str
    """The LAO code or the province the message is about."""
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    text: str
    html: str
    case_ids: tuple[int, ...]
    problem: str = ""
    """Why ``to`` is empty (missing or invalid address), for the analysts."""
    province_code: str = ""
    deadline: date | None = None
    """The date a digest asks the LAO to act by (local); its cases get it when the mail is sent."""


@dataclass(frozen=True, slots=True)
class CentreContact:
    """Who the mails name as the monitoring centre."""

    address: str
    phone: str


@dataclass(frozen=True, slots=True)
class DocumentLines:
    """A document's leaks as the templates list them: URL, then page and masked value."""

    url: str
    lines: list[CaseLine] = field(default_factory=list)


def valid_addresses(raw: str) -> tuple[tuple[str, ...], str]:
    """Split a contacts cell into valid addresses; the second value explains a total failure."""
    parts = [p.strip() for p in re.split(r"[,;\s]+", raw or "") if p.strip()]
    if not parts:
        return (), "ไม่มีอีเมลผู้ประสานงาน (missing address)"
    good = tuple(p for p in parts if is_email(p))
    if not good:
        return (), "อีเมลผู้ประสานงานไม่ถูกต้อง (invalid address)"
    return good, ""


def idempotency_key(kind: str, scope: str, case_ids: Iterable[int], period: str, to: Sequence[str]) -> str:
    """Same subject, same cases, same period, same recipients: same key, so at most one mail."""
    ids = ",".join(str(i) for i in sorted(case_ids))
    raw = f"{kind}|{scope}|{ids}|{period}|{','.join(sorted(to))}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _render(name: str, context: Mapping[str, object]) -> tuple[str, str, str]:
    env = environment("notify")
    subject = env.get_template(f"{name}.subject.j2").render(context).strip()
    text = env.get_template(f"{name}.txt.j2").render(context)
    html = env.get_template(f"{name}.html.j2").render(context)
    return " ".join(subject.split()), text, html


def _by_document(cases: Sequence[CaseLine]) -> list[DocumentLines]:
    docs: dict[str, DocumentLines] = {}
    for case in sorted(cases, key=lambda c: (c.url, c.page or 0, c.case_id)):
        docs.setdefault(case.url, DocumentLines(case.url)).lines.append(case)
    return list(docs.values())


def _common(today: date, centre: CentreContact) -> dict[str, object]:
    return {
        "today": thai_date(today),
        "centre": centre,
        "kind_labels": KIND_LABELS,
        "thai_date": thai_date,
    }


def lao_digests(
    cases: Iterable[CaseLine],
    *,
    today: date,
    deadline_days: int,
    centre: CentreContact,
    spam: Mapping[str, Sequence[str]] | None = None,
    portal_link: str = "",
) -> list[Mail]:
    """One digest per LAO over its confirmed or reopened cases (never one mail per finding).

    ``spam`` holds, per LAO whose site was found injected with gambling spam, a few of the spam
    URLs: the digest adds a short note asking the LAO to clean its site (the centre does not
    send a mail for that alone: the site's record shows it to the analysts). ``portal_link`` is
    what the mail prints where the LAO's personal portal link goes (the outbox keeps a
    placeholder, ``portal.tokens.PLACEHOLDER``, replaced when the mail is sent); empty: no link."""
    by_lao: dict[str, list[CaseLine]] = defaultdict(list)
    for case in cases:
        by_lao[case.lao_code].append(case)
    deadline = today + timedelta(days=deadline_days)
    mails = []
    for code in sorted(by_lao):
        group = by_lao[code]
        first = group[0]
        to, problem = valid_addresses(first.email)
        context = _common(today, centre) | {
            "lao_name": first.lao_name,
            "lao_code": code,
            "province": first.province,
            "documents": _by_document(group),
            "count": len(group),
            "deadline": thai_date(deadline),
            "deadline_days": deadline_days,
            "spam": tuple((spam or {}).get(code, ())),
            "portal_link": portal_link if to else "",
        }
        subject, text, html = _render("digest", context)
        ids = tuple(sorted(c.case_id for c in group))
        key = idempotency_key("digest", code, ids, today.isoformat() if to else NO_RECIPIENT, to)
        mails.append(
            Mail(key, "digest", code, to, (), subject, text, html, ids, problem, first.province_code, deadline)
        )
    return mails


def _by_lao(cases: Sequence[CaseLine]) -> list[tuple[CaseLine, list[DocumentLines]]]:
    groups: dict[str, list[CaseLine]] = defaultdict(list)
    for case in cases:
        groups[case.lao_code].append(case)
    earliest = {code: min(g, key=lambda c: c.deadline or date.max) for code, g in groups.items()}
    return [(earliest[code], _by_document(groups[code])) for code in sorted(groups)]


def province_escalations(
    cases: Iterable[CaseLine],
    province_emails: Mapping[str, str],
    *,
    today: date,
    centre: CentreContact,
) -> list[Mail]:
    """One digest per province of cases past their deadline, to its สถจ. with the centre in Cc.

    The key's period is the ISO week, so a province hears about the same overdue set at most once a
    week however often the job runs.
    """
    by_province: dict[str, list[CaseLine]] = defaultdict(list)
    for case in cases:
        if case.deadline is not None and case.deadline < today:
            by_province[case.province_code].append(case)
    year, week, _ = today.isocalendar()
    mails = []
    for province in sorted(by_province):
        group = by_province[province]
        to, problem = valid_addresses(province_emails.get(province, ""))
        context = _common(today, centre) | {
            "province": group[0].province,
            "laos": _by_lao(group),
            "count": len(group),
            "lao_count": len({c.lao_code for c in group}),
        }
        subject, text, html = _render("escalation", context)
        ids = tuple(sorted(c.case_id for c in group))
        key = idempotency_key("escalation", province, ids, f"{year}-W{week:02d}" if to else NO_RECIPIENT, to)
        cc = (centre.address,) if to else ()
        mails.append(Mail(key, "escalation", province, to, cc, subject, text, html, ids, problem, province))
    return mails
