"""``python -m simweb truth`` prints the same truth the API computes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simweb.__main__ import main
from simweb.laos import synthetic_laos
from simweb.world import World


def test_truth_command_prints_the_truth_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["truth", "--sites", "4", "--seed", "2", "--day", "1", "--synthetic", "--key", "k"]
    assert main([*argv, "--cache-dir", str(tmp_path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    world = World(synthetic_laos(4), sites=4, seed=2, day=1, cache_dir=tmp_path)
    assert printed == world.truth(b"k").to_json()
    assert printed["day"] == 1 and printed["documents"]
