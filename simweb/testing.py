"""pytest plugin (``-p simweb.testing``): one simulated web per test session.

``simweb_server`` serves SITES synthetic sites (seed 1, day 0; every fault appears on at least
one site) from a background thread for the whole session; tests that need another day or seed build
their own ``SimWeb``. ``TEST_KEY`` is the fingerprint key its truth endpoint uses.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simweb.laos import synthetic_laos
from simweb.model import SITE_FAULTS
from simweb.web import SimWeb

SITES = max(phase for _, phase in SITE_FAULTS.values()) + 5
SEED = 1
TEST_KEY = b"x4watch-simweb-test-key"


@pytest.fixture(scope="session")
def simweb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimWeb]:
    """A started SimWeb of SITES synthetic sites; ``.proxy_url``, ``.sites``, ``.truth(key)``."""
    cache = tmp_path_factory.mktemp("simweb-cache")
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=SEED, cache_dir=cache, truth_key=TEST_KEY) as web:
        yield web
