"""The ground floor every other package stands on: settings, the base error, file locks, Thai dates,
signed values (``signing``) and the shared Jinja set-up (``templates``).

``core`` imports nothing of x4watch's own, so the lowest layers (documents, detectors, store) can use
settings and errors without reaching up into ``service``, the command-line package at the top.
"""
