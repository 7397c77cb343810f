"""Processes sharing one store file: a killed writer resumes cleanly; a writer and an editor take turns.

DuckDB lets only one process open the file at a time, so these run real child processes on a real
file: the store's per-unit connections, lock retries and turn-taking are what is under test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from store_fixtures import make_lao

from store import Store, StoreBusy

WORKERS = Path(__file__).with_name("store_workers.py")
ROOT = Path(__file__).resolve().parents[2]


def spawn(*args: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(WORKERS), *map(str, args)], cwd=ROOT, stderr=subprocess.PIPE)


def committed(progress: Path) -> list[int]:
    return [int(x) for x in progress.read_text().split()] if progress.exists() else []


def seeded_store(path: Path) -> Store:
    store = Store(path)
    store.upsert_laos([make_lao("1001"), make_lao("1002"), make_lao("5001", "50", "เชียงใหม่")])
    return store


def test_writer_killed_mid_batch_resumes_with_nothing_lost_or_doubled(tmp_path: Path) -> None:
    db, progress = tmp_path / "x.duckdb", tmp_path / "progress.txt"
    store = seeded_store(db)
    batches, documents, per_document = 12, 20, 100  # 2,000 findings per transaction
    child = spawn("writer", db, batches, documents, per_document, progress, 120)
    deadline = time.monotonic() + 60
    while len(committed(progress)) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)  # most likely inside the next batch's transaction
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    done = committed(progress)
    assert len(done) >= 3
    overview = store.overview()
    assert overview.findings >= len(done) * documents * per_document  # every acknowledged batch survived
    assert overview.findings % (documents * per_document) == 0  # the batch in flight is all or nothing

    resumed = spawn("writer", db, batches, documents, per_document, tmp_path / "again.txt", 120)
    assert resumed.wait(timeout=180) == 0, resumed.stderr.read().decode() if resumed.stderr else ""
    overview = store.overview()
    expected = batches * documents * per_document
    assert (overview.documents, overview.findings, overview.cases) == (
        batches * documents,
        expected,
        expected,
    )
    events = store.counts_by_week(weeks=1000)
    assert int(events["opened"].sum()) == expected  # one opening event per case, none doubled


def run_side_by_side(tmp_path: Path, seconds: float) -> None:
    db, progress, report = tmp_path / "x.duckdb", tmp_path / "progress.txt", tmp_path / "reader.txt"
    store = seeded_store(db)
    documents, per_document = 10, 50
    writer = spawn("writer", db, 100_000, documents, per_document, progress, seconds)
    reader = spawn("reader", db, seconds, report)
    writer_rc, reader_rc = writer.wait(timeout=seconds + 120), reader.wait(timeout=seconds + 120)
    assert writer_rc == 0, writer.stderr.read().decode() if writer.stderr else ""
    assert reader_rc == 0, reader.stderr.read().decode() if reader.stderr else ""
    head, *confirmed = report.read_text().split("\n")
    operations, slowest = head.split()
    done = committed(progress)
    assert len(done) >= 3 and int(operations) >= 3, (len(done), operations)  # both made progress
    overview = store.overview()
    assert overview.findings == len(done) * documents * per_document
    assert overview.cases == overview.findings
    ids = [int(i) for i in confirmed if i]
    assert ids and overview.by_state["confirmed"] == len(ids)
    assert all(store.case(i).state == "confirmed" for i in ids[:20])
    print(f"writer batches {len(done)}, reader rounds {operations}, slowest reader round {slowest} s")


def test_writer_and_editor_take_turns_without_errors(tmp_path: Path) -> None:
    run_side_by_side(tmp_path, 15)


@pytest.mark.slow
def test_writer_and_editor_take_turns_for_a_minute(tmp_path: Path) -> None:
    run_side_by_side(tmp_path, 60)


HOLD = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_file(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the DuckDB file, as a sweep between two batches would."""
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_a_held_file_is_waited_for_and_only_a_spent_budget_raises_store_busy(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    seeded_store(db)
    holder = hold_file(db, 1.5)
    started = time.monotonic()
    assert Store(db, lock_retry_seconds=20).overview().laos == 3  # waited for the holder, no error
    assert time.monotonic() - started >= 1.0
    holder.wait()
    holder = hold_file(db, 5)
    try:
        with pytest.raises(StoreBusy, match="stayed locked by another x4watch process"):
            Store(db, lock_retry_seconds=0.5).overview()
    finally:
        holder.kill()
        holder.wait()


def test_threads_of_one_process_share_a_store_without_conflicts(tmp_path: Path) -> None:
    """Readers and a writer in several threads at once: the store serialises its own opens of the file."""
    store = seeded_store(tmp_path / "x.duckdb")
    failures: list[BaseException] = []

    def reader() -> None:
        for _ in range(60):
            assert store.known_sites(["1001"])["1001"].documents == {}

    def writer() -> None:
        for round_ in range(20):
            store.upsert_laos([make_lao(f"2{round_:03d}")])

    def guarded(work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(w,)) for w in (reader, reader, reader, writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert store.overview().laos == 23


def test_a_new_store_file_and_its_folder_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        store = Store(tmp_path / "var" / "x4watch.duckdb")
        store.upsert_laos([make_lao("1001")])
    finally:
        os.umask(old)
    assert store.path.stat().st_mode & 0o777 == 0o600
    assert store.path.parent.stat().st_mode & 0o777 == 0o700
