"""Guess an LAO's host from its name, with the naming habits learned from the hosts already known.

An LAO's host is its name, spelt some way, between a prefix and a suffix: ``tambon`` + ``bangduan``,
``banhad`` + ``sao``, ``talee`` + ``-ud``, ``phangnga`` + ``pao``. Two things vary, and both are
learned from the 3,324 hosts the DLA list already gives:

- the *spelling* of the name: the royin romanization (``pythainlp``), its informal simplification
  (``khlong`` → ``klong``), the official English name of the subdistrict, district or province
  (``geothai``), word by word with hyphens, or the words' initials (``หนองบัวโคก`` → ``nbk``);
- the *template* around it: a prefix and a suffix, counted per LAO type and per province (a
  province's abbreviation, ``-kk`` or ``kk``, is just a suffix its LAOs share).

Every known host is decomposed into (template, spelling kind); a candidate's score is how often its
template was seen for the LAO's type and province times how often its spelling kind was. The model
always leaves an LAO's own host out of the counts it uses for that LAO, so that measuring recall on
the known hosts (``bench.discovery``) is leave-one-out by construction, and an LAO without a known
host (the ones discovery is for) loses nothing. A few hand-written templates (``HOST_PATTERNS``)
seed the counts so that a list without any known host still gets the usual guesses.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

import geothai
from geothai.types import Subdistrict

from seeds.model import Lao, LaoType

HOST_PATTERNS: dict[LaoType, tuple[str, ...]] = {
    LaoType.SAO: ("{n}", "{n}sao", "tambon{n}", "abt{n}", "obt{n}", "{n}local", "{n}-{p}"),
    LaoType.SUBDISTRICT_MUNICIPALITY: ("{n}", "{n}city", "tessaban{n}", "{n}local", "{n}-{p}"),
    LaoType.TOWN: ("{n}", "{n}city", "tessaban{n}", "{n}-{p}"),
    LaoType.CITY: ("{n}", "{n}city"),
    LaoType.PAO: ("{n}pao", "{n}-pao", "pao-{n}"),
    LaoType.PATTAYA: ("{n}", "{n}city"),
    LaoType.BANGKOK: ("{n}",),
}
"""Prior templates per type (``{n}`` the name, ``{p}`` a province abbreviation): they count as seen
once, so a list with no known hosts still gets them; learned templates add to them."""

PROVINCE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "40": ("kk",),
    "41": ("ud",),
    "44": ("mk",),
    "46": ("ks",),
    "52": ("lp",),
    "62": ("kpp", "kp"),
    "71": ("kan",),
    "72": ("sp", "suphan"),
    "73": ("np",),
    "70": ("rb",),
    "34": ("ubon",),
    "61": ("uthai",),
    "65": ("plk", "pitlok"),
}
"""Abbreviations LAO hosts use for their province (prior; the model learns the rest as suffixes);
other provinces fall back to the initials and the compact English name (Phrae: ``pr``, ``phrae``)."""

MAX_CANDIDATES = 40
"""Host labels proposed per LAO at most (each probed with and without ``www.``: 80 hosts)."""

MAX_AFFIX = 12
"""A prefix or suffix longer than this is not a habit but another name: not learned."""

WORD_OPTIONS = 3
"""Spellings tried per Thai word (the most often seen)."""

WORD_COMBINATIONS = 6
"""Spellings of a whole name put together from word spellings, the likeliest first."""

PLACE_SPELLINGS = 2
"""Spellings of a district or province put in a ``{district}``/``{province}`` affix."""

WORD_PROBABILITY_EXPONENT = 0.5
"""How much a combined spelling's probability lowers its rank (0: not at all)."""

PRIOR_WEIGHT = 1.0
"""What one prior template counts for, against one known host."""

INFORMAL_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("thr", "s"),
    ("kh", "k"),
    ("ph", "p"),
    ("th", "t"),
    ("aeo", "aew"),
)
"""How LAO hosts usually simplify RTGS (``khlong`` → ``klong``, ``thrai`` → ``sai``), applied in order."""


def informal(roman: str) -> str:
    """The spelling a webmaster would type for an RTGS romanization (see INFORMAL_SPELLINGS)."""
    for formal, simple in INFORMAL_SPELLINGS:
        roman = roman.replace(formal, simple)
    return roman


