"""One flagged finding for a document full of numbers no label or name explains.

A spreadsheet of random 13-digit numbers (account numbers, barcodes, a hostile file) passes the check
digit one time in ten: a million-row sheet gave 86,006 ``thai_id`` findings, each its own case. Real
leaks come with context: an allowance list prints the ID beside a person's title and name, a form
beside its label. So when a document has more than ``threshold`` findings with neither a label nor a
name near them, those become ONE finding of kind ``bulk`` (reason ``many_unlabelled``): a case an
analyst opens once and judges for the whole document. Findings with context stay as they are.

The bulk finding's ``numbers`` is how many it stands for; its fingerprint is the same for every
document (the case's identity is the document, LAO and URL), its snippet is the first folded one's
(already masked), and its masked form says how many numbers it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from detectors.finding import Finding
from detectors.fingerprint import fingerprint

KIND = "bulk"
REASON = "many_unlabelled"
CONTEXT_REASONS = frozenset({"label_near", "name_near"})
"""A finding with one of these is explained by its context and never folded."""
CONFIDENCE = 0.3


def unlabelled(finding: Finding) -> bool:
    """No label and no person's name near the number."""
    return CONTEXT_REASONS.isdisjoint(finding.reasons)


def fold(findings: Sequence[Finding], key: bytes, threshold: int) -> list[Finding]:
    """``findings`` with the unlabelled ones folded into one bulk finding when there are more than
    ``threshold`` of them (a document-level judgement: pass all of a document's findings)."""
    loose = [f for f in findings if unlabelled(f)]
    if len(loose) <= threshold:
        return list(findings)
    first = loose[0]
    bulk = replace(
        first,
        kind=KIND,
        masked=f"{len(loose):,} หมายเลข",
        fingerprint=fingerprint(KIND, key),
        confidence=CONFIDENCE,
        reasons=(REASON,),
        numbers=len(loose),
    )
    return [bulk, *(f for f in findings if not unlabelled(f))]
