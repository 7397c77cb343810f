"""Legacy Word (DOC) and Excel (XLS) files: converted to DOCX or XLSX by LibreOffice, then masked.

Rewriting the binary formats in place is not worth its risk; LibreOffice converts them faithfully
(tables, headers, numbers stored as numbers), and the copy comes back in the newer format, which
the result's format note says (``DOC → DOCX``). LibreOffice needs files: the document, its
profile and its temporary files all live in one private folder (``TMPDIR`` points there too),
removed when the conversion ends, whatever happens. It runs in a session of its own, so a
conversion over ``mask.timeout_seconds`` is killed with all its processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from pathlib import Path

from masking.errors import MaskError

TARGETS = {"doc": ("docx", "docx:MS Word 2007 XML"), "xls": ("xlsx", "xlsx:Calc MS Excel 2007 XML")}


def _run(args: list[str], env: dict[str, str], timeout: float) -> None:
    with subprocess.Popen(  # noqa: S603 (fixed argument list, no shell)
        args,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as child:
        try:
            _, err = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            raise MaskError(f"LibreOffice แปลงไฟล์ไม่ทันเวลา (conversion took over {timeout:.0f} s)") from exc
        finally:
            try:
                os.killpg(child.pid, signal.SIGKILL)  # helpers LibreOffice left behind
            except ProcessLookupError:
                pass
    if child.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        raise MaskError(
            f"LibreOffice แปลงไฟล์ไม่ได้ (conversion failed: {lines[-1][:200] if lines else child.returncode})"
        )


def convert(data: bytes, source: str, timeout: float) -> bytes:
    """``data`` (a ``doc`` or ``xls`` file, as ``source`` says) converted to DOCX or XLSX."""
    extension, target = TARGETS[source]
    with tempfile.TemporaryDirectory(prefix="x4w-mask-") as tmp:
        folder = Path(tmp)
        document = folder / f"document.{source}"
        document.write_bytes(data)
        env = {**os.environ, "TMPDIR": tmp, "HOME": tmp}
        args = [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(folder / "out"),
            str(document),
        ]
        _run(args, env, timeout)
        converted = folder / "out" / f"document.{extension}"
        if not converted.is_file():
            raise MaskError(f"LibreOffice ไม่ได้สร้างไฟล์ {extension.upper()} (conversion wrote nothing)")
        return converted.read_bytes()
