"""x4watch's findings store: DuckDB schema, idempotent writes, the case lifecycle, queries, exports.

``Store(path, *, lock_retry_seconds=30.0, deadline_days=15, batch_size=500, clock=utcnow)``: every
method is one short unit of work on its own connection, retried while another process holds the
file (``StoreBusy`` only after ``lock_retry_seconds``). Safe to share between threads.

Writes (batched, idempotent): ``upsert_laos``, ``upsert_contacts``, ``record_sites``, ``start_sweep``,
``update_sweep``, ``finish_sweep``, ``record_documents`` (returns counts of new/reopened/remediated
cases), ``record_errors``, ``record_recheck``, ``record_rechecks`` (many in one unit); cases:
``transition``, ``bulk_transition`` (all or none), ``assign``, ``add_note``. Lookups:
``known_document(url)``, ``known_sites(lao_codes)`` (what a sweep needs per site).
``Store.from_config(cfg)`` wires the settings.

Reads (``store.queries``, DataFrames unless noted): ``overview`` (an ``Overview``),
``counts_by_province``, ``counts_by_lao``, ``counts_by_type``, ``counts_by_state``,
``counts_by_week``, ``documents_by_status``, ``lao_documents``, ``findings`` /
``findings_for_document`` / ``findings_for_lao``, ``cases``, ``case`` (a ``Case``), ``case_history``,
``overdue``, ``open_cases_per_lao``, ``cases_to_notify``, ``recheck_targets``, ``time_to_remediate``,
``sweeps``, ``sweep`` (a ``Sweep``), ``sweep_errors``, ``weekly_numbers`` (a dict).
Exports: ``export_findings(path, province_code=, lao_code=)``, ``export_cases(...)``: .csv/.xlsx/.parquet.

States and the transition table: ``store.lifecycle`` (the only place that decides). Semantics worth
knowing: findings are never deleted (``current`` says whether the latest fetch still had them); a
``DocumentRecord`` with ``fetched_at=None`` means "now"; ``findings.page`` 0 is returned as NULL.
notify's outbox and the scheduler's job runs: ``store.outbox``; the coordinators' portal (its links
and one LAO's cases): ``store.portal``; the weekly report's reads: ``store.weekly``.
"""

from __future__ import annotations

from store.errors import IllegalTransition, StoreBusy, StoreError, UnknownCase, UnknownState, UnknownSweep
from store.lifecycle import OPEN_STATES, STATES, TRANSITIONS
from store.models import Case, DocumentRecord, Overview, SiteRecord, Sweep
from store.store import Store

__all__ = [
    "OPEN_STATES",
    "STATES",
    "TRANSITIONS",
    "Case",
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
    "UnknownSweep",
]
