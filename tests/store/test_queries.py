"""The read side on a fixture store filled through the store's own writes (two provinces, three LAOs)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from store_fixtures import Clock, document, finding, make_lao

from seeds.model import Contact
from store import SiteRecord, Store, UnknownSweep
from testkit import synthetic

BKK_DOC = "http://www.t1001.go.th/a.pdf"
BKK_DOC2 = "http://www.t1002.go.th/b.xlsx"
CM_DOC = "http://www.t5001.go.th/c.pdf"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Clock]:
    """Bangkok: 1001 leaks 3 (one notified and overdue, one false positive), 1002 leaks 1 phone;
    Chiang Mai: 5001 inspected, leak remediated."""
    import random

    clock = Clock()
    store = Store(tmp_path_factory.mktemp("queries") / "q.duckdb", clock=clock, deadline_days=15)
    store.upsert_laos([make_lao("1001"), make_lao("1002"), make_lao("5001", "50", "เชียงใหม่"), make_lao("5002", "50")])
    store.upsert_contacts([Contact("1001", "นาย ก", "a@t1001.go.th", "bkk@dla.go.th"), {"lao_code": "5001"}])
    rng = random.Random(3)
    ids = [synthetic.thai_id(rng) for _ in range(5)]
    sweep = store.start_sweep("sweep", {"province": None})
    store.record_sites(
        sweep, [SiteRecord("1001", "http://www.t1001.go.th/"), SiteRecord("5001", "http://www.t5001.go.th/")]
    )
    store.record_documents(
        sweep,
        [
            (
                document(BKK_DOC, "1001"),
                [finding(ids[0], page=1), finding(ids[1], page=2), finding(ids[2], page=2)],
            ),
            (
                document(BKK_DOC2, "1002", status="ok"),
                [finding(synthetic.mobile(rng), kind="phone", page=None)],
            ),
            (document(CM_DOC, "5001"), [finding(ids[3])]),
            (document("http://www.t5001.go.th/scan.pdf", "5001", status="encrypted"), []),
        ],
    )
    store.record_errors(sweep, [("1002", "http://www.t1002.go.th/x", "timeout", "30 s")])
    store.finish_sweep(sweep, "done", {"sites_done": 2, "documents": 4})
    cases = store.cases().set_index("masked")["id"]
    first, second = int(cases[finding(ids[0]).masked]), int(cases[finding(ids[1]).masked])
    store.bulk_transition([first], "confirmed", "ann")
    store.transition(first, "notified", "notify")
    store.transition(second, "false_positive", "ann")
    store.record_recheck(None, CM_DOC, 404, None, None)
    clock.advance(days=20)
    return store, clock


def test_overview_counts_laos_leaks_and_overdue(filled: tuple[Store, Clock]) -> None:
    store, _ = filled
    o = store.overview()
    assert (o.laos, o.laos_inspected, o.laos_leaking) == (4, 3, 2)
    assert (o.documents, o.findings, o.cases, o.open_cases, o.overdue) == (4, 5, 5, 3, 1)
    assert o.by_state == {"new": 2, "notified": 1, "false_positive": 1, "remediated": 1}
    assert o.by_kind == {"thai_id": 2, "phone": 1}
    assert o.leak_rate == pytest.approx(2 / 3)
    assert store.overview("50").laos_leaking == 0


def test_by_province_and_province_drill_down(filled: tuple[Store, Clock]) -> None:
    store, _ = filled
    provinces = store.counts_by_province().set_index("province_code")
    assert provinces.loc["10", ["laos", "laos_leaking", "open_cases", "overdue"]].tolist() == [2, 2, 3, 1]
    assert provinces.loc["50", ["laos", "laos_inspected", "open_cases"]].tolist() == [2, 1, 0]
    laos = store.counts_by_lao("10")
    assert laos["lao_code"].tolist() == ["1001", "1002"]  # most open cases first
    assert laos.iloc[0][["documents", "findings", "open_cases", "open_thai_id"]].tolist() == [1, 3, 2, 2]
    assert store.counts_by_type()["laos"].sum() == 4


def test_lao_documents_and_findings_of_a_document(filled: tuple[Store, Clock]) -> None:
    store, _ = filled
    docs = store.lao_documents("5001").set_index("url")
    assert docs.loc[CM_DOC, "http_status"] == 404 and docs.loc[CM_DOC, "open_cases"] == 0
    findings = store.findings_for_document(BKK_DOC2)
    assert len(findings) == 1 and pd.isna(findings.iloc[0]["page"])  # no pages: NULL, not 0
    assert findings.iloc[0]["state"] == "new" and bool(findings.iloc[0]["current"])
    assert len(store.findings(province_code="10")) == 4
    assert list(store.findings_for_lao("1001")["page"]) == [1, 2, 2]


def test_case_lists_filter_and_overdue_carries_contacts(filled: tuple[Store, Clock]) -> None:
    store, _ = filled
    assert len(store.cases(province_code="10", states=["new"])) == 2
    assert len(store.cases(limit=2)) == 2
    assert store.cases(kind="phone")["lao_code"].tolist() == ["1002"]
    overdue = store.overdue()
    assert overdue[["lao_code", "coordinator_email", "days_overdue"]].values.tolist() == [["1001", "a@t1001.go.th", 5]]
    assert bool(store.cases(states=["notified"]).iloc[0]["overdue"])


def test_notify_views_group_open_cases_per_lao_with_contacts(filled: tuple[Store, Clock]) -> None:
    store, _ = filled
    per_lao = store.open_cases_per_lao().set_index("lao_code")
    assert per_lao.loc["1001", ["cases", "overdue", "province_office_email"]].tolist() == [
        2,
        1,
        "bkk@dla.go.th",
    ]
    assert per_lao.loc["1002", "phone"] == 1 and pd.isna(per_lao.loc["1002", "coordinator_email"])
    assert store.cases_to_notify(states=["new"])["lao_code"].tolist() == ["1001", "1002"]
    targets = store.recheck_targets(["1001"])
    assert targets["url"].tolist() == [BKK_DOC] and targets.iloc[0]["open_cases"] == 2


def test_weekly_numbers_and_trends(filled: tuple[Store, Clock]) -> None:
    store, clock = filled
    week = (clock.now - timedelta(days=20)).date()
    numbers = store.weekly_numbers(week - timedelta(days=week.weekday()))
    assert {k: numbers[k] for k in ("opened", "notified", "remediated", "documents_checked")} == {
        "opened": 5,
        "notified": 1,
        "remediated": 1,
        "documents_checked": 4,
    }
    assert numbers["open_cases"] == 3 and numbers["overdue"] == 1
    assert store.counts_by_week(weeks=8)["opened"].sum() == 5
    assert store.counts_by_week(weeks=8, province_code="50")["opened"].sum() == 1
    assert store.time_to_remediate().set_index("province_code").loc["50", "remediated"] == 1
    assert dict(zip(*store.documents_by_status().values.T, strict=True)) == {"ok": 3, "encrypted": 1}


def test_sweeps_progress_and_errors(filled: tuple[Store, Clock]) -> None:
    store, _ = filled
    sweep = store.sweep(int(store.sweeps().iloc[0]["id"]))
    assert sweep is not None and (sweep.status, sweep.sites_done, sweep.documents) == ("done", 2, 4)
    assert sweep.params == {"province": None}
    assert store.sweep_errors(sweep.id)["error_type"].tolist() == ["timeout"]
    assert store.sweep(999) is None
    with pytest.raises(UnknownSweep, match="no sweep with id 999"):
        store.update_sweep(999, {"pages": 1})


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_exports_per_province_hold_only_masked_values(filled: tuple[Store, Clock], tmp_path: Path, suffix: str) -> None:
    store, _ = filled
    path = store.export_findings(tmp_path / f"bkk{suffix}", province_code="10")
    read = {
        ".csv": pd.read_csv,
        ".xlsx": lambda p: pd.read_excel(p, engine="calamine"),
        ".parquet": pd.read_parquet,
    }[suffix]
    frame = read(path)
    assert len(frame) == 4 and frame["masked"].str.endswith("XXXX").all()
    cases = read(store.export_cases(tmp_path / f"cases{suffix}", lao_code="1001"))
    assert len(cases) == 3


def test_cases_recorded_before_their_lao_get_its_province(tmp_path: Path) -> None:
    import random

    store = Store(tmp_path / "late.duckdb", clock=Clock())
    rng = random.Random(8)
    store.record_documents(None, [(document(CM_DOC, "5001"), [finding(synthetic.thai_id(rng))])])
    assert store.cases(province_code="50").empty
    store.upsert_laos([make_lao("5001", "50", "เชียงใหม่")])
    assert len(store.cases(province_code="50")) == 1
    assert store.counts_by_week(weeks=2, province_code="50")["opened"].sum() == 1
