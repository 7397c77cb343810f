"""Scans and photos: X boxes painted over the digits OCR locates; the copy reads back clean.

Slow (OCR of each copy two or three times over): ``pytest -m slow tests/masking``.
"""

from __future__ import annotations

import io

import pypdfium2
import pytest
from PIL import Image

from core.config import Config
from masking import mask_document
from testkit.samples import Corpus
from tests.masking.helpers import leaked, read_back, unmasked


@pytest.mark.slow
@pytest.mark.parametrize("name", ["scan.png", "scan.pdf"])
def test_a_scan_gets_x_boxes_and_reads_back_without_a_number(name: str, corpus: Corpus) -> None:
    people = corpus.people[:4]  # the scans list the first four
    original = corpus.scans[name]
    whole_before = leaked(read_back(original, name), people)  # a count: a failing assert prints no number
    assert whole_before > 0
    outcome = mask_document(original, name, Config())
    assert outcome.status == "masked", outcome.reason
    assert outcome.output is not None and outcome.output_name is not None
    text = read_back(outcome.output, outcome.output_name)
    loose, whole = unmasked(text), leaked(text, people)
    assert loose == 0 and whole == 0
    assert len(outcome.masked) >= 6  # OCR may misread a digit of a number it then does not report
    if name.endswith(".png"):
        copy = Image.open(io.BytesIO(outcome.output))
        assert (copy.format, copy.size) == ("PNG", Image.open(io.BytesIO(original)).size)
    else:
        pdf = pypdfium2.PdfDocument(outcome.output)
        assert len(pdf) == 1 and pdf[0].get_size() == pypdfium2.PdfDocument(original)[0].get_size()
