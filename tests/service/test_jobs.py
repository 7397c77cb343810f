"""The schedule: jobs fire (fast clock), never overlap, are recorded, and missed runs catch up once."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.config import Config
from core.errors import ConfigError
from core.locks import job_lock
from service.jobs import Service, cron
from store import Store
from store.outbox import JobRuns

EVERY_SECOND = "* * * * * *"
NEVER_SOON = "0 0 1 1 *"  # once a year, on 1 January


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


def config(tmp_path: Path, **crons: str) -> Config:
    cfg = Config(home=str(tmp_path / "home"))
    cfg.schedule.sweep_cron = crons.get("sweep", NEVER_SOON)
    cfg.schedule.recheck_cron = crons.get("recheck", NEVER_SOON)
    cfg.schedule.report_cron = crons.get("report", NEVER_SOON)
    return cfg


def runs(store: Store, job: str) -> list[tuple[str, str]]:
    frame = store._read(
        lambda con: con.execute(
            "SELECT outcome, detail FROM job_runs WHERE job = ? ORDER BY id", [job]
        ).fetchall()
    )
    return [(str(o), str(d)) for o, d in frame]


def wait_for(predicate, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def test_cron_jobs_fire_and_record_their_outcome(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.duckdb")
    calls: list[str] = []

    def failing() -> str:
        raise RuntimeError("crawler exploded")

    service = Service(
        config(tmp_path, sweep=EVERY_SECOND, recheck=EVERY_SECOND),
        store,
        {"sweep": lambda: calls.append("sweep") or "swept", "recheck": failing},
    )
    service.start()
    try:
        wait_for(lambda: len(calls) >= 2 and len(runs(store, "recheck")) >= 1)
    finally:
        service.shutdown()
    assert runs(store, "sweep")[0] == ("ok", "swept")
    assert runs(store, "recheck")[0] == ("failed", "RuntimeError: crawler exploded")
    last = JobRuns(store).last().set_index("job")
    assert set(last.index) >= {"sweep", "recheck", "serve"}


def test_a_slow_job_never_overlaps_itself(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.duckdb")
    running, overlaps, done = [0], [0], [0]
    lock = threading.Lock()

    def slow() -> str:
        with lock:
            running[0] += 1
            overlaps[0] = max(overlaps[0], running[0])
        time.sleep(1.6)
        with lock:
            running[0] -= 1
            done[0] += 1
        return "slow"

    service = Service(config(tmp_path, sweep=EVERY_SECOND), store, {"sweep": slow})
    service.start()
    try:
        wait_for(lambda: done[0] >= 2, 8)
    finally:
        service.shutdown()
    assert overlaps[0] == 1


def test_a_run_held_by_another_process_is_skipped_and_recorded(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.duckdb")
    cfg = config(tmp_path)
    service = Service(cfg, store, {"report": lambda: "should not run"})
    with job_lock(cfg.home_path, "report") as held:
        assert held
        service.guarded("report", service.specs[0].runner)()
    assert runs(store, "report") == [("skipped", "previous run still going")]


def test_missed_run_runs_once_at_start_up_and_not_again(tmp_path: Path) -> None:
    clock = Clock(datetime.now(UTC).replace(tzinfo=None) - timedelta(days=15))
    store = Store(tmp_path / "x.duckdb", clock=clock)
    JobRuns(store).finish(JobRuns(store).start("report"), "ok", "two weeks ago")  # two Mondays missed since
    JobRuns(store).finish(JobRuns(store).start("serve"), "started", "")
    store.clock = Clock(datetime.now(UTC).replace(tzinfo=None))
    calls: list[str] = []
    cfg = config(tmp_path, report="0 8 * * mon", sweep="0 20 * * sat")
    service = Service(
        cfg,
        store,
        {"report": lambda: calls.append("r") or "caught up", "sweep": lambda: calls.append("s") or "swept"},
    )
    missed = service.start()
    try:
        wait_for(lambda: calls.count("r") == 1)
        time.sleep(0.5)
    finally:
        service.shutdown()
    assert "report" in missed and calls.count("r") == 1  # coalesced: one run for two missed Mondays
    assert "sweep" in missed  # never ran: counted from the service's first start 15 days ago
    restarted = Service(cfg, store, {"report": lambda: "again", "sweep": lambda: "again"})
    assert restarted.missed(datetime.now(UTC)) == []  # after the catch-up, nothing is due


def test_six_field_cron_has_seconds_and_bad_ones_are_config_errors() -> None:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Bangkok")
    start = datetime(2026, 11, 23, 8, 0, 0, tzinfo=tz)
    assert cron("*/5 * * * * *", tz).get_next_fire_time(None, start + timedelta(seconds=1)).second == 5
    with pytest.raises(ConfigError, match="5 fields"):
        cron("0 8 * *", tz)
    with pytest.raises(ConfigError, match="invalid"):
        cron("0 25 * * *", tz)


def test_demo_steps_deliver_mails_to_the_maildir_and_write_the_report(tmp_path: Path) -> None:
    from service.commands.demo import after_sweep
    from testkit.notify import seed

    store = Store(tmp_path / "x.duckdb")
    seeded = seed(store, confirm=False)  # a sweep leaves cases 'new'
    lines = after_sweep(Config(home=str(tmp_path / "home")), store)
    mails = list((tmp_path / "home" / "mail" / "new").iterdir())
    assert len(mails) == 3  # one per LAO; the LAO without an address got a synthetic one
    assert all(raw.encode() not in m.read_bytes() for m in mails for raw in seeded.raw)
    by_lao = store.cases().groupby("lao_code")["state"].agg(set).to_dict()
    assert by_lao.pop("5010102") == {"confirmed"}  # an invalid address is not papered over
    assert all(states == {"notified"} for states in by_lao.values())
    assert any(line.endswith(".pdf") for line in lines) and (tmp_path / "home" / "reports").is_dir()


def test_production_report_and_notify_runners_do_their_work(tmp_path: Path) -> None:
    from notify.mailbox import LocalMailServer
    from service.jobs import default_runners
    from testkit.notify import seed

    store = Store(tmp_path / "x.duckdb")
    seed(store)
    cfg = Config(home=str(tmp_path / "home"))
    with LocalMailServer(tmp_path / "mail") as server:
        cfg.smtp.host, cfg.smtp.port = "127.0.0.1", server.port
        runners = default_runners(cfg, store)
        assert runners["notify"]().startswith("composed=4 recorded=4 sent=2")
        assert len(server.messages()) == 2
    detail = runners["report"]()
    assert detail.endswith(".xlsx") and len(list((tmp_path / "home" / "reports").iterdir())) == 2


def test_discovery_is_a_monthly_job_of_the_service(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    from service.jobs import build_specs, default_runners

    cfg = Config(home=str(tmp_path / "home"))
    store = Store(tmp_path / "x.duckdb")
    specs = {spec.name: spec for spec in build_specs(cfg, ZoneInfo("Asia/Bangkok"), default_runners(cfg, store))}
    trigger = specs["discovery"].trigger
    first = trigger.get_next_fire_time(None, datetime(2026, 1, 5, tzinfo=ZoneInfo("Asia/Bangkok")))
    assert first is not None and (first.day, first.month, first.hour) == (1, 2, 2)
