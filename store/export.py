"""Exports of findings and cases for a province or an LAO: CSV, XLSX or Parquet, by file suffix.

Exports hold what the store holds (masked values, fingerprints, masked snippets), never more. CSV
is written as UTF-8 with a byte-order mark so that Excel shows Thai correctly; list columns
(reasons) become comma-separated text in CSV and XLSX and stay lists in Parquet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from store.errors import ExportFormatError


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists to text, for formats without list cells."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, list | tuple)).any():
            out[column] = out[column].map(lambda v: ",".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return out


def _csv(frame: pd.DataFrame, path: Path) -> None:
    _flatten(frame).to_csv(path, index=False, encoding="utf-8-sig")


def _xlsx(frame: pd.DataFrame, path: Path) -> None:
    _flatten(frame).to_excel(path, index=False, sheet_name=path.stem[:31] or "export", engine="openpyxl")


def _parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    ".csv": _csv,
    ".xlsx": _xlsx,
    ".parquet": _parquet,
}


def write(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` in the format named by the suffix of ``path``; returns the path."""
    target = Path(path)
    writer = WRITERS.get(target.suffix.lower())
    if writer is None:
        raise ExportFormatError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    writer(frame, target)
    return target
