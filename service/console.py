"""What a sweep shows on the operator's console while it runs: a bar on a terminal, lines elsewhere.

On a terminal one line is redrawn in place (sites done/total as a bar, then pages, documents,
findings, errors and the smoothed ETA of ``crawler.progress``); when the output is a file or a pipe
(cron, systemd, a test) a plain progress line is written every ``crawl.progress_seconds`` instead,
so a log of the console stays short. Under ``--verbose`` the crawl log itself streams to the
console and a redrawn bar would tangle with it, so lines are used there too.
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from crawler.progress import Progress

BAR_WIDTH = 20


def bar(progress: Progress, width: int = BAR_WIDTH) -> str:
    """``[#######.........]`` filled in the share of sites done."""
    share = progress.sites_done / progress.sites_total if progress.sites_total else 0.0
    filled = min(int(share * width), width)
    return "[" + "#" * filled + "." * (width - filled) + "]"


class SweepConsole:
    """The ``watch`` of ``crawler.sweep.run_sweep`` for a command's console; ``close`` ends the bar."""

    def __init__(self, interval: float, *, out: TextIO | None = None, verbose: bool = False) -> None:
        self.out = out or sys.stdout
        self.redraw = self.out.isatty() and not verbose
        self.interval = interval
        self.last_line = -float("inf")
        self.drawn = False

    def __call__(self, progress: Progress) -> None:
        if self.redraw:
            p = progress  # the ETA up front: a narrow terminal cuts the counts, not the ETA
            text = (
                f"{bar(p)} sites {p.sites_done}/{p.sites_total}, {p.eta_text()} | pages {p.pages}, "
                f"documents {p.documents}, findings {p.findings}, errors {p.errors}"
            )
            width = shutil.get_terminal_size().columns - 1
            self.out.write("\r" + text[:width].ljust(width))
            self.drawn = True
        elif time.monotonic() - self.last_line >= self.interval:
            self.last_line = time.monotonic()
            self.out.write(f"progress: {progress.counts()}, {progress.eta_text()}\n")
        self.out.flush()

    def close(self) -> None:
        """End the redrawn line so what is printed next starts on its own."""
        if self.drawn:
            self.out.write("\n")
            self.out.flush()
            self.drawn = False
