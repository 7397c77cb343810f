"""Every registered kind over hostile text: nothing raises, nothing is found, nothing hangs.

stdnum's robustness doctest feeds junk to every module; here every kind the registry knows gets
megabyte digit runs, mixed scripts and separator storms. Each case must finish well inside a
sweep's patience (the registry has no nested quantifiers, so the work stays linear).
"""

from __future__ import annotations

import time

import pytest

from detectors import registry

KEY = b"robustness-key"
MB = 1_000_000

HOSTILE = {
    "megabyte_ascii_digits": "1" * MB,
    "megabyte_thai_digits": "๑" * MB,
    "megabyte_zeros": "0" * MB,
    "digits_and_spaces": "1 " * (MB // 2),
    "zeros_and_dashes": "0-" * (MB // 2),
    "digits_and_line_breaks": "12345\n" * (MB // 6),
    "wide_gaps": ("9" + " " * 39) * (MB // 40),
    "zero_width_storm": "1\u200b" * (MB // 2),
    "masks_and_digits": "1X" * (MB // 2),
    "mixed_scripts": "1๒３\u00a0-\u2013." * (MB // 7),
    "thai_text": "ก" * MB,
    "controls_and_surrogate_like": "".join(map(chr, range(0, 0x3000))) * 20,
    "plus_signs": "+6" * (MB // 2),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_yields_nothing_in_linear_time(name: str) -> None:
    """One pass runs every detector, so every kind is asked for at once."""
    started = time.process_time()
    assert registry.scan(HOSTILE[name], KEY, kinds=registry.KINDS) == []
    assert time.process_time() - started < 5


@pytest.mark.parametrize("kind", registry.KINDS)
@pytest.mark.parametrize("junk", ["", " ", "\x00", "🙂" * 50, "¹²³" * 10, "١٢٣٤٥٦٧٨٩٠١٢٣", "X" * 13, "0" * 9])
def test_junk_yields_nothing_for_each_kind(junk: str, kind: str) -> None:
    assert registry.scan(junk, KEY, kinds=[kind]) == []
