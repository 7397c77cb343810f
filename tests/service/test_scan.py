"""``x4watch scan``: files and folders in, a Thai table or the jsonl scan contract out."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from detectors.fingerprint import fingerprint
from service.cli import main
from testkit import synthetic

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "detectors" / "samples" / "allowance_list.txt"
SECRET = "scan-test-secret"
rng = random.Random(44)
ID = synthetic.thai_id(rng)
MOBILE = synthetic.mobile(rng)
ZERO = synthetic.juristic_id(rng)
TEXT = f"นายสมชาย ใจดี {synthetic.official(ID)} โทร. {MOBILE}\nบริษัท ก จำกัด {ZERO}\n"


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("X4WATCH_SECRET", SECRET)
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["scan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_follows_the_scan_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    keys = ["source", "kind", "page", "masked", "fingerprint", "confidence"]
    assert [list(row) for row in rows] == [keys, keys]
    assert [row["kind"] for row in rows] == ["thai_id", "phone"]
    assert rows[0] == {
        "source": str(path),
        "kind": "thai_id",
        "page": None,
        "masked": synthetic.official(ID[:9] + "XXXX"),
        "fingerprint": fingerprint(ID, SECRET.encode()),
        "confidence": rows[0]["confidence"],
    }
    assert ID not in out and MOBILE not in out


def test_kinds_option_asks_for_juristic_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text(TEXT, encoding="utf-8")
    _, out, _ = run(capsys, str(path), "--format", "jsonl", "--kinds", "juristic_id")
    assert [json.loads(line)["kind"] for line in out.splitlines()] == ["juristic_id"]


def test_unknown_kind_is_a_usage_error_listing_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(SAMPLE), "--kinds", "passport")
    assert code == 2
    assert out == ""
    assert "passport" in err and "thai_id" in err and "juristic_id" in err


def test_table_is_the_default_and_speaks_thai(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 0
    assert "เลขประจำตัวประชาชน" in out and "หมายเลขโทรศัพท์" in out
    assert synthetic.official(ID[:9] + "XXXX") in out
    assert "พบ 2 รายการ" in out
    assert ID not in out


def test_missing_and_unreadable_paths_are_reported_and_the_scan_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x89PNG\x00\x00" + bytes(range(256)))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    paths = [tmp_path / "missing.txt", binary, folder, good]
    code, out, err = run(capsys, *map(str, paths), "--format", "jsonl")
    assert code == 0
    assert len(out.splitlines()) == 2
    lines = err.splitlines()
    assert len(lines) == 3
    assert "missing.txt" in lines[0] and "image.bin" in lines[1] and "dangling.txt" in lines[2]


def test_folders_are_scanned_recursively_and_thai_legacy_encodings_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "utf8.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a" / "b" / "tis620.txt").write_bytes(TEXT.encode("cp874"))
    (tmp_path / "a" / "b" / "bom.txt").write_bytes(TEXT.encode("utf-8-sig"))
    _, out, err = run(capsys, str(tmp_path / "a"), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert err == ""
    assert len(rows) == 6
    assert len({row["fingerprint"] for row in rows}) == 2
    assert sorted({Path(row["source"]).name for row in rows}) == ["bom.txt", "tis620.txt", "utf8.txt"]


def test_nothing_found_still_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "news.txt"
    path.write_text(synthetic.lao_page(random.Random(1)), encoding="utf-8")
    code, out, _ = run(capsys, str(path), "--format", "jsonl")
    assert (code, out) == (0, "")


def test_bundled_sample_shows_leaks_but_not_masked_rows(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, str(SAMPLE), "--format", "jsonl")
    kinds = [json.loads(line)["kind"] for line in out.splitlines()]
    assert kinds.count("thai_id") == 4
    assert kinds.count("phone") == 2


def test_console_script_runs_and_needs_a_path(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "scan", str(SAMPLE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"X4WATCH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "XXXX" in done.stdout
    usage = subprocess.run(
        [sys.executable, "-m", "service.cli", "scan"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert usage.returncode == 2


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    rows = (f"{n} นาย ก {synthetic.thai_id(rng)}" for n in range(3000))
    (tmp_path / "many.txt").write_text("\n".join(rows), encoding="utf-8")
    scan = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "scan", str(tmp_path / "many.txt"), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={"X4WATCH_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert scan.stdout is not None and scan.stderr is not None
    assert json.loads(scan.stdout.readline())["kind"] == "thai_id"
    scan.stdout.close()
    assert scan.wait(timeout=120) == 0
    assert b"Traceback" not in scan.stderr.read()


def scan_in_child(tmp_path: Path, *args: str, memory_mb: int = 1536) -> subprocess.CompletedProcess[str]:
    """``x4watch scan`` in a child process under an address-space cap and a time limit, so a scan
    that would read for ever fails the test instead of taking the machine; its peak RSS in KB is the
    last line of stderr."""
    program = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb << 20}, {memory_mb << 20}))\n"
        "from service.cli import main\n"
        "try:\n    code = main(sys.argv[1:])\n"
        "finally:\n"  # VmHWM: this process's own peak (ru_maxrss may carry the forking parent's)
        "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "    print(hwm, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program, "scan", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"X4WATCH_HOME": str(tmp_path / "home"), "X4WATCH_SECRET": SECRET, "PATH": "/usr/bin:/bin"},
        timeout=90,
        check=False,
    )


def test_special_files_are_skipped_unread_and_the_table_keeps_what_was_found(tmp_path: Path) -> None:
    """A FIFO waited for a writer for ever, a link to /dev/zero ended in a MemoryError that lost the
    table, and a huge file was read whole before its size was checked."""
    folder = tmp_path / "share"
    folder.mkdir()
    (folder / "a-leak.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "b-fifo")
    (folder / "c-zero").symlink_to("/dev/zero")
    with (folder / "d-huge.txt").open("wb") as huge:
        huge.truncate(600_000_000)  # sparse: costs no disk, only whoever reads it
    done = scan_in_child(tmp_path, str(folder))
    *lines, peak_kb = done.stderr.splitlines()
    assert done.returncode == 0, done.stderr
    assert "XXXX" in done.stdout and "พบ 2 รายการ" in done.stdout  # the ID and the phone of a-leak.txt
    assert any("b-fifo: not a regular file (FIFO), skipped" in line for line in lines)
    assert any("c-zero: not a regular file (character device), skipped" in line for line in lines)
    assert any("d-huge.txt: too_large (600000000 bytes" in line for line in lines)
    assert int(peak_kb) < 400_000, "the huge file must not be read"


def test_names_reach_the_terminal_with_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "a\x1b]0;owned\x07\x1b[2J\nfake row\u202egpj.txt"
    hostile.write_text(TEXT, encoding="utf-8")
    odd = tmp_path / os.fsdecode(b"latin-\xe9.txt")  # not UTF-8: kept as a surrogate by Python
    odd.write_text(TEXT, encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert code == 0 and err == ""
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "a\\x1b]0;owned\\x07\\x1b[2J\\nfake row\\u202egpj.txt" in out
    assert "latin-\\xe9.txt" in out
    assert len(out.splitlines()) == 1 + 4 + 1  # headings, two findings in each file, the count
    _, out, _ = run(capsys, str(odd), "--format", "jsonl")
    assert {json.loads(line)["source"] for line in out.splitlines()} == {str(tmp_path / "latin-\\xe9.txt")}
