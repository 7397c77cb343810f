"""Checks the masking tests share: what a copy shows once read back, judged without the masker."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from core.config import DocumentsSettings
from detectors.registry import scan
from documents import extract
from testkit.samples import Person, ids_in


def read_back(data: bytes, name: str) -> str:
    """All the text ``documents`` reads from ``data`` (every archive member, every page)."""
    docs = extract(data, name, settings=DocumentsSettings())
    assert docs and all(doc.status in ("ok", "ocr") for doc in docs), [(d.status, d.reason) for d in docs]
    return "\n".join(doc.text for doc in docs)


def unmasked(text: str) -> int:
    """How many identifiers the detectors still find in ``text``."""
    return len(scan(text, secrets.token_bytes(16)))


def x4(number: str) -> str:
    """A synthetic ID or phone in its X4 form (no separators: the samples write them bare)."""
    return number[:-4] + "XXXX"


def leaked(text: str, people: Sequence[Person]) -> int:
    """How many of the people's IDs and phones ``text`` still holds whole (a count, so that a
    failing assert prints no number)."""
    bare = "".join(text.split())
    return len(ids_in(text, people)) + sum(p.phone in bare for p in people)
