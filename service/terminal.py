"""Text from outside (file names, archive member names) made safe to print on a terminal.

A file or member name is chosen by whoever published it: an escape sequence in it can recolour,
retitle or clear the analyst's terminal, a newline can forge a row of the table, a right-to-left
override can show ``fdp.exe`` as ``exe.pdf``, and bytes that are not UTF-8 make ``print`` raise.
Every such character is shown as its Python escape instead; Thai and other printable text is kept.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the file system's surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """``text`` with control, line-separator and bidirectional-override characters escaped."""
    return _UNSAFE.sub(_escape, text)
