"""Where every x4watch process logs: a rotated file under ``$X4WATCH_HOME/logs``, and a quiet console.

An operator's terminal shows what the command prints (progress, summary, warnings); Scrapy's and
Twisted's INFO lines, settings dumps and the tracebacks of expected site faults (resets, 503s,
timeouts, TLS) belong in a file the operator opens when something looks wrong. So the console gets
warnings only, from x4watch's own loggers, unless ``--verbose`` asks for the whole log live.

This is the one place handlers are made; a filter every handler must apply (a sweep's quiet site
faults) is handed to :func:`setup` by its callers. Identifiers are not a handler's business: every
x4watch process redacts each log record when it is made (``detectors.redact.install``), before any
handler sees it. Each process writes its own file (``x4watch.log`` for the command,
``crawl.log`` for a sweep's child process), since a rotating file is not safe to share between
processes.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"
MAX_BYTES = 10 * 1024 * 1024
"""Size at which a log file is rotated."""
BACKUPS = 5
"""Rotated files kept per log (``crawl.log.1`` ... ``crawl.log.5``)."""
QUIET = ("scrapy", "twisted", "scrapy-playwright", "scrapy_playwright", "asyncio", "py.warnings")
"""Loggers whose warnings stay in the file unless ``--verbose``: a site's faults are recorded as data."""


_installed: list[logging.Handler] = []
"""Handlers the last ``setup`` added (others, such as a test runner's, are left alone)."""


def folder(home: Path) -> Path:
    """``$X4WATCH_HOME/logs``."""
    return home / "logs"


class _Console(logging.Filter):
    """Passes warnings of x4watch's own loggers (not Scrapy's, Twisted's or the browser's), and the
    INFO lines of the loggers a command announces on its console (``serve``: each job's outcome)."""

    def __init__(self, announce: Sequence[str]) -> None:
        super().__init__()
        self.announce = tuple(announce)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in self.announce:
            return True
        quiet = any(record.name == name or record.name.startswith(name + ".") for name in QUIET)
        return record.levelno >= logging.WARNING and not quiet


def setup(
    home: Path,
    name: str,
    *,
    verbose: bool = False,
    console: bool = True,
    announce: Sequence[str] = (),
    filters: Sequence[logging.Filter] = (),
) -> Path:
    """Send the root logger to ``home/logs/<name>.log`` (rotated) and, quietly, to stderr.

    ``verbose`` logs DEBUG to the file and everything to the console; otherwise the file gets INFO
    and the console only x4watch's warnings and the INFO lines of the ``announce`` loggers
    (``console=False``: nothing, for a child process whose parent owns the terminal). ``filters``
    go on every handler, in order. Replaces the handlers of an earlier call. Returns the log file's path.
    """
    path = folder(home) / f"{name}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for old in _installed:
        root.removeHandler(old)
        old.close()
    _installed.clear()
    level = logging.DEBUG if verbose else logging.INFO
    root.setLevel(level)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    ]
    if verbose or console:
        stream = logging.StreamHandler(sys.stderr)
        if not verbose:
            stream.addFilter(_Console(announce))
        handlers.append(stream)
    for handler in handlers:
        handler.setLevel(level)  # Scrapy sets its own loggers to DEBUG: the handler decides
        handler.setFormatter(logging.Formatter(FORMAT))
        for extra in filters:
            handler.addFilter(extra)
        root.addHandler(handler)
        _installed.append(handler)
    logging.captureWarnings(True)
    return path
