"""The Finding contract between detectors and everything downstream (see the design's Contracts).

A Finding carries what may be kept about an identifier: its X4-masked form, a keyed fingerprint
for deduplication, where it sits, a snippet with every identifier in it masked, and a confidence with
short reason codes. The canonical value itself never leaves the detector that found it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    """Identifier kind: ``thai_id``, ``phone``, ``juristic_id``, ..."""
    masked: str
    """X4 form as published, separators kept: the last four digits replaced by X."""
    fingerprint: str
    """HMAC-SHA256 hex of the canonical value under the configured secret."""
    page: int | None
    """1-based page number, None when the format has no pages."""
    start: int
    """Offset of the first character of the identifier in that page's text."""
    end: int
    """Offset just past its last character."""
    snippet: str
    """Context around the identifier with every identifier in it masked."""
    confidence: float
    """0..1; the reasons say why."""
    reasons: tuple[str, ...] = ()
    """Short codes (``checksum_ok``, ``label_near``, ``name_near``, ...); never the value."""
    numbers: int = 1
    """How many identifiers this finding stands for: more than one only for a ``bulk`` finding, the
    one flagged case a document with implausibly many unlabelled numbers becomes (detectors.bulk)."""
