"""Running the external readers (tesseract, antiword) with a timeout and typed failures."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence

from documents.errors import CorruptError, EncryptedError, ParseTimeout, UnsupportedError


def run_tool(
    args: Sequence[str],
    *,
    what: str,
    timeout: float,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> bytes:
    """The tool's stdout, or a ParseError saying why it failed (its last stderr line)."""
    try:
        done = subprocess.run(  # noqa: S603 (fixed argument lists from this package, no shell)
            list(args), input=stdin, capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ParseTimeout(f"{what} took more than {timeout:.0f} s") from exc
    except OSError as exc:
        raise UnsupportedError(f"{what} cannot run: {exc.strerror}") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        message = lines[-1][:200] if lines else f"exit code {done.returncode}"
        if "encrypt" in message.lower() or "password" in message.lower():
            raise EncryptedError(f"{what}: the document is password-protected")
        raise CorruptError(f"{what} failed: {message}")
    return done.stdout
