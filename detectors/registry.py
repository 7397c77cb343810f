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
from collections.abc import Collection, Sequence

from detectors import phone, thai_id
from detectors.errors import UnknownKindError
from detectors.finding import Finding
from detectors.fingerprint import fingerprint
from detectors.hit import Hit
from detectors.mask import mask, mask_in_place, one_line
from detectors.normalize import runs

KINDS = (thai_id.KIND, phone.KIND, thai_id.JURISTIC_KIND)
"""Every kind the registry can report."""
DEFAULT_KINDS = (thai_id.KIND, phone.KIND)
NAMES_TH = {thai_id.KIND: "เลขประจำตัวประชาชน", phone.KIND: "หมายเลขโทรศัพท์", thai_id.JURISTIC_KIND: "เลขทะเบียนนิติบุคคล"}
"""The Thai name of each kind, as mails, reports, the dashboard and ``x4watch scan`` print it."""
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


def _detect(text: str) -> tuple[list[Hit], list[tuple[int, int]]]:
    """Every identifier of every kind in text order, and the span of every digit run."""
    found: list[Hit] = []
    spans: list[tuple[int, int]] = []
    for run in runs(text):
        spans.append((run.groups[0].start, run.groups[-1].end))
        taken: set[int] = set()
        in_run = []
        for first, stop, hit in thai_id.find(text, run):
            taken.update(range(first, stop))
            if hit is not None:
                in_run.append(hit)
        if len(taken) < len(run.groups):
            in_run.extend(hit for _, _, hit in phone.find(text, run, taken))
        found.extend(sorted(in_run, key=lambda h: h.start) if len(in_run) > 1 else in_run)
    return found, spans


Span = tuple[int, int]


def _overlapping(spans: Sequence[Span], starts: Sequence[int], lo: int, hi: int) -> list[Span]:
    """The spans (sorted, not overlapping each other) that overlap [lo, hi)."""
    out = []
    for index in range(bisect_left(starts, hi) - 1, -1, -1):
        if spans[index][1] <= lo:
            break
        out.append(spans[index])
    return out


class _Snippets:
    """Snippets for the hits of one text: every identifier and digit run in them masked."""

    def __init__(self, text: str, found: list[Hit], runs: list[tuple[int, int]]) -> None:
        self.text = text
        self.hit_spans = [(h.start, h.end) for h in found]
        self.hit_starts = [h.start for h in found]
        self.runs = runs
        self.run_starts = [start for start, _ in runs]

    def _alone(self, lo: int, hi: int) -> bool:
        """Only one finding and one digit run (its own, whole) touch [lo, hi)."""
        run = bisect_left(self.run_starts, hi) - 1
        hit = bisect_left(self.hit_starts, hi) - 1
        runs, hits = self.runs, self.hit_spans
        return (
            lo <= runs[run][0]
            and runs[run][1] <= hi
            and (run == 0 or runs[run - 1][1] <= lo)
            and (hit == 0 or hits[hit - 1][1] <= lo)
        )

    def around(self, hit: Hit, masked: str) -> str:
        """Context around ``hit`` on one line, with every identifier in it masked.

        Found identifiers lose their last four digits; so does any other digit run long enough to
        be one (a wrong check digit, an unusual layout), and a run cut by the edge of the snippet
        loses all its digits, so no full identifier can survive in a snippet. The common case, the
        finding alone in its context, is one string operation.
        """
        text = self.text
        lo, hi = max(0, hit.start - SNIPPET_CONTEXT), min(len(text), hit.end + SNIPPET_CONTEXT)
        if self._alone(lo, hi):
            return one_line(text[lo : hit.start] + masked + text[hit.end : hi])
        near_hits = _overlapping(self.hit_spans, self.hit_starts, lo, hi)
        near_runs = _overlapping(self.runs, self.run_starts, lo, hi)
        chars = list(text[lo:hi])
        whole = []
        for start, end in near_hits:
            if lo <= start and end <= hi:
                whole.append((start - lo, end - lo))
                mask_in_place(chars, start - lo, end - lo)
            else:
                mask_in_place(chars, max(start, lo) - lo, min(end, hi) - lo, hi - lo)
        for start, end in near_runs:
            if lo <= start and end <= hi:
                mask_in_place(chars, start - lo, end - lo)
            else:
                _mask_outside(chars, max(start, lo) - lo, min(end, hi) - lo, whole)
        return one_line("".join(chars))


def _mask_outside(chars: list[str], start: int, end: int, keep: Sequence[Span]) -> None:
    """Mask every digit of ``chars[start:end]`` outside the ``keep`` spans (already X4-masked)."""
    for position in range(start, end):
        if not any(a <= position < b for a, b in keep):
            mask_in_place(chars, position, position + 1, 1)


def scan(text: str, key: bytes, *, page: int | None = None, kinds: Collection[str] | None = None) -> list[Finding]:
    """Findings of the requested kinds (default: personal IDs and phones) in ``text``.

    ``page`` is copied into each finding; offsets are into ``text``. Raises UnknownKindError for
    a kind no detector serves.
    """
    wanted = check_kinds(kinds)
    every, spans = _detect(text)
    snippets = _Snippets(text, every, spans)
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
                    snippet=snippets.around(hit, masked),
                    confidence=hit.confidence,
                    reasons=hit.reasons,
                )
            )
    return findings
