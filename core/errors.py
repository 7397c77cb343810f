"""Errors the service turns into one-line messages and exit codes."""

from __future__ import annotations


class X4WatchError(Exception):
    """Base of every error x4watch reports to a user; the message says what to do next."""


class ConfigError(X4WatchError):
    """A setting or configuration file is wrong."""
