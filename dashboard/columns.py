"""Codes the filters offer and the columns each table shows, with their i18n header keys."""

from __future__ import annotations

STATES = ("new", "confirmed", "false_positive", "notified", "acknowledged", "remediated", "reopened")
KINDS = ("thai_id", "phone", "juristic_id", "bulk")

PROVINCES = {
    "province": "col.province",
    "open_cases": "col.open",
    "overdue": "col.overdue",
    "laos_leaking": "col.laos",
    "laos_inspected": "col.inspected",
    "leak_rate": "col.rate",
    "findings": "col.findings",
}
LAOS = {
    "lao_code": "col.lao_code",
    "lao": "col.lao",
    "province": "col.province",
    "open_cases": "col.open",
    "overdue": "col.overdue",
    "documents": "col.documents",
    "findings": "col.findings",
}
DOCUMENTS = {
    "url": "col.url",
    "status": "col.status",
    "findings": "col.findings",
    "open_cases": "col.open",
    "last_seen": "col.last_seen",
}
FINDINGS = {
    "case_id": "col.case",
    "kind": "col.kind",
    "masked": "col.masked",
    "page": "col.page",
    "confidence": "col.confidence",
    "state": "col.state",
    "first_seen": "col.first_seen",
}
CASES = {
    "case_id": "col.case",
    "lao": "col.lao",
    "province": "col.province",
    "kind": "col.kind",
    "masked": "col.masked",
    "state": "col.state",
    "first_seen": "col.first_seen",
    "deadline": "col.deadline",
    "url": "col.url",
}
HISTORY = {
    "at": "col.when",
    "who": "col.who",
    "from_state": "col.from",
    "to_state": "col.to",
    "note": "col.note",
}
SWEEPS = {
    "sweep_id": "col.sweep",
    "kind": "col.sweep_kind",
    "status": "col.status",
    "started_at": "col.started",
    "finished_at": "col.finished",
    "sites_done": "col.sites",
    "documents": "col.documents",
    "findings": "col.findings",
    "errors": "col.errors",
}
ERRORS = {"error_type": "col.error_type", "count": "col.count"}
JOBS = {
    "job": "col.job",
    "started_at": "col.started",
    "finished_at": "col.finished",
    "outcome": "col.outcome",
    "detail": "col.detail",
}
UNREACHABLE = {
    "lao_code": "col.lao_code",
    "lao": "col.lao",
    "province": "col.province",
    "website": "col.url",
    "site_status": "col.status",
    "checked_at": "col.when",
}
PARSE = {"status": "col.status", "documents": "col.documents"}
WITHOUT_SITE = {
    "lao_code": "col.lao_code",
    "lao": "col.lao",
    "district": "col.district",
    "province": "col.province",
    "probes": "col.probes",
    "contact_candidates": "col.contact_candidates",
}
PROBES = {
    "host": "col.host",
    "source": "col.source",
    "outcome": "col.outcome",
    "reason": "col.reason",
    "probed_at": "col.when",
}
CANDIDATES = {
    "lao_code": "col.lao_code",
    "kind": "col.kind",
    "value": "col.value",
    "source_url": "col.url",
    "last_seen": "col.last_seen",
}
POSTURE = {
    "lao_code": "col.lao_code",
    "lao": "col.lao",
    "province": "col.province",
    "tls_protocol": "col.tls_protocol",
    "issues": "col.tls_issues",
    "spam_pages": "col.spam_pages",
    "evidence": "col.spam_examples",
}
COVERAGE = {
    "day": "col.day",
    "laos": "col.laos_total",
    "with_site": "col.with_site",
    "with_contact": "col.with_contact",
    "contact_candidates": "col.contact_candidates",
}
