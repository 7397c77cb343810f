"""The masking tests' documents: every format from its real producer, masked once per session."""

from __future__ import annotations

import pytest

from core.config import Config
from masking import MaskOutcome, mask_document
from testkit import samples
from testkit.samples import Corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return samples.corpus()


@pytest.fixture(scope="session")
def outcomes(corpus: Corpus) -> dict[str, MaskOutcome]:
    """Every non-scan sample masked with the default settings."""
    config = Config()
    return {name: mask_document(data, name, config) for name, data in corpus.files.items()}
