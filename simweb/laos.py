"""Which LAOs the simulated web hosts, and the host name each one answers to.

The committed seed list (``seeds.load_laos``) is used when it exists; otherwise, and always in unit
tests, a built-in synthetic list of LAOs with made-up but plausible Thai names stands in, so simweb
never depends on the 7,850-row file to work.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from seeds.model import Lao, LaoType, UrlSource

_FIRST = (
    ("หนอง", "nong"), ("บ้าน", "ban"), ("ท่า", "tha"), ("โคก", "khok"), ("ดอน", "don"), ("นา", "na"),
    ("ห้วย", "huai"), ("บึง", "bueng"), ("วัง", "wang"), ("สระ", "sa"), ("ทุ่ง", "thung"), ("เขา", "khao"),
    ("ป่า", "pa"), ("แม่", "mae"), ("โพธิ์", "pho"), ("หัว", "hua"), ("ลำ", "lam"), ("คลอง", "khlong"),
)  # fmt: skip
_SECOND = (
    ("บัว", "bua"), ("ใหม่", "mai"), ("ช้าง", "chang"), ("แก้ว", "kaeo"), ("ทอง", "thong"), ("หลวง", "luang"),
    ("ยาง", "yang"), ("ไผ่", "phai"), ("ขาม", "kham"), ("สวรรค์", "sawan"), ("งาม", "ngam"), ("เหนือ", "nuea"),
    ("ใต้", "tai"), ("กลาง", "klang"), ("ทราย", "sai"), ("จันทร์", "chan"), ("แดง", "daeng"), ("เย็น", "yen"),
    ("สูง", "sung"), ("สะแก", "sakae"), ("มะม่วง", "mamuang"), ("ตะเคียน", "takhian"),
)  # fmt: skip
_PROVINCES = (
    ("30", "นครราชสีมา", "korat"), ("40", "ขอนแก่น", "khonkaen"), ("50", "เชียงใหม่", "chiangmai"),
    ("90", "สงขลา", "songkhla"), ("34", "อุบลราชธานี", "ubon"), ("20", "ชลบุรี", "chonburi"),
    ("65", "พิษณุโลก", "phitsanulok"), ("80", "นครศรีธรรมราช", "nakhonsi"), ("41", "อุดรธานี", "udon"),
    ("57", "เชียงราย", "chiangrai"), ("31", "บุรีรัมย์", "buriram"), ("32", "สุรินทร์", "surin"),
)  # fmt: skip
_TYPES = (
    (LaoType.SAO, "abt", 70),
    (LaoType.SUBDISTRICT_MUNICIPALITY, "tessaban", 24),
    (LaoType.TOWN, "muang", 5),
    (LaoType.PAO, "pao", 1),
)


def synthetic_laos(count: int) -> list[Lao]:
    """``count`` made-up LAOs, always the same ones in the same order (independent of any seed)."""
    rng = random.Random(20240601)
    weights = [w for _, _, w in _TYPES]
    laos: list[Lao] = []
    for index in range(count):
        first, second = _FIRST[index % len(_FIRST)], _SECOND[(index // len(_FIRST)) % len(_SECOND)]
        code, province, province_roman = _PROVINCES[index % len(_PROVINCES)]
        lao_type, _, _ = rng.choices(_TYPES, weights=weights)[0]
        name = first[0] + second[0]
        round_ = index // (len(_FIRST) * len(_SECOND))
        roman = first[1] + second[1] + (f"{province_roman}{round_}" if round_ else "")
        laos.append(_synthetic_lao(f"{code}{index:05d}", lao_type, name, code, province, roman, rng))
    return laos


def _synthetic_lao(
    code: str, lao_type: LaoType, name: str, province_code: str, province: str, roman: str, rng: random.Random
) -> Lao:
    district = _FIRST[rng.randrange(len(_FIRST))][0] + _SECOND[rng.randrange(len(_SECOND))][0]
    return Lao(
        code=code,
        type=lao_type,
        name=name,
        province_code=province_code,
        province=province,
        district=district,
        subdistrict=name,
        website=f"http://www.{roman}.go.th/",
        url_source=UrlSource.REGISTRY,
        url_raw=f"www.{roman}.go.th",
        url_reason="",
        host_shared=False,
        lat=round(13.0 + rng.random() * 6, 5),
        lon=round(99.0 + rng.random() * 5, 5),
    )


def default_laos(count: int) -> list[Lao]:
    """The committed seed list when it holds enough LAOs, else the synthetic stand-in."""
    try:
        from seeds import load_laos

        laos: list[Lao] = list(load_laos())
    except (ImportError, AttributeError, FileNotFoundError, OSError, ValueError):
        return synthetic_laos(count)
    return laos if len(laos) >= count else synthetic_laos(count)


def choose(laos: Sequence[Lao], count: int, seed: int) -> list[Lao]:
    """``count`` LAOs in a seed-determined order, those with a website first."""
    if count > len(laos):
        raise ValueError(f"asked for {count} sites but only {len(laos)} LAOs are available")
    with_site = [lao for lao in laos if lao.website]
    without = [lao for lao in laos if not lao.website]
    rng = random.Random(seed)
    ordered = rng.sample(with_site, len(with_site)) + rng.sample(without, len(without))
    return ordered[:count]


def hosts_for(laos: Sequence[Lao]) -> list[str]:
    """One distinct host per LAO: its website's host, else ``www.<romanized name>.go.th``.

    LAOs that share a host in the seed list (a province portal) get ``<code>.<host>`` here, because
    the simulated web routes by host alone.
    """
    seen: set[str] = set()
    hosts = []
    for lao in laos:
        host = _website_host(lao.website) or f"www.{_romanized(lao.name)}.go.th"
        if host in seen:
            host = f"{lao.code}.{host}"
        seen.add(host)
        hosts.append(host)
    return hosts


def _website_host(website: str) -> str:
    if not website:
        return ""
    parts = urlsplit(website if "//" in website else f"http://{website}")
    return (parts.hostname or "").lower()


_CONSONANT_SOUNDS = (
    "k kh kh kh kh kh ng ch ch ch s ch y d t th th th n d t th th th n b p ph f ph f ph m y r l w s s s h l o h"
)
_CONSONANTS = dict(zip("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ", _CONSONANT_SOUNDS.split(), strict=True))
_VOWELS = {"ะ": "a", "ั": "a", "า": "a", "ำ": "am", "ิ": "i", "ี": "i", "ึ": "ue", "ื": "ue", "ุ": "u", "ู": "u"}
_SILENT_H_BEFORE = "นมงยลวญร"
_LEADING = {"เ": "e", "แ": "ae", "โ": "o", "ใ": "ai", "ไ": "ai"}


def _romanized(name: str) -> str:
    """A quick letter-by-letter romanization for made-up host names (pythainlp's is 1,000x slower).

    Leading vowels (เ แ โ ใ ไ) are written before the consonant they follow in speech, so they are
    moved after it; tone marks and the silent-letter mark are dropped.
    """
    out: list[str] = []
    pending = ""
    for index, char in enumerate(name):
        following = name[index + 1 : index + 2]
        if char == "ห" and following and following in _SILENT_H_BEFORE:
            continue  # ห only marks the tone of a following low consonant (หนอง = nong)
        if char in _LEADING:
            pending = _LEADING[char]
        elif char in _CONSONANTS:
            out.append(_CONSONANTS[char] + pending)
            pending = ""
        else:
            out.append(_VOWELS.get(char, ""))
    return re.sub(r"[^a-z0-9]", "", "".join(out) + pending) or "lao"
