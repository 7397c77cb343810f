"""``x4watch crawl --list CSV``: a sweep of the LAOs of any seed file, the committed list untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from seeds import LAOS_CSV
from seeds.dla import write_laos
from service.cli import main
from simweb import SimWeb
from simweb.laos import synthetic_laos
from simweb.plan import site_faults
from testkit.score import simweb_laos

SITES = 18


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.delenv("X4WATCH_CONFIG", raising=False)
    for name, value in {
        "CRAWL_ALLOW_LOOPBACK": "true",
        "CRAWL_DELAY_SECONDS": "0",
        "PLAYWRIGHT_ENABLED": "false",
        "DOCUMENTS_OCR": "false",
    }.items():
        monkeypatch.setenv(f"X4WATCH_{name}", value)
    return tmp_path


def test_crawl_sweeps_the_laos_of_a_given_list(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    committed = hashlib.sha256(LAOS_CSV.read_bytes()).hexdigest()
    with SimWeb(synthetic_laos(SITES), sites=SITES, seed=5, cache_dir=home / "cache") as web:
        monkeypatch.setenv("X4WATCH_CRAWL_PROXY", web.proxy_url)
        plain = [lao for i, lao in enumerate(simweb_laos(web)) if not site_faults(i)][:1]
        listed = home / "pilot.csv"
        write_laos(plain, listed)
        assert main(["crawl", "--list", str(listed)]) == 0
    out = capsys.readouterr().out
    assert "sites 1/1" in out, out
    with duckdb.connect(str(home / "x4watch.duckdb"), read_only=True) as con:
        stored = {row[0] for row in con.execute("SELECT code FROM laos").fetchall()}
    assert stored == {lao.code for lao in plain}
    assert hashlib.sha256(LAOS_CSV.read_bytes()).hexdigest() == committed


def test_a_missing_or_malformed_list_is_one_clear_error(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "--list", str(home / "nope.csv")]) == 2
    bad = home / "bad.csv"
    bad.write_text("code,name\n1,x\n", encoding="utf-8")
    assert main(["crawl", "--list", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "nope.csv" in err and "missing columns" in err
