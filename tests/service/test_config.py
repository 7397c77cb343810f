"""Configuration: defaults, TOML, environment overrides, and a README that documents every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import config
from core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name, _, _ in config.iter_settings() if f"`{name}`" not in readme]
    assert missing == []


def test_toml_then_environment_override(tmp_path: Path) -> None:
    toml = tmp_path / "x.toml"
    toml.write_text('[crawl]\nper_host = 3\nobey_robots = false\n[store]\nsecret = "from-file"\n')
    env = {"X4WATCH_CONFIG": str(toml), "X4WATCH_CRAWL_PER_HOST": "5", "X4WATCH_SECRET": "from-env"}
    cfg = config.load(env)
    assert cfg.crawl.per_host == 5
    assert cfg.crawl.obey_robots is False
    assert cfg.secret_key() == b"from-env"


def test_unknown_setting_is_refused_with_its_name(tmp_path: Path) -> None:
    toml = tmp_path / "x.toml"
    toml.write_text("[crawl]\nper_hots = 3\n")
    with pytest.raises(ConfigError, match=r"crawl\.per_hots"):
        config.load({"X4WATCH_CONFIG": str(toml)})


def test_bad_boolean_in_environment_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="X4WATCH_CRAWL_OBEY_ROBOTS"):
        config.load({"X4WATCH_CRAWL_OBEY_ROBOTS": "maybe"})


def test_secret_is_created_once_and_kept_private(tmp_path: Path) -> None:
    cfg = config.load({"X4WATCH_HOME": str(tmp_path)})
    first = cfg.secret_key()
    assert cfg.secret_key() == first
    assert len(first) == 64
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
