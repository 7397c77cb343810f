"""Detectors: find unmasked personal identifiers in text (no I/O here)."""
