"""The registry: one pass, every kind, Findings per the contract, safe snippets."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable

import pytest

from detectors import errors, registry
from detectors.fingerprint import fingerprint
from detectors.registry import scan
from store.privacy import holds_full_id
from testkit import synthetic

KEY = b"test-key"
rng = random.Random(9)
ID = synthetic.thai_id(rng)
ZERO = synthetic.juristic_id(rng)
MOBILE = synthetic.mobile(rng)
TEXT = f"นายสมชาย ใจดี เลขประจำตัวประชาชน {synthetic.official(ID)} โทร. {MOBILE} บริษัท ก จำกัด {ZERO}"


def test_default_kinds_are_personal_data_only() -> None:
    assert [f.kind for f in scan(TEXT, KEY)] == ["thai_id", "phone"]
    assert [f.kind for f in scan(TEXT, KEY, kinds=registry.KINDS)] == ["thai_id", "phone", "juristic_id"]
    assert [f.kind for f in scan(TEXT, KEY, kinds=["phone"])] == ["phone"]


def test_unknown_kind_error_lists_the_known_ones() -> None:
    with pytest.raises(errors.UnknownKindError) as caught:
        scan(TEXT, KEY, kinds=["passport"])
    message = str(caught.value)
    assert "passport" in message
    assert all(kind in message for kind in registry.KINDS)


def test_finding_fields_follow_the_contract() -> None:
    first = scan(TEXT, KEY, page=3)[0]
    assert first.kind == "thai_id"
    assert first.page == 3
    assert TEXT[first.start : first.end] == synthetic.official(ID)
    assert first.masked == synthetic.official(ID[:9] + "XXXX")
    assert first.fingerprint == fingerprint(ID, KEY)
    assert 0 < first.confidence <= 1
    assert {"checksum_ok", "label_near", "name_near"} <= set(first.reasons)


def test_fingerprint_is_the_same_for_every_form_and_differs_by_key() -> None:
    forms = [form(ID) for form in synthetic.ID_FORMS.values()]
    prints = {f.fingerprint for text in forms for f in scan(f"เลข {text} นาย", KEY)}
    assert prints == {fingerprint(ID, KEY)}
    assert scan(f"เลข {ID}", b"other")[0].fingerprint != fingerprint(ID, KEY)


def test_empty_key_is_refused_with_what_to_configure() -> None:
    with pytest.raises(ValueError, match="X4WATCH_SECRET"):
        scan(f"เลข {ID}", b"")


def test_snippet_masks_every_identifier_in_it() -> None:
    bad = synthetic.bad_checksum_id(rng)
    text = f"เลข {ID} ข้าง {bad} และ {ZERO} โทร {MOBILE}"
    for finding in scan(text, KEY, kinds=registry.KINDS):
        assert ID not in finding.snippet and MOBILE not in finding.snippet
        assert ZERO not in finding.snippet and bad not in finding.snippet
        assert scan(finding.snippet, KEY, kinds=registry.KINDS) == []
        assert finding.masked in finding.snippet


def test_snippet_hides_all_digits_of_a_run_cut_by_its_edge() -> None:
    long_run = " ".join(str(rng.randrange(10**4, 10**5)) for _ in range(30))
    text = f"เลข {ID} {long_run}"
    (finding,) = scan(text, KEY)
    tail = finding.snippet.split(finding.masked, 1)[1]
    assert re.search(r"[0-9]", tail) is None


def test_snippet_is_one_line_without_invisible_characters() -> None:
    text = f"หัว\n\nเลข {ID[:5]}\u200b{ID[5:]}\nท้าย"
    (finding,) = scan(text, KEY)
    assert "\n" not in finding.snippet and "\u200b" not in finding.snippet


def test_findings_come_in_text_order_and_do_not_overlap() -> None:
    text = " ".join(f"{i} นาย ก {synthetic.thai_id(rng)} โทร {synthetic.mobile(rng)}" for i in range(50))
    found = scan(text, KEY)
    assert len(found) == 100
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_nothing_in_plain_text() -> None:
    assert scan("ประกาศ เรื่อง โครงการ ปี 2567 งบประมาณ 1,250,000 บาท", KEY) == []
    assert scan("", KEY) == []


UNDETECTED_FORMS = [
    pytest.param(lambda n: "+".join((n[0], n[1:5], n[5:10], n[10:12], n[12])), id="plus_signs"),
    pytest.param(lambda n: "=".join((n[0], n[1:5], n[5:10], n[10:12], n[12])), id="equals_signs"),
    pytest.param(lambda n: "^".join((n[:4], n[4:8], n[8:])), id="carets"),
    pytest.param(lambda n: n.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")), id="arabic_indic_digits"),
    pytest.param(lambda n: f"{n[:7]} >> {n[7:]}", id="angle_gap"),
]


@pytest.mark.parametrize("form", UNDETECTED_FORMS)
def test_an_id_in_a_form_no_detector_reads_is_masked_in_a_neighbours_snippet(form: Callable[[str], str]) -> None:
    """Masking a snippet does not rest on detection (issue 15): the neighbour's ID, in a form the
    detectors miss, loses digits too, and the store's guard accepts what is left."""
    other = synthetic.thai_id(rng)
    written = form(other)
    text = f"นาง ก เลขประจำตัวประชาชน {ID} ข้างเคียง {written} จบ"
    findings = scan(text, KEY)
    assert [f.masked for f in findings] == [ID[:9] + "XXXX"], "the other form is indeed not detected"
    snippet = findings[0].snippet
    assert written not in snippet
    assert not holds_full_id(snippet)
    assert holds_full_id(text), "the guard knows the form"
