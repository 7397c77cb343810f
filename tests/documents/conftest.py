"""Generated fixtures for the documents tests: Thai text, synthetic IDs, every format we read.

The slow conversions (LibreOffice, Chromium, pdftoppm) run once per test session and are cached
under pytest's temporary folder.
"""

from __future__ import annotations

import pytest

from testkit import samples
from testkit.samples import Corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return samples.corpus()
