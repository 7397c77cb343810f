"""Coverage of the seed list: how many LAOs x4watch can actually watch, by type and by province.

The first number anyone asks a monitor for. An LAO counts as covered when it has a usable
website; a coordinator contact is counted beside it, because an LAO without one is a gap in the
alerting chain even if its site is watched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from seeds.model import Lao, LaoType, UrlSource

SOURCE_TH: dict[UrlSource, str] = {
    UrlSource.REGISTRY: "ตามทะเบียน (ใช้ได้ทันที)",
    UrlSource.REPAIRED: "แก้ไขแล้ว",
    UrlSource.DISCOVERED: "ค้นพบ",
    UrlSource.MANUAL: "กำหนดเอง",
    UrlSource.NONE: "ไม่มีเว็บไซต์ที่ใช้ได้",
}
"""Thai labels for how a website became known."""

NON_SPACING_THAI = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
"""Thai marks drawn above or below the previous character (sara am, U+0E33, does take a column)."""

TYPE_ORDER: tuple[LaoType, ...] = tuple(LaoType)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One line of the coverage table."""

    label: str
    total: int
    with_url: int
    with_contact: int

    @property
    def url_percent(self) -> float:
        return 100.0 * self.with_url / self.total if self.total else 0.0


def coverage(
    laos: Iterable[Lao], key: Callable[[Lao], str], contact_codes: Collection[str] = ()
) -> list[CoverageRow]:
    """Rows per value of ``key`` (in first-seen order) and a last row for the whole list."""
    totals: Counter[str] = Counter()
    urls: Counter[str] = Counter()
    contacts: Counter[str] = Counter()
    for lao in laos:
        label = key(lao)
        totals[label] += 1
        urls[label] += bool(lao.website)
        contacts[label] += lao.code in contact_codes
    rows = [CoverageRow(label, totals[label], urls[label], contacts[label]) for label in totals]
    rows.append(CoverageRow("รวม", sum(totals.values()), sum(urls.values()), sum(contacts.values())))
    return rows


def by_type(laos: Sequence[Lao], contact_codes: Collection[str] = ()) -> list[CoverageRow]:
    ordered = sorted(laos, key=lambda lao: TYPE_ORDER.index(lao.type))
    return coverage(ordered, lambda lao: lao.type.value, contact_codes)


def by_province(laos: Sequence[Lao], contact_codes: Collection[str] = ()) -> list[CoverageRow]:
    ordered = sorted(laos, key=lambda lao: lao.province_code)
    return coverage(ordered, lambda lao: f"{lao.province_code} {lao.province}", contact_codes)


def by_source(laos: Iterable[Lao]) -> list[tuple[str, int]]:
    """(Thai label, count) for each way a website became known, including none."""
    counts = Counter(lao.url_source for lao in laos)
    return [(SOURCE_TH[source], counts[source]) for source in UrlSource]


def rejection_reasons(laos: Iterable[Lao]) -> list[tuple[str, int]]:
    """Why published values were rejected (the last reason of each), most common first."""
    counts = Counter(lao.url_reason.rsplit(",", 1)[-1] for lao in laos if lao.url_raw and not lao.website)
    return counts.most_common()


def render(title: str, rows: Sequence[CoverageRow]) -> str:
    """A plain-text table in Thai, padded for a terminal (Thai marks take no width)."""
    header = (title, "ทั้งหมด", "มีเว็บไซต์", "%", "มีผู้ประสานงาน")
    lines = [header] + [
        (r.label, f"{r.total:,}", f"{r.with_url:,}", f"{r.url_percent:.1f}", f"{r.with_contact:,}")
        for r in rows
    ]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(_pad(cell, widths[i], left=i == 0) for i, cell in enumerate(line)) for line in lines
    )


def display_width(text: str) -> int:
    """Terminal columns: Thai vowel and tone marks above or below a consonant take none."""
    return sum(1 for ch in text if not NON_SPACING_THAI.match(ch))


def _pad(cell: str, width: int, *, left: bool) -> str:
    fill = " " * (width - display_width(cell))
    return cell + fill if left else fill + cell


def render_history(days: Sequence[Any]) -> str:
    """Coverage over time (``store.discovery.CoverageDay`` rows), one line a day, Buddhist-era dates."""
    from core.thaidate import thai_date

    lines = ["ความครอบคลุมตามเวลา: วันที่  อปท.  มีเว็บไซต์ (%)  มีผู้ประสานงาน (%)  ผู้ติดต่อรอยืนยัน"]
    for day in days:
        site = 100.0 * day.with_site / day.laos if day.laos else 0.0
        contact = 100.0 * day.with_contact / day.laos if day.laos else 0.0
        lines.append(
            f"  {thai_date(day.day, short=True)}  {day.laos:,}  {day.with_site:,} ({site:.1f})  "
            f"{day.with_contact:,} ({contact:.1f})  {day.contact_candidates:,}"
        )
    return "\n".join(lines)
