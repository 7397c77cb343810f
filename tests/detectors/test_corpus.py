"""Recall and precision per kind on a labeled synthetic corpus covering every form and decoy.

Two documents: every published form and decoy of issue 2 written out one by one, and a
generated allowance list (20,000 rows) mixing them at random with row numbers, amounts, dates,
long reference numbers, phones, company tax IDs and the phone-then-row-number line trap.
The figures are printed (``pytest -s``) and asserted.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from detectors import registry
from detectors.fingerprint import fingerprint
from testkit import synthetic

KEY = b"corpus-key"
CONTEXTS = ("นาย สมชาย ใจดี {} อายุ 70 ปี", "{}", "ลำดับ 12 {} 600 บาท", "เลขประจำตัวประชาชน{}ที่อยู่")


def every_form(rng: random.Random) -> synthetic.LabeledText:
    """Each leak form, masked form and decoy in each context, one per line."""
    doc = synthetic.LabeledText("")
    lines = []
    for context in CONTEXTS:
        for form in synthetic.ID_FORMS.values():
            number = synthetic.thai_id(rng)
            doc.truth.append(("thai_id", number))
            lines.append(context.format(form(number)))
        for form in synthetic.MASKED_ID_FORMS.values():
            lines.append(context.format(form(synthetic.thai_id(rng))))
        for form in synthetic.PHONE_FORMS.values():
            number = synthetic.mobile(rng)
            doc.truth.append(("phone", number))
            lines.append("โทร. " + form(number))
        for form in synthetic.MASKED_PHONE_FORMS.values():
            lines.append("โทร. " + form(synthetic.landline(rng)))
        lines.append(context.format(synthetic.official(synthetic.bad_checksum_id(rng))))
        lines.append(context.format("9" + synthetic.thai_id(rng) + "5"))
        number = synthetic.juristic_id(rng)
        doc.truth.append(("juristic_id", number))
        lines.append(f"บริษัท ทดสอบ จำกัด เลขประจำตัวผู้เสียภาษี {number}")
    doc.text = "\n".join(lines) + "\n"
    return doc


def scores(doc: synthetic.LabeledText) -> dict[str, tuple[int, float, float]]:
    """Per kind: (expected count, recall, precision), matching by kind and fingerprint."""
    expected = Counter((kind, fingerprint(number, KEY)) for kind, number in doc.truth)
    got = Counter((f.kind, f.fingerprint) for f in registry.scan(doc.text, KEY, kinds=registry.KINDS))
    out = {}
    for kind in registry.KINDS:
        want = Counter({k: v for k, v in expected.items() if k[0] == kind})
        have = Counter({k: v for k, v in got.items() if k[0] == kind})
        hit = sum((want & have).values())
        out[kind] = (sum(want.values()), hit / max(1, sum(want.values())), hit / max(1, sum(have.values())))
    return out


@pytest.mark.parametrize(
    "name",
    ["every_form", "allowance_list"],
)
def test_recall_and_precision_per_kind(name: str) -> None:
    rng = random.Random(2026)
    doc = every_form(rng) if name == "every_form" else synthetic.allowance_list(rng, 20_000)
    figures = scores(doc)
    for kind, (count, recall, precision) in figures.items():
        print(f"{name:15} {kind:12} n={count:6d} recall={recall:.4f} precision={precision:.4f}")
    for kind, (count, recall, precision) in figures.items():
        assert count > 0, kind
        assert recall >= 0.995, (kind, recall)
        assert precision >= 0.995, (kind, precision)
