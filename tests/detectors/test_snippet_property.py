"""Whatever surrounds a found ID, its snippet holds no full ID by the store's guard (issue 15 §3)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detectors.mask import mask_loose
from detectors.registry import scan
from store.privacy import holds_full_id
from testkit import synthetic

KEY = b"snippet-property"
SEPARATORS = " -./_:,;|+=~\t\n\u00a0\u200b*#"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32),
    before=st.text(alphabet="0123456789๐๑๒๓๔٠١٢ นาย" + SEPARATORS, max_size=120),
    after=st.text(alphabet="0123456789๕๖๗๘๙٣٤٥ งาน" + SEPARATORS, max_size=120),
    cuts=st.lists(st.integers(1, 12), max_size=5),
    separator=st.sampled_from(SEPARATORS),
)
def test_a_neighbour_id_in_any_form_never_survives_in_a_snippet(
    seed: int, before: str, after: str, cuts: list[int], separator: str
) -> None:
    rng = random.Random(seed)
    found, other = synthetic.thai_id(rng), synthetic.thai_id(rng)
    written = "".join(d + (separator if i + 1 in cuts else "") for i, d in enumerate(other))
    text = f"{before}{written} นาง ก เลขประจำตัวประชาชน {found} {after}"
    for finding in scan(text, KEY):
        leaked = holds_full_id(finding.snippet)  # outside the assert: a failure must not print the ID
        assert not leaked, mask_loose(finding.snippet)
