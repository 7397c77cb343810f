from __future__ import annotations

import os
import signal
import time
import zlib
from pathlib import Path

import pytest

from core.config import DocumentsSettings
from documents import DocumentPool
from documents.model import CORRUPT, OK, TIMEOUT, TOO_LARGE
from testkit import samples
from testkit.samples import Corpus, ids_in


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            found.append(int(child))
            found.extend(_descendants(int(child)))
    return found


def _workers() -> list[int]:
    """Our pool workers: the children of the multiprocessing fork server(s) we started."""
    mine = _descendants(os.getpid())
    servers = [pid for pid in mine if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    return [pid for server in servers for pid in _descendants(server)]


def _huge_png(side: int) -> bytes:
    """A valid RGB PNG of side x side black pixels: tiny on disk, side*side*3 bytes decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    raw = zlib.compressobj(9)
    row = bytes(1 + side * 3)
    data = b"".join(raw.compress(row) for _ in range(side)) + raw.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def pool() -> DocumentPool:
    with DocumentPool(DocumentsSettings(timeout_seconds=20, workers=2)) as shared:
        yield shared


def test_pool_parses_every_format_like_extract(pool: DocumentPool, corpus: Corpus) -> None:
    futures = {name: pool.submit(data, name) for name, data in corpus.files.items()}
    for name, future in futures.items():
        [doc] = future.result(timeout=60)
        assert doc.status == OK, (name, doc.reason)
        assert len(ids_in(doc.text, corpus.people)) == len(corpus.people), name


def test_hostile_files_end_with_the_right_status_through_the_pool(pool: DocumentPool, corpus: Corpus) -> None:
    lines = [f"{p.thai_id} {p.phone}" for p in corpus.people[:2]]
    hostile = {
        "bomb.zip": (samples.zip_bomb(300), TOO_LARGE),
        "bad.docx": (samples.malformed_docx(corpus.files["list.docx"]), CORRUPT),
        "cut.pdf": (corpus.files["reportlab.pdf"][:3000], CORRUPT),
        "loop.pdf": (samples.loop_pdf(), CORRUPT),
        "many.pdf": (samples.many_pages_pdf(10_000, lines[:1]), TOO_LARGE),
    }
    futures = {name: pool.submit(data, name) for name, (data, _) in hostile.items()}
    for name, future in futures.items():
        [doc] = future.result(timeout=60)
        assert doc.status == hostile[name][1], (name, doc.reason)


def test_overrunning_parse_times_out_and_the_pool_carries_on() -> None:
    flood = samples.noop_flood_pdf(60_000_000, ["0812345678 1101700207366"])
    with DocumentPool(DocumentsSettings(timeout_seconds=1, workers=1)) as pool:
        started = time.monotonic()
        [doc] = pool.parse(flood, "flood.pdf")
        assert doc.status == TIMEOUT
        assert time.monotonic() - started < 10
        [after] = pool.parse(b"<p>still alive</p>", "next.html")
        assert after.status == OK


def test_memory_cap_turns_a_memory_hungry_document_into_too_large() -> None:
    with DocumentPool(DocumentsSettings(memory_mb=250, workers=1)) as pool:
        [doc] = pool.parse(_huge_png(9000), "huge.png")
        assert doc.status == TOO_LARGE, doc.reason
        [after] = pool.parse(b"<p>still alive</p>", "next.html")
        assert after.status == OK


def test_a_worker_killed_mid_parse_becomes_corrupt_with_the_signal() -> None:
    flood = samples.noop_flood_pdf(10_000_000, ["0812345678 1101700207366"])
    with DocumentPool(DocumentsSettings(timeout_seconds=30, workers=1)) as pool:
        pool.parse(b"<p>warm up</p>", "warm.html")
        future = pool.submit(flood, "flood.pdf")
        time.sleep(1.5)
        for pid in _workers():
            os.kill(pid, signal.SIGABRT)
        [doc] = future.result(timeout=30)
        assert doc.status == CORRUPT
        assert "SIGABRT" in doc.reason
        [after] = pool.parse(b"<p>still alive</p>", "next.html")
        assert after.status == OK
