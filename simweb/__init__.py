"""simweb: a deterministic simulated LAO web on loopback, with ground truth, for tests and benchmarks.

Usage::

    with SimWeb(sites=20, seed=1, cache_dir=tmp) as web:
        web.proxy_url        # "http://127.0.0.1:PORT": use as the HTTP proxy, or send Host headers
        web.sites            # [SiteSpec(lao_code, host, home_url, faults, needs_js, ...)]
        web.truth(key)       # Truth: leaks per URL as (kind, fingerprint), unreachable URLs and why
"""

from __future__ import annotations

from simweb.model import SiteSpec
from simweb.web import SimWeb
from simweb.world import Truth, TruthDoc

__all__ = ["SimWeb", "SiteSpec", "Truth", "TruthDoc"]
