"""The evidence page never shows a full ID, found or not (issue 15 §3)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from dashdata import LAOS, document, lao
from streamlit.testing.v1 import AppTest

from core import config
from dashboard import auth
from detectors.registry import scan
from simweb.hostile import separator_forms
from store import Store
from store.privacy import holds_full_id
from testkit import synthetic

APP = Path(__file__).resolve().parents[2] / "dashboard"
URL = "http://www.kaikham.go.th/separators.pdf"


@pytest.mark.parametrize("form", ["plus", "equals", "arabic_indic", "four_four_five"])
def test_an_undetected_form_beside_a_found_id_is_masked_on_the_evidence_page(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)
    monkeypatch.delenv("X4WATCH_STORE_PATH", raising=False)
    rng = random.Random(15)
    found, other = synthetic.thai_id(rng), synthetic.thai_id(rng)
    written = separator_forms(other)[form]
    text = f"นางสาว ทดสอบ เลขประจำตัวประชาชน {found} ข้าง {written} จบ"
    store = Store(config.load().store_path)
    store.upsert_laos([lao(*LAOS[0])])
    store.record_documents(store.start_sweep("sweep", {}), [(document(URL, LAOS[0][0]), scan(text, b"k", page=1))])
    case_id = int(store.findings_for_document(URL)["case_id"].iloc[0])
    at = AppTest.from_file(str(APP / "pages/evidence.py"), default_timeout=60)
    at.session_state["user"] = auth.User("somchai", "analyst")
    at.query_params["case"] = str(case_id)
    at.run()
    assert not at.exception
    shown = [str(e.value) for kind in ("text", "code", "markdown", "caption") for e in getattr(at, kind)]
    assert any(found[:9] + "XXXX" in value for value in shown), "the page shows the finding"
    leaks = sum(1 for value in shown if holds_full_id(value) or written in value)  # counted: a failure prints no ID
    assert leaks == 0
