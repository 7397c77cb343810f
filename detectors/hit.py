"""The detectors' internal result: a found identifier with its value, before it becomes a Finding."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Hit:
    """Where an identifier is, what kind, why. ``canonical`` never leaves ``detectors/``."""

    kind: str
    start: int
    end: int
    canonical: str = field(repr=False)
    reasons: tuple[str, ...]
    confidence: float