def host_safe(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", text.lower()).strip("-")


@cache
def thai_words(name: str) -> tuple[tuple[str, str], ...]:
    """(Thai word, its royin romanization) for each word of a name (``pythainlp``'s tokenizer)."""
    from pythainlp.tokenize import word_tokenize
    from pythainlp.transliterate import romanize

    pairs = ((w, host_safe(romanize(w, engine="royin"))) for w in word_tokenize(name, keep_whitespace=False))
    return tuple((w, r) for w, r in pairs if r)


def romanized_words(name: str) -> tuple[str, ...]:
    """The royin romanization of each word of a Thai name."""
    return tuple(r for _, r in thai_words(name))


@cache
def romanized(name: str) -> tuple[str, ...]:
    """Host-safe romanizations of a Thai name (RTGS, as ``pythainlp`` royin gives it), formal first."""
    from pythainlp.transliterate import romanize

    words = romanized_words(name)
    formal = (host_safe(romanize(name, engine="royin")), "".join(words), "-".join(words))
    return tuple(n for n in dict.fromkeys((*formal, *(informal(f) for f in formal))) if n)


def spellings(lao: Lao) -> dict[str, str]:
    """Every spelling of ``lao``'s name a host might use, mapped to its kind (first kind wins)."""
    found: dict[str, str] = {}
    name = lao.name.removeprefix("เมือง") if lao.type is LaoType.PATTAYA else lao.name
    royin = romanized(name)
    for i, spelt in enumerate(royin):
        found.setdefault(spelt, "rtgs" if i < 3 else "rtgs-informal")
    for kind, english in english_names(lao):
        joined = "".join(english)
        for variant, suffix in ((joined, ""), ("-".join(english), "-hyphen"), (informal(joined), "-informal")):
            found.setdefault(variant, kind + suffix)
    words = romanized_words(name)
    if len(words) > 1:
        found.setdefault("".join(w[0] for w in words), "initials")
    return {spelt: kind for spelt, kind in found.items() if spelt}


def english_names(lao: Lao) -> list[tuple[str, list[str]]]:
    """Official English names (as lists of lower-case words) that are the LAO's name: the
    subdistrict of that name in its district (else in its province), the district, the province."""
    names: list[tuple[str, list[str]]] = []
    district_code = lao.code[1:5]
    same = _subdistricts_named(lao.province_code).get(lao.name, [])
    in_district = [s for s in same if s.district_code == district_code] or same[:1]
    names += [("en", _words(s.name_en)) for s in in_district]
    district = geothai.district(district_code)
    if district and district.name_th.removeprefix("เมือง") == lao.name:
        names.append(("en-district", _words(district.name_en.removeprefix("Mueang "))))
    province = geothai.province(lao.province_code)
    if province and (lao.type is LaoType.PAO or province.name_th == lao.name):
        words = _words(province.name_en)
        names += [("en-province", words), ("en-province", words[:1])]
    return names


def _words(english: str) -> list[str]:
    return [w for w in (host_safe(part) for part in english.split()) if w]


@cache
def _subdistricts_named(province_code: str) -> dict[str, list[Subdistrict]]:
    by_name: dict[str, list[Subdistrict]] = defaultdict(list)
    for district in geothai.districts(province_code):
        for sub in geothai.subdistricts(district.code):
            by_name[sub.name_th].append(sub)
    return by_name


def province_abbreviations(province_code: str) -> tuple[str, ...]:
    province = geothai.province(province_code)
    english = province.name_en.lower().split() if province else []
    fallback = ("".join(w[0] for w in english), "".join(english)) if english else ()
    return tuple(dict.fromkeys((*PROVINCE_ABBREVIATIONS.get(province_code, ()), *fallback)))


@dataclass(frozen=True, slots=True)
class Habit:
    """How one known host spells its LAO's name: what goes before and after, and which spelling."""

    prefix: str
    suffix: str
    kind: str


def go_th_label(website: str) -> str:
    """``tambonbangduan`` for ``http://www.tambonbangduan.go.th/``; '' for a host outside go.th."""
    host = (urlsplit(website).hostname or "").removeprefix("www.")
    return host.removesuffix(".go.th") if host.endswith(".go.th") and host.count(".") == 2 else ""


def habit(label: str, spelt: dict[str, str], places: dict[str, str]) -> Habit | None:
    """The habit behind ``label``: the longest spelling inside it and the affixes around it, an
    affix that spells the LAO's district or province written as its placeholder."""
    for name in sorted(spelt, key=len, reverse=True):
        at = label.find(name)
        if at >= 0 and at <= MAX_AFFIX and len(label) - at - len(name) <= MAX_AFFIX:
            return Habit(placeholder(label[:at], places), placeholder(label[at + len(name) :], places), spelt[name])
    return None


def placeholder(affix: str, places: dict[str, str]) -> str:
    """``-{district}`` for ``-phosai`` when the LAO is in Pho Sai district; the affix otherwise."""
    bare = affix.strip("-")
    if bare in places:
        return affix.replace(bare, places[bare])
    return affix


@cache
def place_spellings(province_code: str, district_code: str) -> dict[str, str]:
    """Spellings of a district and a province (English, compact English, informal, royin), each
    mapped to its placeholder; the province wins a spelling both share."""
    found: dict[str, str] = {}
    district = geothai.district(district_code)
    province = geothai.province(province_code)
    for place, key in ((province, "{province}"), (district, "{district}")):
        if place is None:
            continue
        english = _words(place.name_en.removeprefix("Mueang "))
        thai = place.name_th.removeprefix("เมือง") or place.name_th
        for spelt in ("".join(english), informal("".join(english)), *romanized(thai)[:1], informal(romanized(thai)[0])):
            if len(spelt) > 2:
                found.setdefault(spelt, key)
    return found


def expand(affix: str, places: dict[str, str]) -> list[str]:
    """An affix with its placeholder replaced by each spelling of that place (none: as is)."""
    for key in ("{province}", "{district}"):
        if key in affix:
            return [affix.replace(key, spelt) for spelt, k in places.items() if k == key][:PLACE_SPELLINGS]
    return [affix]


def align(core: str, romans: Sequence[str]) -> list[str] | None:
    """Cut ``core`` into one piece per word, each close to the word's royin spelling (same first
    letter or a common substitute, edit distance at most a third of the longer, plus one), or None."""
    n, size = len(romans), len(core)
    best: dict[tuple[int, int], tuple[int, list[str]]] = {(0, 0): (0, [])}
    for i, roman in enumerate(romans):
        for (done, at), (cost, pieces) in [item for item in best.items() if item[0][0] == i]:
            for end in range(at + 1, size + 1):
                piece = core[at:end]
                if len(piece) > len(roman) + 4:
                    break
                distance = edit_distance(piece, roman)
                if distance <= max(len(piece), len(roman)) // 3 + 1 and similar_start(piece, roman):
                    key = (done + 1, end)
                    if key not in best or best[key][0] > cost + distance:
                        best[key] = (cost + distance, [*pieces, piece])
    found = best.get((n, size))
    return found[1] if found else None


FIRST_LETTER_SUBSTITUTES = frozenset({("c", "j"), ("t", "d"), ("p", "b"), ("k", "g"), ("k", "c"), ("w", "v")})
"""Initial letters hosts swap for the royin one (``chik`` → ``jik``, ``thap`` → ``tap`` keeps t)."""


def similar_start(piece: str, roman: str) -> bool:
    return piece[0] == roman[0] or (roman[0], piece[0]) in FIRST_LETTER_SUBSTITUTES or not roman[0].isalpha()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance of two short strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


Scope = tuple[str, str]
"""What a count is kept for: ("type", the LAO type) or ("province", its code)."""


@dataclass
class HostModel:
    """Counts of habits (templates per scope, spelling kinds) and each known LAO's own habit."""

    templates: dict[Scope, Counter[tuple[str, str]]] = field(default_factory=lambda: defaultdict(Counter))
    kinds: Counter[str] = field(default_factory=Counter)
    totals: Counter[Scope] = field(default_factory=Counter)
    own: dict[str, Habit] = field(default_factory=dict)
    words: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    own_words: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @classmethod
    def learn(cls, laos: Iterable[Lao]) -> HostModel:
        """Decompose every go.th website in ``laos``; the hand-written templates count once.

        First the hosts that contain a known spelling of their name teach the templates; then
        every host, its template stripped, is aligned word by word with its Thai name, which
        teaches how each Thai word is spelt (``หนอง`` → ``nong``, ``จิก`` → ``jik``).
        """
        model = cls()
        labelled = [(lao, go_th_label(lao.website)) for lao in laos]
        labelled = [(lao, label) for lao, label in labelled if label]
        for lao, label in labelled:
            found = habit(label, spellings(lao), _places(lao))
            if found:
                model._count(lao, found)
        for lao, label in labelled:
            aligned = model._align(lao, label)
            if aligned:
                template, pairs = aligned
                model.own_words[lao.code] = pairs
                for word, spelt in pairs:
                    model.words[word][spelt] += 1
                if lao.code not in model.own:
                    model._count(lao, Habit(*template, "words"))
        return model

    def _count(self, lao: Lao, found: Habit) -> None:
        self.own[lao.code] = found
        for scope in _scopes(lao):
            self.templates[scope][(found.prefix, found.suffix)] += 1
            self.totals[scope] += 1
        self.kinds[found.kind] += 1

    def _align(self, lao: Lao, label: str) -> tuple[tuple[str, str], tuple[tuple[str, str], ...]] | None:
        """The most common template that leaves a core spelling the name word by word, and the
        (Thai word, spelling) pairs of that core."""
        words = thai_words(lao.name)
        if not words:
            return None
        counts = self.templates.get(_scopes(lao)[0], Counter())
        templates = sorted({*counts, *prior_templates(lao), ("", "")}, key=lambda t: -counts[t])
        for prefix, suffix in templates:
            if label.startswith(prefix) and label.endswith(suffix) and len(label) > len(prefix) + len(suffix):
                core = label[len(prefix) : len(label) - len(suffix)].replace("-", "")
                pieces = align(core, [r for _, r in words])
                if pieces:
                    return (prefix, suffix), tuple((w, p) for (w, _), p in zip(words, pieces, strict=True))
        return None

    def candidates(self, lao: Lao, limit: int = MAX_CANDIDATES) -> list[str]:
        """Host labels for ``lao``, most likely first, never informed by ``lao``'s own host."""
        mine = self.own.get(lao.code)
        type_scope, province_scope = _scopes(lao)
        templates = self._template_scores(lao, type_scope, province_scope, mine)
        kinds_total = sum(self.kinds.values()) - (1 if mine else 0)
        scores: dict[str, float] = {}
        places = _places(lao)
        affixes = {(p, s): [(a, b) for a in expand(p, places) for b in expand(s, places)] for p, s in templates}
        weights = {spelt: self._kind_score(kind, mine, kinds_total) for spelt, kind in spellings(lao).items()}
        words_score = self._kind_score("words", mine, kinds_total)
        for spelt, p in self.word_spellings(lao):
            weights[spelt] = max(weights.get(spelt, 0.0), words_score * p**WORD_PROBABILITY_EXPONENT)
        for spelt, kind_score in weights.items():
            for template, score in templates.items():
                for prefix, suffix in affixes[template]:
                    label = f"{prefix}{spelt}{suffix}".strip("-")
                    if label and ".." not in label:
                        scores[label] = max(scores.get(label, 0.0), score * kind_score)
        return sorted(scores, key=lambda label: -scores[label])[:limit]

    def word_spellings(self, lao: Lao, limit: int = WORD_COMBINATIONS) -> list[tuple[str, float]]:
        """The likeliest spellings of ``lao``'s name put together from learned word spellings
        (royin counts as seen once), its own host's words left out."""
        own = Counter(self.own_words.get(lao.code, ()))
        beam: list[tuple[str, float]] = [("", 1.0)]
        for word, royin in thai_words(lao.name):
            seen = Counter(self.words.get(word, Counter()))
            seen.subtract({spelt: own[(word, spelt)] for spelt in seen})
            seen[royin] += 1
            if word[0] == "ห" and not royin.startswith("h"):
                seen["h" + royin] += 1  # royin drops a sounded initial ห (หิน → in)
            total = sum(n for n in seen.values() if n > 0)
            options = [(spelt, n / total) for spelt, n in seen.most_common(WORD_OPTIONS) if n > 0]
            beam = sorted(((b + s, p * q) for b, p in beam for s, q in options), key=lambda x: -x[1])[:limit]
        return [(spelt, p) for spelt, p in beam if spelt]

    def _kind_score(self, kind: str, mine: Habit | None, total: int) -> float:
        seen = self.kinds[kind] - (1 if mine and mine.kind == kind else 0)
        return (seen + 1) / (total + len(self.kinds) + 1)

    def _template_scores(
        self, lao: Lao, type_scope: Scope, province_scope: Scope, mine: Habit | None
    ) -> dict[tuple[str, str], float]:
        """P(template | type) + P(template | province), own host left out, priors counted once."""
        scores: dict[tuple[str, str], float] = defaultdict(float)
        own = (mine.prefix, mine.suffix) if mine else None
        priors = prior_templates(lao)
        for scope in (type_scope, province_scope):
            counts = self.templates.get(scope, Counter())
            total = self.totals[scope] - (1 if mine else 0) + PRIOR_WEIGHT * len(priors)
            for template in {*counts, *priors}:
                seen = counts[template] - (1 if template == own else 0) + PRIOR_WEIGHT * (template in priors)
                if seen > 0:
                    scores[template] += seen / total
        return scores


def _places(lao: Lao) -> dict[str, str]:
    return place_spellings(lao.province_code, lao.code[1:5])


def _scopes(lao: Lao) -> tuple[Scope, Scope]:
    return ("type", lao.type.value), ("province", lao.province_code)


def prior_templates(lao: Lao) -> set[tuple[str, str]]:
    """The hand-written templates of ``lao``'s type as (prefix, suffix) pairs."""
    found: set[tuple[str, str]] = set()
    for pattern in HOST_PATTERNS[lao.type]:
        abbreviations = province_abbreviations(lao.province_code) if "{p}" in pattern else ("",)
        for p in abbreviations:
            prefix, suffix = pattern.replace("{p}", p).split("{n}")
            found.add((prefix, suffix))
    return found
