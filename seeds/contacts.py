"""Coordinator contacts per LAO: CSV import and validation before they reach the store.

Notify sends each LAO's leak digest to its coordinator and escalates to the provincial office, so
a wrong address would send notice of a leak to a stranger. A row is therefore imported whole or
not at all: an invalid e-mail address or an unknown LAO code rejects the row (reported with its
line), and nothing is guessed. Empty fields are allowed: an LAO without a coordinator is a gap that
``x4watch seeds stats`` shows, not an error.

The CSV is UTF-8 with a header naming these columns (any order, extra columns ignored):
``lao_code, coordinator_name, coordinator_email, province_office_email``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from seeds.model import Contact

CONTACT_COLUMNS: tuple[str, ...] = (
    "lao_code",
    "coordinator_name",
    "coordinator_email",
    "province_office_email",
)

EMAIL = re.compile(
    r"^(?!\.)(?!.*\.\.)[A-Za-z0-9._%+'-]+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$"
)
"""An address a mail server will accept: ASCII local part, dotted host name, no doubled dots."""


class ContactsFormatError(ValueError):
    """The contacts file lacks required columns (named in the message)."""


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    lao_code: str
    problem: str


@dataclass(slots=True)
class ContactImport:
    """Valid contacts (one per LAO, the last row wins) and the rows that were rejected, with why."""

    contacts: list[Contact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_email(value: str) -> bool:
    return bool(EMAIL.match(value))


def parse_contacts(text: str, known_codes: Collection[str]) -> ContactImport:
    """Validate every row of a contacts CSV against the LAO codes of the seed list."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    missing = [c for c in CONTACT_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ContactsFormatError(f"contacts CSV lacks columns: {', '.join(missing)}")
    result = ContactImport()
    by_code: dict[str, Contact] = {}
    for row in reader:
        values = {c: (row.get(c) or "").strip() for c in CONTACT_COLUMNS}
        problem = row_problem(values, known_codes)
        if problem:
            result.problems.append(Problem(reader.line_num, values["lao_code"], problem))
            continue
        if values["lao_code"] in by_code:
            result.problems.append(Problem(reader.line_num, values["lao_code"], "repeated: this row wins"))
        by_code[values["lao_code"]] = Contact(**values)
    result.contacts = list(by_code.values())
    return result


def row_problem(values: dict[str, str], known_codes: Collection[str]) -> str:
    """Why the row cannot be imported, or '' when it can."""
    if values["lao_code"] not in known_codes:
        return "unknown LAO code (not in seeds/laos.csv)"
    for column in ("coordinator_email", "province_office_email"):
        if values[column] and not is_email(values[column]):
            return f"{column} is not an e-mail address"
    return ""
