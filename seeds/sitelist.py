"""A province's own list of its LAOs' websites (CSV), checked before analysts' decisions are made of it.

UTF-8 with a header naming ``lao_code`` and ``website`` (any order, other columns ignored). Each
website is cleaned by the seed list's rules (``seeds.urls.clean_url``); a row with an unknown code or
an address that is no website is reported with its line and left out, the others are imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection

from seeds.urls import clean_url

SITE_COLUMNS = ("lao_code", "website")
MAX_ROWS = 10_000
"""Rows read at most (a province has a few hundred LAOs; the country 7,850)."""


def parse_site_list(text: str, known_codes: Collection[str]) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """(LAO code, cleaned website) rows and (line, problem) for the rows left out."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    missing = [c for c in SITE_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        return [], [(1, f"missing columns: {', '.join(missing)}")]
    rows: list[tuple[str, str]] = []
    problems: list[tuple[int, str]] = []
    for row in reader:
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append((reader.line_num, f"more than {MAX_ROWS:,} rows: the rest is not read"))
            break
        code = (row.get("lao_code") or "").strip()
        cleaned = clean_url((row.get("website") or "").strip())
        if code not in known_codes:
            problems.append((reader.line_num, f"unknown LAO code {code!r}"))
        elif not cleaned.website:
            problems.append((reader.line_num, f"not a website ({cleaned.reason or 'empty'})"))
        else:
            rows.append((code, cleaned.website))
    return rows, problems
