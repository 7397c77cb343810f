"""x4watch's findings store: DuckDB schema, idempotent writes, the case lifecycle, queries, exports.

Use ``Store(path, lock_retry_seconds=..., deadline_days=...)``; every method is a short unit of work
on its own connection, retried while another process holds the file (``StoreBusy`` after the
budget). Writes: ``upsert_laos``, ``upsert_contacts``, ``record_sites``, ``start_sweep``,
``update_sweep``, ``finish_sweep``, ``record_documents``, ``record_errors``, ``known_document``,
``record_recheck``, ``transition``, ``bulk_transition``, ``assign``, ``add_note``. Reads return
DataFrames or dataclasses (see ``store.queries``). States and the transition table live in
``store.lifecycle``.
"""

from __future__ import annotations

from store.errors import IllegalTransition, StoreBusy, StoreError, UnknownCase, UnknownState
from store.lifecycle import OPEN_STATES, STATES, TRANSITIONS
from store.models import Case, Contact, DocumentRecord, Overview, SiteRecord, Sweep
from store.store import Store

__all__ = [
    "OPEN_STATES",
    "STATES",
    "TRANSITIONS",
    "Case",
    "Contact",
    "DocumentRecord",
    "IllegalTransition",
    "Overview",
    "SiteRecord",
    "Store",
    "StoreBusy",
    "StoreError",
    "Sweep",
    "UnknownCase",
    "UnknownState",
]
