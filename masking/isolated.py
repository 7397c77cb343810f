"""``mask_isolated``: ``mask_document`` in a killable, memory-capped process of its own.

The documents masked come from the open web or an upload: the readers that mask and check them
meet the same hostile files ``documents.pool`` guards against (a PDF that keeps pdfminer.six busy
for minutes, an XLS that makes calamine abort the process). So the whole masking of one document
runs in a child process under ``documents.memory_mb`` (``RLIMIT_AS``) and twice
``mask.timeout_seconds`` (LibreOffice's own limit is ``mask.timeout_seconds``, so a conversion is
stopped, and its folder removed, before the child is), and anything that goes wrong there comes
back as a ``failed`` outcome with the reason. A fresh process per document, forked from
multiprocessing's fork server (as ``documents.pool`` does) rather than from the caller: a forked
copy of a large caller (a portal that has served for days, a test session) would start near the
memory cap, and would inherit whatever the caller holds. Nothing of one document stays in memory
for the next.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import TimeoutError as FutureTimeout

import pebble

from core.config import Config
from documents.pool import _init_worker
from documents.sniff import sniff
from masking.engine import FAILED, MaskOutcome, mask_document
from masking.model import LABELS


def mask_isolated(data: bytes, name: str, config: Config) -> MaskOutcome:
    """What ``mask_document`` returns, or a failed outcome when the child overran or died."""
    limit = 2 * config.mask.timeout_seconds
    with pebble.ProcessPool(
        max_workers=1,
        initializer=_init_worker,
        initargs=(config.documents.memory_mb,),
        context=multiprocessing.get_context("forkserver"),
    ) as pool:
        future = pool.schedule(mask_document, args=(data, name, config), timeout=limit)
        try:
            outcome: MaskOutcome = future.result()
            return outcome
        except FutureTimeout:
            why = f"ใช้เวลานานเกินกำหนด (took over {limit:g} s, twice mask.timeout_seconds)"
        except pebble.ProcessExpired as exc:
            why = f"กระบวนการปิดบังหยุดทำงาน (the masking process died, exit code {exc.exitcode}: memory cap or crash)"
        except MemoryError:
            why = "หน่วยความจำไม่พอ (over documents.memory_mb)"
        except Exception as exc:  # a broken pool or a result that cannot come back: this document fails
            why = f"ปิดบังไม่สำเร็จ (masking failed: {type(exc).__name__})"
    label = LABELS.get(sniff(data, name, deep=False), "?")
    return MaskOutcome(name, None, None, label, (), FAILED, why)
