"""The operator's console: warnings of x4watch only, the rest in a rotated file; a sweep's progress."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from core import logs
from crawler.progress import Progress
from service.console import SweepConsole


@pytest.fixture
def restore_logging() -> object:
    yield None
    for handler in logs._installed:
        logging.getLogger().removeHandler(handler)
        handler.close()
    logs._installed.clear()


def test_scrapy_lines_go_to_the_file_and_own_warnings_to_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging: object
) -> None:
    path = logs.setup(tmp_path, "x4watch", announce=("service.jobs",))
    logging.getLogger("scrapy.core.engine").warning("scrapy says %s", "hello")
    logging.getLogger("twisted").error("a reset")
    logging.getLogger("crawler.run").info("an info line")
    logging.getLogger("service.jobs").info("job sweep done")
    logging.getLogger("store.store").warning("store is busy")
    err = capsys.readouterr().err
    assert "store is busy" in err and "job sweep done" in err
    assert "scrapy says" not in err and "a reset" not in err and "an info line" not in err
    text = path.read_text()
    assert path == tmp_path / "logs" / "x4watch.log"
    assert all(s in text for s in ("scrapy says hello", "a reset", "an info line", "store is busy"))


def test_verbose_shows_everything_live(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging: object
) -> None:
    logs.setup(tmp_path, "crawl", verbose=True, console=False)
    logging.getLogger("scrapy.core.engine").debug("engine detail")
    assert "engine detail" in capsys.readouterr().err


def test_a_second_setup_replaces_its_own_handlers_only(tmp_path: Path, restore_logging: object) -> None:
    other = logging.NullHandler()
    logging.getLogger().addHandler(other)
    try:
        logs.setup(tmp_path / "a", "x4watch")
        logs.setup(tmp_path / "b", "x4watch")
        handlers = logging.getLogger().handlers
        assert other in handlers
        assert sum(isinstance(h, logging.FileHandler) for h in handlers if h in logs._installed) == 1
    finally:
        logging.getLogger().removeHandler(other)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_redrawn_bar() -> None:
    out = Terminal()
    console = SweepConsole(10.0, out=out)
    console(Progress(sites_done=1, sites_total=4, pages=7, eta=90.0))
    console(Progress(sites_done=2, sites_total=4, pages=9, eta=60.0))
    console.close()
    text = out.getvalue()
    assert text.count("\r") == 2 and text.count("\n") == 1
    assert "\r[##########..........] sites 2/4, ETA 1:00 | pages 9, documents 0" in text


def test_a_pipe_gets_one_line_per_interval() -> None:
    out = io.StringIO()
    console = SweepConsole(3600.0, out=out)
    for done in range(5):
        console(Progress(sites_done=done, sites_total=4))
    console.close()
    assert out.getvalue() == "progress: sites 0/4, pages 0, documents 0, findings 0, errors 0, ETA ?\n"
