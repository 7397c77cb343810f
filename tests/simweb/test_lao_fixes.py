"""simweb plays the LAO's part: on a later day some leaking files are replaced by their masked copy,
which is what ``x4watch mask`` makes of the original (byte for byte for CSV), and the truth of that
day no longer counts them as leaks."""

from __future__ import annotations

from pathlib import Path

from core.config import Config
from masking.engine import mask_document
from simweb.fixes import lao_fixes
from simweb.laos import synthetic_laos
from simweb.web import SimWeb
from simweb.world import World

KEY = b"lao-fixes-test-key"


def test_a_replaced_csv_is_the_x4watch_mask_copy_of_the_original(tmp_path: Path) -> None:
    world = World(synthetic_laos(30), sites=30, seed=3, day=0, cache_dir=tmp_path)
    checked = 0
    for index in range(30):
        for doc in world.plan(index, cached=False).docs:
            if doc.fmt != "csv" or doc.fixed_day is None or doc.fault or doc.variant(0) != 0:
                continue
            world.set_day(0)
            original = world.document_bytes(world.plan(index, cached=False), doc)
            world.set_day(doc.fixed_day)
            replaced = world.document_bytes(world.plan(index, cached=False), doc)
            outcome = mask_document(original, "list.csv", Config())
            if outcome.status != "masked":  # the engine refuses a copy it cannot verify: nothing to compare
                continue
            assert outcome.output == replaced
            checked += 1
    assert checked >= 2


def test_lao_fixes_tells_replaced_and_removed_files_from_those_still_leaking(tmp_path: Path) -> None:
    with SimWeb(synthetic_laos(20), sites=20, seed=3, cache_dir=tmp_path) as web:
        before = web.truth(KEY)
        web.set_day(6)
        after = web.truth(KEY)
    fixed, kept = lao_fixes(before, after)
    with_removed, _ = lao_fixes(before, after, removed=True)
    later = {doc.url: doc for doc in after.documents}
    assert fixed and kept and len(with_removed) > len(fixed)
    assert all(doc.leaks and not later[doc.url].leaks for doc in fixed)
    assert all(later[doc.url].leaks for doc in kept)
    assert all(doc.url not in later for doc in with_removed if doc not in fixed)
