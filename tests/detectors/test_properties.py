"""Hypothesis properties: every published variant is found, no mask or bad number ever is.

Strategies build a synthetic ID or phone, then publish it the way LAO documents do: separators,
digit scripts (per digit), zero-width characters, line breaks, neighbours glued on either side.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.th import pin

from detectors import registry
from detectors.fingerprint import fingerprint
from detectors.mask import mask
from detectors.registry import scan
from testkit import synthetic

KEY = b"property-key"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCRIPTS = ("0123456789", "๐๑๒๓๔๕๖๗๘๙", "０１２３４５６７８９")
SEPARATORS = ("-", " ", ".", "\u00a0", "\u2013", "\u2212", " - ")
THAI_NEIGHBOURS = ("", " ", "นาย", "เลขที่", "ที่อยู่", "บ้านเลขที่ ", "\n", "\t", "(", "ก", ": ")


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    seed = draw(st.integers(0, 2**32))
    return synthetic.thai_id(random.Random(seed))


def in_script(digits: str, scripts: list[int]) -> str:
    return "".join(SCRIPTS[s][int(d)] for d, s in zip(digits, scripts, strict=True))


@st.composite
def published(draw: st.DrawFn, number: str) -> str:
    """``number`` written as an LAO might: layout, separator, per-digit script, invisible marks."""
    scripts = draw(st.lists(st.integers(0, 2), min_size=len(number), max_size=len(number)))
    digits = in_script(number, scripts)
    if draw(st.booleans()):
        sep = draw(st.sampled_from(SEPARATORS))
        text = synthetic.official(digits, sep)
    else:
        text = digits
    if draw(st.booleans()):
        cut = draw(st.integers(1, len(text) - 1))
        if text[cut - 1].strip() and text[cut].strip():
            text = text[:cut] + draw(st.sampled_from(("\n", "\u200b", "\n    ", "\u200b\u200b"))) + text[cut:]
    return text


@SETTINGS
@given(number=valid_ids(), data=st.data())
def test_valid_id_is_found_in_any_published_variant(number: str, data: st.DataObject) -> None:
    raw = data.draw(published(number))
    before = data.draw(st.sampled_from(THAI_NEIGHBOURS))
    after = data.draw(st.sampled_from(THAI_NEIGHBOURS))
    text = f"{before}{raw}{after}"
    findings = scan(text, KEY)
    assert [f.fingerprint for f in findings] == [fingerprint(number, KEY)]
    (finding,) = findings
    assert finding.masked == mask(raw)
    assert text[finding.start : finding.end] == raw.strip()


@SETTINGS
@given(number=valid_ids(), data=st.data(), mask_char=st.sampled_from("XxX*#"))
def test_x4_masked_id_is_never_found(number: str, data: st.DataObject, mask_char: str) -> None:
    where = data.draw(st.sampled_from(("back", "front", "middle")))
    start = {"back": 9, "front": 0, "middle": data.draw(st.integers(1, 8))}[where]
    masked = number[:start] + mask_char * 4 + number[start + 4 :]
    raw = data.draw(published_masked(masked))
    row = data.draw(st.sampled_from(("", "12 ", "3\t", "นาย ก ")))
    assert scan(f"{row}{raw} ต่อ", KEY, kinds=registry.KINDS) == []


@st.composite
def published_masked(draw: st.DrawFn, masked: str) -> str:
    if draw(st.booleans()):
        return synthetic.official(masked, draw(st.sampled_from(SEPARATORS)))
    return masked


@SETTINGS
@given(seed=st.integers(0, 2**32), data=st.data())
def test_wrong_check_digit_is_never_found(seed: int, data: st.DataObject) -> None:
    number = synthetic.bad_checksum_id(random.Random(seed))
    assert pin.calc_check_digit(number[:12]) != number[12]
    raw = data.draw(published(number))
    assert [f for f in scan(f"เลข {raw} ท้าย", KEY, kinds=registry.KINDS) if f.kind != "phone"] == []


@SETTINGS
@given(seed=st.integers(0, 2**32), data=st.data())
def test_valid_phone_is_found_with_its_x4_form(seed: int, data: st.DataObject) -> None:
    rng = random.Random(seed)
    number = synthetic.mobile(rng) if rng.random() < 0.6 else synthetic.landline(rng)
    form = data.draw(st.sampled_from(sorted(synthetic.PHONE_FORMS)))
    raw = synthetic.PHONE_FORMS[form](number)
    label = data.draw(st.sampled_from(("โทร", "โทร. ", "เบอร์ ", "ติดต่อ ", "")))
    (finding,) = scan(f"{label}{raw} ค่ะ", KEY)
    assert finding.fingerprint == fingerprint(number, KEY)
    assert finding.masked == mask(raw)


@SETTINGS
@given(text=st.text(max_size=400))
def test_junk_never_raises(text: str) -> None:
    for finding in scan(text, KEY, kinds=registry.KINDS):
        assert finding.masked.count("X") >= 4


@SETTINGS
@given(text=st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙ -.\n\u200bXx*นาย", max_size=300))
def test_digit_soup_findings_are_valid_and_snippets_safe(text: str) -> None:
    for finding in scan(text, KEY, kinds=registry.KINDS):
        assert scan(finding.snippet, KEY, kinds=registry.KINDS) == []
