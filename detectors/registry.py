"""The registry: every detector over a text in one pass, findings out.

One prefilter pass (:data:`detectors.normalize.PREFILTER`, C speed) finds the digit runs; each run
goes to the ID detector first and then to the phone detector for the groups no ID took, so one
string of digits is never reported twice. Each hit becomes a :class:`~detectors.finding.Finding`
with its X4-masked form, keyed fingerprint and a snippet in which every identifier is masked.

``juristic_id`` (a company's or government body's tax ID) is found with the personal IDs but only
reported when asked for: it is not personal data.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterator, Sequence

from detectors import phone, thai_id
from detectors.errors import UnknownKindError
from detectors.finding import Finding
from detectors.fingerprint import fingerprint
from detectors.hit import Hit
from detectors.mask import MASKED_DIGITS, mask, mask_in_place, one_line
from detectors.normalize import PREFILTER, runs

KINDS = (thai_id.KIND, phone.KIND, thai_id.JURISTIC_KIND)
"""Every kind the registry can report."""
DEFAULT_KINDS = (thai_id.KIND, phone.KIND)
"""Kinds reported when none are asked for (personal data only)."""
SNIPPET_CONTEXT = 40
"""Characters of context on each side of a finding in its snippet."""


def check_kinds(kinds: Collection[str] | None) -> tuple[str, ...]:
    """The kinds to report; an unknown one raises UnknownKindError listing the known kinds."""
    if kinds is None:
        return DEFAULT_KINDS
    wanted = tuple(kinds)
    for kind in wanted:
        if kind not in KINDS:
            raise UnknownKindError(kind, KINDS)
    return wanted


def hits(text: str) -> Iterator[Hit]:
    """Every identifier in ``text``, every kind, in text order."""
    for run in runs(text):
        taken: set[int] = set()
        found = []
        for first, stop, hit in thai_id.find(text, run):
            taken.update(range(first, stop))
            if hit is not None:
                found.append(hit)
        found.extend(hit for _, _, hit in phone.find(text, run, taken))
        yield from sorted(found, key=lambda h: h.start)


def snippet(text: str, hit: Hit, every: Sequence[Hit], starts: Sequence[int]) -> str:
    """Context around ``hit`` on one line, with every identifier in it masked.

    Found identifiers lose their last four digits; so does any other digit run long enough to be
    one (a wrong check digit, an unusual layout), and a run cut by the edge of the snippet loses
    all its digits, so no full identifier can survive in a snippet.
    """
    lo, hi = max(0, hit.start - SNIPPET_CONTEXT), min(len(text), hit.end + SNIPPET_CONTEXT)
    chars = list(text[lo:hi])
    near = every[max(0, bisect_left(starts, lo) - 1) : bisect_left(starts, hi)]
    spans = [(h.start, h.end) for h in near]
    spans += [(m.start(), m.end()) for m in PREFILTER.finditer(text, max(0, lo - 64), hi)]
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        inside = lo <= start and end <= hi
        mask_in_place(chars, max(start, lo) - lo, min(end, hi) - lo, MASKED_DIGITS if inside else hi - lo)
    return one_line("".join(chars)).strip()


def scan(
    text: str, key: bytes, *, page: int | None = None, kinds: Collection[str] | None = None
) -> list[Finding]:
    """Findings of the requested kinds (default: personal IDs and phones) in ``text``.

    ``page`` is copied into each finding; offsets are into ``text``. Raises UnknownKindError for
    a kind no detector serves.
    """
    wanted = check_kinds(kinds)
    every = list(hits(text))
    starts = [h.start for h in every]
    return [
        Finding(
            kind=hit.kind,
            masked=mask(text[hit.start : hit.end]),
            fingerprint=fingerprint(hit.canonical, key),
            page=page,
            start=hit.start,
            end=hit.end,
            snippet=snippet(text, hit, every, starts),
            confidence=hit.confidence,
            reasons=hit.reasons,
        )
        for hit in every
        if hit.kind in wanted
    ]
