"""Benchmark the detector registry against the simplest baseline on a generated Thai corpus.

The corpus imitates what a sweep reads: mostly ordinary LAO pages (news, procurement notices,
minutes, plans: Thai text with dates, amounts, project numbers) and, for a share of its bytes,
allowance lists whose rows carry national IDs in every published form (leaked, X4-masked, wrong
check digit), phones, juristic tax IDs and the decoys of issue 2. Both detectors scan the same
text in the same run, alternately, best of three (the machine is shared):

* baseline: one ``re`` for 13 ASCII digits between ``\\b`` plus ``stdnum.th.pin.is_valid``;
* x4watch: ``detectors.registry.scan`` (every kind, findings with snippets and fingerprints).

MB are UTF-8 megabytes of the corpus; times are CPU seconds of this process (the machine is
shared), best of ``--runs``. Recall and precision come from the corpus labels.

The ratio depends on how dense identifiers are. The prefilter (one C-speed regex) runs at about
twice the baseline's speed, so ordinary text (``prose_ratio``) is about 2x; every digit run that
may hold an identifier then costs Python work (layouts, check digit, context, snippet,
fingerprint: 30-40 us per finding), so a corpus of allowance lists alone (``dense_ratio``, about
3,000 identifiers per MB) runs at a tenth of the baseline. The default mix (1% of the bytes are
allowance lists, about 100 leaked identifiers per MB) sits close to break-even.

    .venv/bin/python -m bench.detectors            # 20 MB
    .venv/bin/python -m bench.detectors --mb 5     # quicker
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from collections.abc import Callable

from stdnum.th import pin

from detectors.fingerprint import fingerprint
from detectors.registry import KINDS, scan
from testkit import synthetic

KEY = b"bench-key"
BASELINE = re.compile(r"\b[0-9]{13}\b")


def corpus(rng: random.Random, megabytes: float, list_share: float) -> synthetic.LabeledText:
    """About ``megabytes`` of UTF-8 text, ``list_share`` of it allowance lists."""
    doc = synthetic.LabeledText("")
    parts: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        if rng.random() < list_share:
            page = synthetic.allowance_list(rng, rng.randint(30, 300))
            doc.truth.extend(page.truth)
            text = page.text
        else:
            text = synthetic.lao_page(rng, paragraphs=rng.randint(4, 40))
        parts.append(text)
        size += len(text.encode())
    doc.text = "".join(parts)
    return doc


def baseline(text: str) -> list[tuple[str, str]]:
    """The simplest detector: 13 contiguous digits between word boundaries, PIN checksum."""
    matches = (m.group() for m in BASELINE.finditer(text))
    return [("thai_id", fingerprint(number, KEY)) for number in matches if pin.is_valid(number)]


def ours(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.fingerprint) for f in scan(text, KEY, kinds=KINDS)]


Detector = Callable[[str], list[tuple[str, str]]]


def best_of(runs: int, detectors: dict[str, Detector], text: str) -> dict[str, float]:
    """Fastest wall time of each detector, alternating them so both see the same machine load."""
    best = dict.fromkeys(detectors, float("inf"))
    for _ in range(runs):
        for name, detect in detectors.items():
            started = time.process_time()
            detect(text)
            best[name] = min(best[name], time.process_time() - started)
    return best


def score(found: list[tuple[str, str]], truth: Counter[tuple[str, str]], kind: str) -> tuple[float, float]:
    """Recall and precision of ``found`` for one kind (multisets of kind and fingerprint)."""
    got = Counter(item for item in found if item[0] == kind)
    expected = Counter({k: v for k, v in truth.items() if k[0] == kind})
    hit = sum((got & expected).values())
    return hit / max(1, sum(expected.values())), hit / max(1, sum(got.values()))


def measure(doc: synthetic.LabeledText, runs: int) -> tuple[float, float, float]:
    """(MB, baseline MB/s, x4watch MB/s) on one corpus."""
    mb = len(doc.text.encode()) / 1e6
    best = best_of(runs, {"baseline": baseline, "x4watch": ours}, doc.text)
    return mb, mb / best["baseline"], mb / best["x4watch"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in UTF-8 MB (default 20)")
    parser.add_argument("--list-share", type=float, default=0.01, help="share of allowance lists")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per detector (best is kept)")
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    doc = corpus(rng, args.mb, args.list_share)
    truth = Counter((kind, fingerprint(number, KEY)) for kind, number in doc.truth)
    mb, base_rate, rate = measure(doc, args.runs)
    print(f"corpus: {mb:.1f} MB, {len(doc.truth)} leaked identifiers ({len(doc.truth) / mb:.0f} per MB)")
    print(f"baseline (\\b[0-9]{{13}}\\b + stdnum): {base_rate:7.1f} MB/s")
    print(f"x4watch registry:               {rate:7.1f} MB/s   ratio {rate / base_rate:.2f}")

    found, base_found = ours(doc.text), baseline(doc.text)
    figures = {}
    for kind in KINDS:
        recall, precision = score(found, truth, kind)
        figures[f"recall_{kind}"], figures[f"precision_{kind}"] = recall, precision
        print(f"  {kind:12} recall {recall:.4f}  precision {precision:.4f}")
    base_recall, base_precision = score(base_found, truth, "thai_id")
    print(f"  baseline thai_id recall {base_recall:.4f}  precision {base_precision:.4f}")

    ratios = {}
    for name, share in (("prose", 0.0), ("dense", 1.0)):
        part = corpus(random.Random(args.seed + 1), min(args.mb, 2.0), share)
        part_mb, part_base, part_rate = measure(part, args.runs)
        ratios[name] = part_rate / part_base
        print(
            f"{name} only ({part_mb:.1f} MB, {len(part.truth) / part_mb:.0f} identifiers per MB): "
            f"baseline {part_base:.1f} MB/s, x4watch {part_rate:.1f} MB/s, ratio {ratios[name]:.2f}"
        )
    result = {
        "mb": f"{mb:.1f}",
        "mb_per_s": f"{rate:.1f}",
        "baseline_mb_per_s": f"{base_rate:.1f}",
        "ratio": f"{rate / base_rate:.2f}",
        **{key: f"{value:.4f}" for key, value in figures.items()},
        "baseline_recall_thai_id": f"{base_recall:.4f}",
        "ids_per_mb": f"{len(doc.truth) / mb:.0f}",
        "prose_ratio": f"{ratios['prose']:.2f}",
        "dense_ratio": f"{ratios['dense']:.2f}",
    }
    print("RESULT " + " ".join(f"{key}={value}" for key, value in result.items()))


if __name__ == "__main__":
    main()
