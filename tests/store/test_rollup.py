"""The per-LAO roll-ups behind the dashboard's counts always equal a fresh count of the base tables."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import duckdb
from store_fixtures import Clock, document, finding, make_lao

from store import TRANSITIONS, IllegalTransition, Store
from testkit import synthetic

LAOS = ("1001", "1002", "5001", "5002")

FRESH = """
SELECT l.code AS lao_code,
       (SELECT count(*) FROM documents d WHERE d.lao_code = l.code) AS documents,
       (SELECT count(*) FROM findings f WHERE f.lao_code = l.code) AS findings,
       (SELECT count(*) FROM cases c WHERE c.lao_code = l.code) AS cases,
       (SELECT count(*) FROM cases c WHERE c.lao_code = l.code AND c.state IN
            ('new', 'confirmed', 'notified', 'acknowledged', 'reopened')) AS open_cases,
       (SELECT count(*) FROM cases c WHERE c.lao_code = l.code AND c.kind = 'phone' AND c.state IN
            ('new', 'confirmed', 'notified', 'acknowledged', 'reopened')) AS open_phone
FROM laos l ORDER BY l.code
"""


def fresh_counts(path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path))
    try:
        return con.execute(FRESH).fetchall()
    finally:
        con.close()


def random_history(store: Store, rng: random.Random, steps: int) -> None:
    """Sweeps that add, keep, change and drop leaks; analysts moving cases; rechecks finding 404s."""
    ids = [synthetic.thai_id(rng) for _ in range(30)]
    phones = [synthetic.mobile(rng) for _ in range(10)]
    for step in range(steps):
        items = []
        for n in range(rng.randint(1, 4)):
            lao = rng.choice(LAOS)
            url = f"http://www.t{lao}.go.th/doc{rng.randint(0, 5)}.pdf"
            leaks = [finding(i, start=k * 20) for k, i in enumerate(rng.sample(ids, rng.randint(0, 4)))]
            leaks += [finding(p, kind="phone", page=None, start=500 + k) for k, p in enumerate(rng.sample(phones, 1))]
            items.append((document(url, lao, content=f"v{rng.randint(0, 2)}"), leaks if n % 3 else leaks[:1]))
        store.record_documents(step, items)
        cases = store.cases()
        for case_id, state in rng.sample(list(zip(cases["id"], cases["state"], strict=True)), min(3, len(cases))):
            options = sorted(TRANSITIONS[state])
            if options:
                with contextlib.suppress(IllegalTransition):  # reopened → notified needs an earlier confirmation
                    store.transition(int(case_id), rng.choice(options), "analyst")
        if rng.random() < 0.3 and len(cases):
            store.record_recheck(step, str(rng.choice(list(cases["url"]))), 404, None, None)


def test_rollups_match_fresh_counts_after_a_random_history(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.duckdb", clock=Clock())
    store.upsert_laos([make_lao(code, code[:2]) for code in LAOS])
    random_history(store, random.Random(5), steps=10)
    by_lao = store.counts_by_lao().sort_values("lao_code")
    shown = list(
        by_lao[["lao_code", "documents", "findings", "cases", "open_cases", "open_phone"]].itertuples(
            index=False, name=None
        )
    )
    assert [tuple(int(v) if i else v for i, v in enumerate(row)) for row in shown] == fresh_counts(
        tmp_path / "r.duckdb"
    )
    overview = store.overview()
    assert (
        sum(overview.by_state.values()) == overview.cases == sum(row[3] for row in fresh_counts(tmp_path / "r.duckdb"))
    )
    assert overview.open_cases > 0 and len(overview.by_state) >= 4  # the history did move cases around
