"""A stand-in for ``x4watch crawl`` in tests that kill the parent of a sweep: it unpickles
(cfg, laos, store path) from the file named by its argument and runs the sweep.

Run as ``python tests/crawler/sweep_parent.py JOB``; prints ``started`` once the crawl child runs.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path


def main(job: str) -> None:
    from crawler.sweep import run_sweep
    from store import Store

    cfg, laos, store_path = pickle.loads(Path(job).read_bytes())  # the test's own file
    run_sweep(cfg, laos, store=Store(store_path, batch_size=cfg.store.batch_size))


if __name__ == "__main__":
    main(sys.argv[1])
