"""A document full of unexplained numbers becomes one flagged finding, not thousands (issue 15 §6)."""

from __future__ import annotations

import random

from detectors import bulk
from detectors.registry import scan
from testkit import synthetic

KEY = b"bulk"
rng = random.Random(6)


def test_more_unlabelled_findings_than_the_threshold_fold_into_one() -> None:
    labelled = [f"นาย ทดสอบ เลขประจำตัวประชาชน {synthetic.thai_id(rng)}" for _ in range(3)]
    bare = [f"รหัส {synthetic.thai_id(rng)}" for _ in range(30)]
    findings = scan("\n\n\n".join(labelled + bare).replace("\n\n\n", "\t\n" + "ก" * 70 + "\n"), KEY)
    assert len(findings) == 33
    folded = bulk.fold(findings, KEY, threshold=20)
    assert [f.kind for f in folded] == ["bulk", "thai_id", "thai_id", "thai_id"]
    flagged = folded[0]
    assert flagged.numbers == 30 and flagged.reasons == (bulk.REASON,) and flagged.masked == "30 หมายเลข"
    assert all("label_near" in f.reasons or "name_near" in f.reasons for f in folded[1:])


def test_up_to_the_threshold_nothing_folds() -> None:
    findings = scan("\t\n".join(f"รหัส {synthetic.thai_id(rng)}" for _ in range(20)), KEY)
    assert bulk.fold(findings, KEY, threshold=20) == findings
