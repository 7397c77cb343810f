"""Typed errors of the store; ``service/`` turns them into one-line messages and exit codes.

None of them ever carries an identifier: messages name cases by id, documents by URL, states and
settings, and say what to do next.
"""

from __future__ import annotations

from core.errors import X4WatchError


class StoreError(X4WatchError):
    """Base of every error the store raises."""


class StoreBusy(StoreError):
    """Another process held the database file for longer than the retry budget."""

    def __init__(self, path: str, waited: float) -> None:
        super().__init__(
            f"the store {path} stayed locked by another x4watch process for {waited:.1f} s: "
            "try again in a moment, or raise store.lock_retry_seconds"
        )
        self.path = path
        self.waited = waited


class IllegalTransition(StoreError):
    """A case state change that the lifecycle table does not allow."""

    def __init__(self, case_id: int, from_state: str, to_state: str, allowed: frozenset[str]) -> None:
        options = ", ".join(sorted(allowed)) or "none (the state is final)"
        super().__init__(
            f"case {case_id} cannot go from {from_state!r} to {to_state!r}: from {from_state!r} it may go to {options}"
        )
        self.case_id = case_id
        self.from_state = from_state
        self.to_state = to_state


class UnknownState(StoreError):
    """A state name that is not in the lifecycle."""

    def __init__(self, state: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown case state {state!r}: known states are {', '.join(known)}")
        self.state = state


class UnknownCase(StoreError):
    """A case id that the store does not hold."""

    def __init__(self, case_ids: list[int]) -> None:
        shown = ", ".join(str(i) for i in case_ids[:10])
        super().__init__(f"no case with id {shown}: reload the list, it may have been filtered")
        self.case_ids = case_ids


class UnknownSweep(StoreError):
    """A sweep id that the store does not hold."""

    def __init__(self, sweep_id: int) -> None:
        super().__init__(f"no sweep with id {sweep_id}: start one with start_sweep and use the id it returns")
        self.sweep_id = sweep_id


class SchemaTooNew(StoreError):
    """The database file was written by a newer x4watch than this one."""

    def __init__(self, path: str, found: int, known: int) -> None:
        super().__init__(
            f"the store {path} has schema version {found} but this x4watch knows up to {known}: "
            "upgrade x4watch or point store.path at another file"
        )


class PrivacyViolation(StoreError):
    """A value about to be stored looks like a full identifier; the value itself is not repeated."""

    def __init__(self, field: str, url: str) -> None:
        super().__init__(
            f"refused to store the {field} of a finding in {url}: it contains what looks like a full "
            "Thai ID; the detector must mask it (this is a bug in x4watch, please report it)"
        )


class ExportFormatError(StoreError):
    """An export path whose suffix names no supported format."""

    def __init__(self, path: str) -> None:
        super().__init__(f"cannot export to {path}: use a .csv, .xlsx or .parquet file name")
