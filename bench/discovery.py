"""How well discovery finds LAO websites: guesses on the real list, sources on the simulated web.

1. **Candidate recall, offline, leave-one-out.** For every LAO of the committed seed list whose
   host is known, is that host among the candidates ``seeds.guess`` proposes for it, with the
   model learned from the whole list but never from that LAO's own host? No network.
2. **Discovery on simweb.** ``--sites`` LAOs of the list with a go.th host (what the sources
   enumerate) are served by simweb at their real hosts;
   most of them (``--hidden``) are handed to discovery without their website, the rest stay listed.
   The simulated sources (``simweb.sources``: CT log, archive indexes, provincial offices, search
   API) list them among decoys. Recall counts the hidden sites found (dead hosts excluded);
   precision counts discoveries that are the LAO's own site.

    python -m bench.discovery                 # 3,324 known hosts; 300 simweb sites, 80% hidden
    python -m bench.discovery --sites 100 --no-guesses
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from seeds.discover import discover, http_fetcher
from seeds.fetch import http_getter
from seeds.guess import MAX_CANDIDATES, HostModel, go_th_label
from seeds.load import load_laos
from seeds.model import Lao, UrlSource
from seeds.sources import enumerate_hosts
from seeds.urls import host_key


def candidate_recall(laos: list[Lao]) -> tuple[int, float, float]:
    """(LAOs with a known host, share whose host is a candidate, median candidate hosts per LAO)."""
    known = [lao for lao in laos if lao.website and lao.url_source in (UrlSource.REGISTRY, UrlSource.REPAIRED)]
    model = HostModel.learn(laos)
    hits, sizes = 0, []
    for lao in known:
        labels = model.candidates(replace(lao, website="", url_raw=""))
        sizes.append(2 * len(labels))  # each label is probed with and without www.
        hits += go_th_label(lao.website) in labels
    return len(known), hits / len(known), statistics.median(sizes)


def simweb_discovery(laos: list[Lao], sites: int, hidden: float, seed: int, guesses: bool) -> tuple[float, float, int]:
    """(recall, precision, discoveries) of discovery with every simulated source on."""
    from simweb.sources import SimSources
    from simweb.web import SimWeb

    rng = random.Random(seed)
    with_site = [
        lao for lao in laos if go_th_label(lao.website) and lao.url_source in (UrlSource.REGISTRY, UrlSource.REPAIRED)
    ]
    chosen = rng.sample(with_site, sites)
    hide = {lao.code for lao in rng.sample(chosen, int(sites * hidden))}
    listed = [
        replace(lao, website="", url_source=UrlSource.NONE, url_raw="") if lao.code in hide else lao for lao in laos
    ]
    targets = [lao for lao in listed if lao.code in hide]
    with tempfile.TemporaryDirectory() as tmp:
        web = SimWeb(chosen, sites=sites, seed=seed, cache_dir=Path(tmp))
        served = [(web.world.laos[i], spec.host) for i, spec in enumerate(web.sites)]
        down = {lao.code for i, (lao, _) in enumerate(served) if web.world.is_down(i)}
        truth = {lao.code: host_key(f"http://{host}/") for lao, host in served}
        sources = SimSources(served, laos, seed)
        web.server.services.update(sources.services())
        with web:
            get = http_getter(web.proxy_url, "x4watch-bench", 5.0, allow_loopback=True)
            found_hosts = enumerate_hosts(sources.settings(), lambda url: _body(get(url)), targets)
            fetch = http_fetcher(web.proxy_url, "x4watch-bench", 5.0, allow_loopback=True)
            found = discover(listed, targets, fetch, workers=8, hosts=[f.host for f in found_hosts], guess=guesses)
    correct = sum(1 for d in found if truth.get(d.code) == host_key(d.website))
    reachable = [code for code in hide if code not in down]
    recall = sum(1 for d in found if d.code in reachable and truth[d.code] == host_key(d.website)) / max(
        1, len(reachable)
    )
    return recall, correct / len(found) if found else 0.0, len(found)


def _body(answer: object) -> bytes | None:
    return getattr(answer, "body", None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=300, help="LAO sites served by simweb")
    parser.add_argument("--hidden", type=float, default=0.8, help="share of them handed over without a website")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-guesses", action="store_true", help="simweb part: sources only, no guessed hosts")
    args = parser.parse_args(argv)
    laos = load_laos()
    started = time.monotonic()
    known, recall, median = candidate_recall(laos)
    print(
        f"candidate recall (leave-one-out, <= {2 * MAX_CANDIDATES} hosts an LAO): {recall:.3f} of {known:,} known hosts"
    )
    print(f"  median candidate hosts per LAO: {median:.0f}  ({time.monotonic() - started:.1f} s)")
    started = time.monotonic()
    sim_recall, sim_precision, count = simweb_discovery(laos, args.sites, args.hidden, args.seed, not args.no_guesses)
    print(
        f"simweb: {count} discoveries, recall {sim_recall:.3f}, precision {sim_precision:.3f} "
        f"({time.monotonic() - started:.1f} s)"
    )
    print(
        f"RESULT laos_known={known} candidate_recall={recall:.3f} candidates_median={median:.0f} "
        f"simweb_recall={sim_recall:.3f} simweb_precision={sim_precision:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
