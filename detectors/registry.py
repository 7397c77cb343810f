"""The registry: every detector over a text in one pass, findings out.

One prefilter pass (:data:`detectors.normalize.PREFILTER`, C speed) finds the digit runs; each run
goes to the ID detector first and then to the phone detector for the groups no ID took, so one
string of digits is never reported twice. Each hit becomes a :class:`~detectors.finding.Finding`
with its X4-masked form, keyed fingerprint and a snippet in which every identifier is masked.

``juristic_id`` (a company's or government body's tax ID) is found with the personal IDs but only
reported when asked for: it is not personal data.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from itertools import islice

from detectors import bulk, phone, thai_id
from detectors.errors import UnknownKindError
from detectors.finding import Finding
from detectors.fingerprint import fingerprint
from detectors.hit import Hit
from detectors.mask import mask, mask_in_place, mask_loose, mask_window, one_line
from detectors.normalize import MAX_GAP, ZERO_WIDTH, runs

KINDS = (thai_id.KIND, phone.KIND, thai_id.JURISTIC_KIND)
"""Every kind the registry can report."""
DEFAULT_KINDS = (thai_id.KIND, phone.KIND)
"""Kinds reported when none are asked for (personal data only)."""
NAMES_TH = {
    thai_id.KIND: "เลขประจำตัวประชาชน",
    phone.KIND: "หมายเลขโทรศัพท์",
    thai_id.JURISTIC_KIND: "เลขทะเบียนนิติบุคคล",
    bulk.KIND: "เอกสารที่มีเลขจำนวนมาก (ตรวจทั้งฉบับ)",
}
"""The Thai name of each kind, as mails, reports, the dashboard and ``x4watch scan`` print it."""
SNIPPET_CONTEXT = 40
"""Characters of context on each side of a finding in its snippet."""
_LONG_BLANK = re.compile(f"[\\s{ZERO_WIDTH}]{{{MAX_GAP + 1},}}")
"""Whitespace and invisible characters that :func:`detectors.mask.one_line` shrinks below a gap."""


def check_kinds(kinds: Collection[str] | None) -> tuple[str, ...]:
    """The kinds to report; an unknown one raises UnknownKindError listing the known kinds."""
    if kinds is None:
        return DEFAULT_KINDS
    wanted = tuple(kinds)
    for kind in wanted:
        if kind not in KINDS:
            raise UnknownKindError(kind, KINDS)
    return wanted


def _detect(text: str, limit: int | None) -> list[Hit]:
    """Every identifier of every kind in text order; past ``limit`` of them it stops looking."""
    found: list[Hit] = []
    room = limit if limit is not None else -1
    for run in runs(text):
        taken: set[int] = set()
        in_run = []
        for first, stop, hit in thai_id.find(text, run):
            taken.update(range(first, stop))
            if hit is not None:
                in_run.append(hit)
                if len(in_run) == room:  # one run may hold a whole hostile page
                    break
        if len(taken) < len(run.groups):
            more = None if limit is None else max(room - len(in_run), 0)
            in_run.extend(islice((hit for _, _, hit in phone.find(text, run, taken)), more))
        found.extend(sorted(in_run, key=lambda h: h.start) if len(in_run) > 1 else in_run)
        room -= len(in_run)
        if room == 0:
            break
    return found


class _Snippets:
    """Snippets for the hits of one text: every identifier, found or not, masked in them."""

    def __init__(self, text: str, found: list[Hit]) -> None:
        self.text = text
        self.hit_spans = [(h.start, h.end) for h in found]
        self.hit_starts = [h.start for h in found]

    def around(self, hit: Hit) -> str:
        """Context around ``hit`` on one line, with every identifier in it masked.

        Found identifiers lose their last four digits. Masking does not rest on detection: every
        loose run (anything with nine digits or more, whatever separates them:
        :data:`detectors.normalize.LOOSE_RUN`) is masked too, and a run cut by the edge of the
        snippet loses all its digits, so no full identifier can survive in a snippet, found or not.
        When the window holds a blank wider than a run's widest gap, the one-line form is masked once
more: joining that blank into one space can bring two runs together.
        """
        text = self.text
        lo, hi = max(0, hit.start - SNIPPET_CONTEXT), min(len(text), hit.end + SNIPPET_CONTEXT)
        chars = list(text[lo:hi])
        near = self.hit_spans[bisect_left(self.hit_starts, lo) : bisect_left(self.hit_starts, hi)]
        whole = [(start, end) for start, end in near if end <= hi]  # one cut by an edge lies in a cut run
        for start, end in whole:
            mask_in_place(chars, start - lo, end - lo)
        snippet = one_line("".join(mask_window(text, lo, hi, chars, whole)))
        return mask_loose(snippet) if _LONG_BLANK.search(text, lo, hi) else snippet


def scan(
    text: str,
    key: bytes,
    *,
    page: int | None = None,
    kinds: Collection[str] | None = None,
    limit: int | None = None,
) -> list[Finding]:
    """Findings of the requested kinds (default: personal IDs and phones) in ``text``.

    ``page`` is copied into each finding; offsets are into ``text``. With ``limit``, detection
    stops after that many identifiers of any kind (the first in text order): a hostile page of a
    million ID-shaped numbers costs what ``limit`` of them cost. Raises UnknownKindError for a
    kind no detector serves.
    """
    wanted = check_kinds(kinds)
    every = _detect(text, limit)
    snippets = _Snippets(text, every)
    findings = []
    for hit in every:
        if hit.kind in wanted:
            masked = mask(text[hit.start : hit.end])
            findings.append(
                Finding(
                    kind=hit.kind,
                    masked=masked,
                    fingerprint=fingerprint(hit.canonical, key),
                    page=page,
                    start=hit.start,
                    end=hit.end,
                    snippet=snippets.around(hit),
                    confidence=hit.confidence,
                    reasons=hit.reasons,
                )
            )
    return findings
