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


@pytest.mark.parametrize(
    ("variable", "value", "setting"),
    [
        ("X4WATCH_DOCUMENTS_WORKERS", "0", "documents.workers"),
        ("X4WATCH_CRAWL_CONCURRENCY", "0", "crawl.concurrency"),
        ("X4WATCH_DOCUMENTS_MEMORY_MB", "-1", "documents.memory_mb"),
        ("X4WATCH_DOCUMENTS_TIMEOUT_SECONDS", "0", "documents.timeout_seconds"),
        ("X4WATCH_CRAWL_TIMEOUT_SECONDS", "-5", "crawl.timeout_seconds"),
        ("X4WATCH_SMTP_PORT", "70000", "smtp.port"),
    ],
)
def test_a_value_out_of_range_is_refused_naming_the_setting_and_its_range(
    variable: str, value: str, setting: str
) -> None:
    with pytest.raises(ConfigError, match=rf"{setting} \({variable}\) = .* out of range: allowed (at least|1 to)"):
        config.load({variable: value})


def test_a_toml_value_out_of_range_or_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    toml = tmp_path / "x.toml"
    toml.write_text("[crawl]\nconcurrency = 0\n")
    with pytest.raises(ConfigError, match=r"crawl\.concurrency .* allowed at least 1"):
        config.load({"X4WATCH_CONFIG": str(toml)})
    toml.write_text('[documents]\nworkers = "two"\n')
    with pytest.raises(ConfigError, match=r"documents\.workers .* is not of type int"):
        config.load({"X4WATCH_CONFIG": str(toml)})
    toml.write_text("[documents]\ntimeout_seconds = 5\n")  # an integer where a float is declared is fine
    assert config.load({"X4WATCH_CONFIG": str(toml)}).documents.timeout_seconds == 5.0


def test_a_misspelt_environment_variable_is_refused_with_the_closest_name() -> None:
    with pytest.raises(ConfigError, match="X4WATCH_CRAWL_PERHOST: did you mean X4WATCH_CRAWL_PER_HOST"):
        config.load({"X4WATCH_CRAWL_PERHOST": "1"})
    with pytest.raises(ConfigError, match="X4WATCH_SECRT: did you mean X4WATCH_SECRET"):
        config.load({"X4WATCH_SECRT": "k"})


def test_variables_that_are_not_settings_are_accepted(tmp_path: Path) -> None:
    toml = tmp_path / "x.toml"
    toml.write_text("")
    env = {"X4WATCH_HOME": str(tmp_path), "X4WATCH_SECRET": "s", "X4WATCH_CONFIG": str(toml), "PATH": "/bin"}
    assert config.load(env).home == str(tmp_path)


def test_the_command_line_exits_2_on_a_bad_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from service import cli

    monkeypatch.setenv("X4WATCH_HOME", str(tmp_path))
    monkeypatch.setenv("X4WATCH_DOCUMENTS_WORKERS", "0")
    (tmp_path / "a.txt").write_text("nothing\n")
    assert cli.main(["scan", str(tmp_path / "a.txt")]) == 2
    assert "documents.workers (X4WATCH_DOCUMENTS_WORKERS) = 0 is out of range" in capsys.readouterr().err
