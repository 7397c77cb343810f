"""``mask_isolated``: a document that takes too long or too much memory fails alone, with a reason."""

from __future__ import annotations

from core.config import Config
from masking import mask_isolated
from testkit.samples import Corpus


def test_a_document_over_the_time_limit_fails_with_the_reason(corpus: Corpus) -> None:
    config = Config()
    config.mask.timeout_seconds = 0.1  # OCR of a scan takes a second or more: far over twice this
    outcome = mask_isolated(corpus.scans["scan.png"], "scan.png", config)
    assert (outcome.status, outcome.output, outcome.format_note) == ("failed", None, "PNG")
    assert "took over 0.2 s" in outcome.reason


def test_a_document_over_the_memory_cap_fails_and_the_next_one_is_masked(corpus: Corpus) -> None:
    config = Config()
    config.documents.memory_mb = 64  # less than the PDF readers need to load
    outcome = mask_isolated(corpus.files["libreoffice.pdf"], "list.pdf", config)
    assert outcome.status == "failed" and outcome.output is None and outcome.reason
    outcome = mask_isolated(corpus.files["list.csv"], "list.csv", Config())
    assert outcome.status == "masked"
