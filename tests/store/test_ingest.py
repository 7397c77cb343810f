"""Idempotent ingestion: dedupe across sweeps, last-seen, remediation by sweep and recheck, reopening."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta

import pytest
from store_fixtures import Clock, document, finding, make_lao

from detectors.finding import Finding
from store import DocumentRecord, Store
from store.errors import PrivacyViolation
from store.models import KnownSite, Link
from store.privacy import storable_url

URL = "http://www.t1001.go.th/news/list.pdf"
Items = Sequence[tuple[DocumentRecord, Sequence[Finding]]]


def sweep(store: Store, items: Items, kind: str = "sweep") -> int:
    sweep_id = store.start_sweep(kind, {})
    store.record_documents(sweep_id, items)
    store.finish_sweep(sweep_id, "done", {})
    return sweep_id


def counts(store: Store) -> tuple[int, int, int]:
    overview = store.overview()
    return overview.documents, overview.findings, overview.cases


def test_reingesting_the_same_sweep_creates_no_duplicates(store: Store, ids: list[str]) -> None:
    items = [(document(URL, "1001"), [finding(i, start=n * 30) for n, i in enumerate(ids[:5])])]
    sweep_id = store.start_sweep("sweep", {})
    first = store.record_documents(sweep_id, items)
    again = store.record_documents(sweep_id, items)
    assert (first.new_cases, again.new_cases) == (5, 0)
    assert counts(store) == (1, 5, 5)
    assert all(len(store.case_history(int(i))) == 1 for i in store.cases()["id"])


def test_same_leak_in_a_later_sweep_moves_last_seen_not_a_new_case(store: Store, ids: list[str], clock: Clock) -> None:
    items = [(document(URL, "1001"), [finding(ids[0])])]
    sweep(store, items)
    before = store.cases().iloc[0]
    clock.advance(days=7)
    sweep(store, items)
    after = store.cases().iloc[0]
    assert counts(store) == (1, 1, 1)
    assert after["id"] == before["id"] and after["first_seen"] == before["first_seen"]
    assert after["last_seen"] > before["last_seen"] + timedelta(days=6)


def test_unchanged_document_sent_without_findings_keeps_its_cases_seen(
    store: Store, ids: list[str], clock: Clock
) -> None:
    sweep(store, [(document(URL, "1001"), [finding(ids[0]), finding(ids[1], start=50)])])
    clock.advance(days=7)
    sweep(store, [(document(URL, "1001"), [])])  # same bytes: the crawler did not parse again
    cases = store.cases()
    assert set(cases["state"]) == {"new"}
    assert (cases["last_seen"] > cases["first_seen"]).all()
    assert store.findings_for_document(URL)["current"].all()


def test_changed_document_without_the_leak_closes_its_case_with_evidence(store: Store, ids: list[str]) -> None:
    sweep(store, [(document(URL, "1001", "v1"), [finding(ids[0]), finding(ids[1], start=50)])])
    sweep(store, [(document(URL, "1001", "v2"), [finding(ids[1], start=50)])])
    cases = store.cases().set_index("masked")
    gone = cases.loc[finding(ids[0]).masked]
    assert gone["state"] == "remediated"
    assert cases.loc[finding(ids[1]).masked]["state"] == "new"
    event = store.case_history(int(gone["id"])).iloc[-1]
    assert event["who"] == "system"
    assert event["evidence"]["content_hash"] == document(URL, "1001", "v2").content_hash
    assert event["evidence"]["http_status"] == 200
    current = store.findings_for_document(URL)
    assert list(current[current["current"]]["masked"]) == [finding(ids[1]).masked]


def test_changed_document_that_failed_to_parse_concludes_nothing(store: Store, ids: list[str]) -> None:
    sweep(store, [(document(URL, "1001", "v1"), [finding(ids[0])])])
    sweep(store, [(document(URL, "1001", "v2", status="timeout"), [])])
    assert list(store.cases()["state"]) == ["new"]


def test_remediated_leak_seen_again_is_reopened_by_the_system(store: Store, ids: list[str]) -> None:
    sweep(store, [(document(URL, "1001", "v1"), [finding(ids[0])])])
    case_id = int(store.cases()["id"][0])
    store.transition(case_id, "confirmed", "ann")
    store.transition(case_id, "notified", "notify")
    sweep(store, [(document(URL, "1001", "v2"), [])])
    assert store.case(case_id).state == "remediated"
    sweep(store, [(document(URL, "1001", "v3"), [finding(ids[0], start=99)])])
    assert store.case(case_id).state == "reopened"
    history = store.case_history(case_id)
    assert list(history["to_state"]) == ["new", "confirmed", "notified", "remediated", "reopened"]
    assert history.iloc[-1]["who"] == "system"
    assert len(store.cases()) == 1


def test_false_positive_survives_resweeps(store: Store, ids: list[str]) -> None:
    items = [(document(URL, "1001"), [finding(ids[0])])]
    sweep(store, items)
    case_id = int(store.cases()["id"][0])
    store.transition(case_id, "false_positive", "ann", "a sample form, not a person")
    sweep(store, items)
    sweep(store, [(document(URL, "1001", "v2"), [finding(ids[0], start=5)])])
    assert store.case(case_id).state == "false_positive"
    assert len(store.case_history(case_id)) == 2


def test_recheck_of_a_removed_document_closes_open_cases_with_evidence(store: Store, ids: list[str]) -> None:
    sweep(store, [(document(URL, "1001"), [finding(ids[0]), finding(ids[1], start=40)])])
    first, second = (int(i) for i in sorted(store.cases()["id"]))
    store.transition(second, "false_positive", "ann")
    recheck = store.start_sweep("recheck", {})
    result = store.record_recheck(recheck, URL, 404, None, None)
    assert result.remediated == 1
    assert store.case(first).state == "remediated"
    assert store.case(second).state == "false_positive"
    evidence = store.case_history(first).iloc[-1]["evidence"]
    assert evidence["http_status"] == 404
    assert store.known_document(URL).http_status == 404  # type: ignore[union-attr]


def test_recheck_closes_only_the_fingerprints_no_longer_present(store: Store, ids: list[str]) -> None:
    sweep(store, [(document(URL, "1001"), [finding(ids[0]), finding(ids[1], start=40)])])
    kept = finding(ids[1]).fingerprint
    store.record_recheck(None, URL, 200, "newhash", {kept})
    states = dict(zip(store.cases()["fingerprint"], store.cases()["state"], strict=True))
    assert states == {finding(ids[0]).fingerprint: "remediated", kept: "new"}
    evidence = store.case_history(int(store.cases(states=["remediated"])["id"][0])).iloc[-1]["evidence"]
    assert evidence["content_hash"] == "newhash"


def test_recheck_that_could_not_read_the_document_concludes_nothing(store: Store, ids: list[str]) -> None:
    sweep(store, [(document(URL, "1001"), [finding(ids[0])])])
    store.record_recheck(None, URL, 503, None, None)
    assert list(store.cases()["state"]) == ["new"]


def test_a_batch_is_split_into_transactions_but_a_document_never_is(
    make_store: Callable[..., Store], ids: list[str]
) -> None:
    small = make_store(batch_size=3)
    small.upsert_laos([make_lao("1001")])
    items = [
        (document(f"{URL}?{n}", "1001"), [finding(i, start=k) for k in range(0, 50, 10)]) for n, i in enumerate(ids[:4])
    ]
    result = small.record_documents(None, items)
    assert (result.documents, result.findings, result.new_cases) == (4, 20, 4)


def test_a_full_id_in_a_snippet_is_refused_and_nothing_is_written(store: Store, ids: list[str]) -> None:
    leaky = finding(ids[0])
    leaky = type(leaky)(**{**{f: getattr(leaky, f) for f in leaky.__slots__}, "snippet": f"เลข {ids[0]}"})
    with pytest.raises(PrivacyViolation, match="snippet") as caught:
        store.record_documents(None, [(document(URL, "1001"), [finding(ids[1]), leaky])])
    assert ids[0] not in str(caught.value)
    assert counts(store) == (0, 0, 0)


def test_known_document_returns_the_validators_for_conditional_requests(store: Store, ids: list[str]) -> None:
    assert store.known_document(URL) is None
    sweep(store, [(document(URL, "1001"), [])])
    known = store.known_document(URL)
    assert known is not None and known.content_hash == document(URL, "1001").content_hash
    known_sites = store.known_sites(["1001", "1002"])
    assert known_sites["1001"].documents == {URL: known}
    assert known_sites["1002"].documents == {}


def test_known_site_keeps_page_links_and_lists_open_case_urls(store: Store, ids: list[str]) -> None:
    page = "http://www.t1001.go.th/news/"
    links = (Link(URL, 30), Link("http://www.t1001.go.th/news/?page=2", 20))
    sweep(store, [(replace(document(page, "1001"), links=links), []), (document(URL, "1001"), [finding(ids[0])])])
    sweep(store, [(document("http://www.t1002.go.th/", "1002"), [])])
    known = store.known_sites(["1001", "1003"])
    assert set(known) == {"1001", "1003"}
    assert known["1001"].documents[page].links == links
    assert known["1001"].documents[URL].links is None
    assert known["1001"].open_urls == {URL}
    assert known["1003"] == KnownSite({}, frozenset())
    sweep(store, [(replace(document(page, "1001", content="v2"), links=()), [])])
    assert store.known_sites(["1001"])["1001"].documents[page].links == ()


def test_page_links_holding_a_full_id_are_not_kept(store: Store, ids: list[str]) -> None:
    page = "http://www.t1001.go.th/staff/"
    links = (Link(URL, 30), Link(f"http://www.t1001.go.th/profile.php?cid={ids[0]}", 0))
    sweep(store, [(replace(document(page, "1001"), links=links), [])])
    assert store.known_sites(["1001"])["1001"].documents[page].links is None


def test_many_rechecks_in_one_call_each_conclude_on_their_own(store: Store, ids: list[str]) -> None:
    other = URL.replace("list", "other")
    sweep(store, [(document(URL, "1001"), [finding(ids[0])]), (document(other, "1001"), [finding(ids[1])])])
    result = store.record_rechecks(None, [(URL, 410, None, None), (other, 200, "same", {finding(ids[1]).fingerprint})])
    assert result.remediated == 1
    assert dict(zip(store.cases()["url"], store.cases()["state"], strict=True)) == {
        URL: "remediated",
        other: "new",
    }


def test_robots_txt_is_kept_per_host_and_replaced_unless_it_holds_a_full_id(
    store: Store, ids: list[str], clock: Clock
) -> None:
    assert store.record_robots([("1001", "www.t1001.go.th", b"User-agent: *\nDisallow: /a/\n")]) == 1
    clock.advance(hours=1)
    later = clock.now
    store.record_robots([("1001", "www.t1001.go.th", b"User-agent: *\nDisallow: /b/\n")])
    leaky = f"User-agent: *\nDisallow: /staff/{ids[0]}.pdf\n".encode()
    assert store.record_robots([("1001", "t1001.go.th", leaky), ("1002", "www.t1002.go.th", b"")]) == 1
    known = store.known_sites(["1001", "1002"])
    assert set(known["1001"].robots) == {"www.t1001.go.th"}, "a robots.txt holding a full ID is not kept"
    body, fetched_at = known["1001"].robots["www.t1001.go.th"]
    assert body == b"User-agent: *\nDisallow: /b/\n" and fetched_at > later
    assert known["1002"].robots["www.t1002.go.th"].body == b""


def test_a_masked_case_address_no_sweep_reached_is_noted_once_until_seen_again(
    store: Store, ids: list[str], clock: Clock
) -> None:
    full = f"http://www.t1001.go.th/uploads/{ids[0]}.pdf"
    masked = storable_url(full)
    sweep(store, [(document(full, "1001"), [finding(ids[1])])])
    case_id = int(store.cases()["id"].iloc[0])
    assert store.note_unreachable(7, [("1001", masked), ("1002", masked)]) == 1
    assert store.note_unreachable(8, [("1001", masked)]) == 0, "one note until the case is seen again"
    history = store.case_history(case_id)
    assert len(history) == 2 and "sweep 7" in history.iloc[-1]["note"] and ids[0] not in history.iloc[-1]["note"]
    assert store.cases().iloc[0]["state"] == "new", "nothing concludes from not reaching it"
    clock.advance(days=7)
    sweep(store, [(document(full, "1001"), [])])
    assert store.note_unreachable(9, [("1001", masked)]) == 1


def test_unchanged_since_is_kept_while_the_bytes_stay_and_reset_when_they_change(
    store: Store, ids: list[str], clock: Clock
) -> None:
    def since() -> object:
        return store.known_sites(["1001"])["1001"].documents[URL].unchanged_since

    sweep(store, [(document(URL, "1001"), [])])
    first = since()
    clock.advance(days=7)
    sweep(store, [(document(URL, "1001"), [])])
    assert since() == first, "the same bytes a week later: still unchanged since the first fetch"
    clock.advance(days=7)
    sweep(store, [(document(URL, "1001", content="v2"), [])])
    changed = since()
    assert changed is not None and first is not None and changed > first
    clock.advance(days=7)
    store.record_recheck(None, URL, 200, "another hash", set())
    assert since() > changed, "a recheck that found other bytes resets it too"


def test_how_a_document_was_found_and_the_page_linking_it_are_kept_as_evidence(store: Store, ids: list[str]) -> None:
    drive = "http://drive.google.sim/uc?export=download&id=1AbCdEfGhIjKlMnOpQr"
    page = "http://www.t1001.go.th/news_detail.php?id=5"
    record = replace(document(drive, "1001"), found_by="off-site", linked_from=page)
    sweep(store, [(record, [finding(ids[0])]), (document(URL, "1001"), [])])
    known = store.known_document(drive)
    assert known is not None and (known.found_by, known.linked_from) == ("off-site", page)
    assert store.known_document(URL).found_by == "link"
    row = store.findings(lao_code="1001").iloc[0]
    assert (row["url"], row["found_by"], row["linked_from"]) == (drive, "off-site", page)
