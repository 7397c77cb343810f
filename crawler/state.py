"""A sweep's folder under ``$X4WATCH_HOME/sweeps/<id>``: what it was asked, which sites are done.

This is the sweep's own durable record, what makes a killed sweep resumable: ``job.json`` holds
the parameters and the store's sweep id, ``sites.done`` gets one LAO code per line, appended and
fsync'd only after the site's documents are committed to the store, and ``summary.json`` appears
when the sweep ends. A folder without a summary is an unfinished sweep. ``progress.json`` is the
crawl process's latest count, replaced every second, for the command that waits on it to show.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class SweepState:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def job_file(self) -> Path:
        return self.folder / "job.json"

    @property
    def done_file(self) -> Path:
        return self.folder / "sites.done"

    @property
    def summary_file(self) -> Path:
        return self.folder / "summary.json"

    @property
    def progress_file(self) -> Path:
        return self.folder / "progress.json"

    @classmethod
    def create(cls, home: Path, sweep_id: int, params: dict[str, Any]) -> SweepState:
        folder = home / "sweeps" / str(sweep_id)
        folder.mkdir(parents=True, exist_ok=True)
        state = cls(folder)
        state.job_file.write_text(json.dumps({"sweep_id": sweep_id, "params": params}, sort_keys=True))
        return state

    @property
    def sweep_id(self) -> int:
        return int(json.loads(self.job_file.read_text())["sweep_id"])

    @property
    def params(self) -> dict[str, Any]:
        return dict(json.loads(self.job_file.read_text())["params"])

    @property
    def finished(self) -> bool:
        return self.summary_file.exists()

    def done(self) -> set[str]:
        if not self.done_file.exists():
            return set()
        return {line.strip() for line in self.done_file.read_text().splitlines() if line.strip()}

    def mark_done(self, codes: list[str]) -> None:
        if not codes:
            return
        with self.done_file.open("a") as out:
            out.write("".join(f"{code}\n" for code in codes))
            out.flush()
            os.fsync(out.fileno())

    def write_progress(self, progress: dict[str, Any]) -> None:
        """Replace the progress file atomically (a reader never sees half of it)."""
        part = self.progress_file.with_suffix(".part")
        part.write_text(json.dumps(progress))
        part.replace(self.progress_file)

    def progress(self) -> dict[str, Any] | None:
        """The crawl process's latest progress; None before its first."""
        try:
            return dict(json.loads(self.progress_file.read_text()))
        except (FileNotFoundError, ValueError):
            return None

    def finish(self, summary: dict[str, Any]) -> None:
        self.summary_file.write_text(json.dumps(summary, sort_keys=True, indent=1))

    def summary(self) -> dict[str, Any] | None:
        return json.loads(self.summary_file.read_text()) if self.finished else None


def unfinished(home: Path, params: dict[str, Any]) -> SweepState | None:
    """The latest unfinished sweep asked with the same parameters, to resume rather than restart."""
    root = home / "sweeps"
    if not root.is_dir():
        return None
    folders = sorted((p for p in root.iterdir() if p.name.isdigit()), key=lambda p: int(p.name), reverse=True)
    for folder in folders:
        state = SweepState(folder)
        if state.job_file.exists() and not state.finished and state.params == params:
            return state
    return None
