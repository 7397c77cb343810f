"""The case lifecycle: every pair of states, legal ones change and leave an event, illegal ones refuse."""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from store_fixtures import Clock, document, finding, make_lao

from store import STATES, TRANSITIONS, IllegalTransition, Store, UnknownCase, UnknownState
from store.lifecycle import NEEDS_EARLIER_CONFIRMATION
from testkit import synthetic

PAIRS = list(itertools.product(STATES, STATES))
URL = "http://www.t1001.go.th/list.pdf"


def path_to(state: str) -> list[str]:
    """Shortest chain of legal transitions from 'new' to ``state`` (BFS over the table)."""
    previous: dict[str, str | None] = {"new": None}
    queue = deque(["new"])
    while queue:
        current = queue.popleft()
        for nxt in sorted(TRANSITIONS[current]):
            if nxt not in previous:
                previous[nxt] = current
                queue.append(nxt)
    chain: list[str] = []
    node: str | None = state
    while node is not None and node != "new":
        chain.append(node)
        node = previous[node]
    return chain[::-1]


@pytest.fixture(scope="module")
def pair_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, list[int]]:
    """One case per (from, to) pair, all opened by one ingest."""
    store = Store(tmp_path_factory.mktemp("lifecycle") / "x.duckdb", clock=Clock())
    store.upsert_laos([make_lao("1001")])
    rng = random.Random(7)
    findings = [finding(synthetic.thai_id(rng), start=i * 20) for i in range(len(PAIRS))]
    store.record_documents(None, [(document(URL, "1001"), findings)])
    ids = sorted(int(i) for i in store.cases()["id"])
    return store, ids


@pytest.mark.parametrize(("from_state", "to_state"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_follows_the_table(pair_store: tuple[Store, list[int]], from_state: str, to_state: str) -> None:
    store, ids = pair_store
    case_id = ids[PAIRS.index((from_state, to_state))]
    if (from_state, to_state) in NEEDS_EARLIER_CONFIRMATION:  # only a case once confirmed may take it
        store.transition(case_id, "confirmed", "setup")
    for step in path_to(from_state):
        store.transition(case_id, step, "setup")
    assert store.case(case_id).state == from_state
    events_before = len(store.case_history(case_id))
    if to_state in TRANSITIONS[from_state]:
        store.transition(case_id, to_state, "analyst", "checked the PDF")
        history = store.case_history(case_id)
        assert store.case(case_id).state == to_state
        assert len(history) == events_before + 1
        last = history.iloc[-1]
        assert (last["who"], last["from_state"], last["to_state"], last["note"]) == (
            "analyst",
            from_state,
            to_state,
            "checked the PDF",
        )
    else:
        with pytest.raises(IllegalTransition, match=f"cannot go from '{from_state}' to '{to_state}'"):
            store.transition(case_id, to_state, "analyst")
        assert store.case(case_id).state == from_state
        assert len(store.case_history(case_id)) == events_before


def opened(store: Store, count: int = 3) -> list[int]:
    rng = random.Random(11)
    store.record_documents(
        None, [(document(URL, "1001"), [finding(synthetic.thai_id(rng), start=i * 20) for i in range(count)])]
    )
    return sorted(int(i) for i in store.cases()["id"])


def test_a_new_case_starts_with_an_opening_event_by_the_system(store: Store) -> None:
    case_id = opened(store, 1)[0]
    history = store.case_history(case_id)
    assert list(history["to_state"]) == ["new"]
    assert history.iloc[0]["who"] == "system"
    assert history.iloc[0]["from_state"] is None


def test_notified_sets_the_deadline_and_overdue_follows_the_clock(
    make_store: Callable[..., Store], clock: Clock
) -> None:
    store = make_store(deadline_days=15)
    store.upsert_laos([make_lao("1001")])
    case_id = opened(store, 1)[0]
    store.transition(case_id, "confirmed", "ann")
    store.transition(case_id, "notified", "notify")
    case = store.case(case_id)
    assert case.notified_at is not None and case.deadline == case.notified_at + timedelta(days=15)
    clock.advance(days=14)
    assert store.overdue().empty
    clock.advance(days=2)
    overdue = store.overdue()
    assert list(overdue["id"]) == [case_id]
    assert int(overdue.iloc[0]["days_overdue"]) == 1
    assert store.overview().overdue == 1
    store.transition(case_id, "remediated", "ann")
    assert store.overdue().empty


def test_bulk_transition_is_all_or_nothing(store: Store) -> None:
    ids = opened(store)
    store.transition(ids[0], "confirmed", "ann")
    with pytest.raises(IllegalTransition, match=f"case {ids[0]}"):
        store.bulk_transition(ids, "confirmed", "ann")
    assert [store.case(i).state for i in ids] == ["confirmed", "new", "new"]
    assert store.bulk_transition(ids[1:], "confirmed", "ann", "batch") == 2
    assert {store.case(i).state for i in ids} == {"confirmed"}


def test_unknown_case_and_unknown_state_are_refused_clearly(store: Store) -> None:
    ids = opened(store, 1)
    with pytest.raises(UnknownCase, match="no case with id 999"):
        store.transition(999, "confirmed", "ann")
    with pytest.raises(UnknownState, match="known states are new, confirmed"):
        store.transition(ids[0], "fixed", "ann")


def test_assignment_and_notes_are_history_without_state_change(store: Store) -> None:
    case_id = opened(store, 1)[0]
    store.assign([case_id], "somchai", who="lead")
    store.add_note(case_id, "somchai", "called the LAO")
    assert store.case(case_id).assignee == "somchai"
    history = store.case_history(case_id)
    assert list(history["note"])[-2:] == ["assigned to somchai", "called the LAO"]
    assert list(history["to_state"]) == ["new", "new", "new"]


def test_reopen_clears_the_deadline_until_notified_again(store: Store, clock: Clock) -> None:
    case_id = opened(store, 1)[0]
    for step in ("confirmed", "notified", "remediated", "reopened"):
        store.transition(case_id, step, "ann")
    case = store.case(case_id)
    assert (case.state, case.deadline, case.remediated_at) == ("reopened", None, None)


def test_store_from_config_takes_path_budget_batch_and_deadline(tmp_path: Path) -> None:
    from core import config

    cfg = config.load({"X4WATCH_HOME": str(tmp_path), "X4WATCH_CASES_DEADLINE_DAYS": "9"})
    store = Store.from_config(cfg)
    assert (store.path, store.deadline_days, store.batch_size) == (tmp_path / "x4watch.duckdb", 9, 500)


def test_a_reopened_case_confirmed_before_may_be_notified_again_without_a_new_confirmation(store: Store) -> None:
    confirmed, never = opened(store, 2)
    for step in ("confirmed", "notified", "remediated", "reopened"):
        store.transition(confirmed, step, "ann")
    for step in ("remediated", "reopened"):
        store.transition(never, step, "system")
    store.transition(confirmed, "notified", "x4watch-notify", "alert mail k")
    assert store.case(confirmed).state == "notified" and store.case(confirmed).deadline is not None
    with pytest.raises(IllegalTransition, match="cannot go from 'reopened' to 'notified'"):
        store.transition(never, "notified", "x4watch-notify")
    assert store.case(never).state == "reopened"
    with pytest.raises(IllegalTransition):  # all or none: one never-confirmed case refuses the set
        store.bulk_transition([never], "notified", "x4watch-notify")
