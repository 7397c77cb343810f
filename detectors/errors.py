"""Errors raised by detectors: a ValueError-rooted hierarchy whose messages never hold a number.

As in python-stdnum, each failed check has its own type so callers (and tests) can tell a wrong
length from a wrong check digit; unlike a value in a message, a type cannot leak an identifier.
"""

from __future__ import annotations


class DetectorError(ValueError):
    """Base of every detector error."""


class ValidationError(DetectorError):
    """A candidate is not a valid identifier (the message names the rule, never the value)."""


class InvalidLength(ValidationError):
    """The candidate has the wrong number of digits."""

    def __init__(self) -> None:
        super().__init__("wrong number of digits")


class InvalidFormat(ValidationError):
    """The candidate holds characters or a prefix the identifier cannot have."""

    def __init__(self) -> None:
        super().__init__("not in the identifier's format")


class InvalidComponent(ValidationError):
    """A part of the number (a prefix, an area code) is not one that is issued."""

    def __init__(self) -> None:
        super().__init__("a part of the number is not issued")


class InvalidChecksum(ValidationError):
    """The check digit does not match."""

    def __init__(self) -> None:
        super().__init__("the check digit does not match")


class UnknownKindError(DetectorError):
    """A scan asked for a kind no detector serves; the message lists the known kinds."""

    def __init__(self, unknown: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown identifier kind {unknown!r}: known kinds are {', '.join(known)}")
        self.unknown = unknown
        self.known = known
