"""Version 1: LAOs, contacts, sites, sweeps, documents, findings, cases and their events, outbox, jobs.

Timestamps are naive UTC. ``findings.page`` is 0 when the format has no pages (NULL would never
compare equal in the dedupe key); reads turn 0 back into NULL.

The two big tables, findings and cases, declare no PRIMARY KEY/UNIQUE: DuckDB keeps such keys in
ART indexes that made every batch at a million rows several times slower to insert and commit. Their
keys, (url, fingerprint, page, start) and (lao_code, url, fingerprint), are kept unique by
``store.ingest`` (anti-joins inside write transactions, which one lock per file serialises within a
process and DuckDB's file lock across processes). Case ids come from a sequence.

Cases and case events repeat their LAO's province code, and cases carry ``is_open`` (kept by
``store.lifecycle``), so the dashboard's counts scan one table instead of joining a million rows.
``lao_case_counts`` and ``lao_document_counts`` are per-LAO roll-ups that ``store.rollup`` refreshes
for the LAOs a write touched, so the national counts read thousands of rows, not millions.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE laos (
        code VARCHAR PRIMARY KEY,
        type VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        province_code VARCHAR NOT NULL,
        province VARCHAR NOT NULL,
        district VARCHAR,
        subdistrict VARCHAR,
        website VARCHAR,
        url_source VARCHAR,
        url_raw VARCHAR,
        url_reason VARCHAR,
        host_shared BOOLEAN,
        lat DOUBLE,
        lon DOUBLE,
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE contacts (
        lao_code VARCHAR PRIMARY KEY,
        coordinator_name VARCHAR,
        coordinator_email VARCHAR,
        province_office_email VARCHAR,
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE sites (
        lao_code VARCHAR PRIMARY KEY,
        home_url VARCHAR,
        final_url VARCHAR,
        http_status INTEGER,
        status VARCHAR,
        reason VARCHAR,
        pages INTEGER,
        documents INTEGER,
        last_sweep BIGINT,
        checked_at TIMESTAMP NOT NULL
    )""",
    "CREATE SEQUENCE sweep_id_seq",
    """CREATE TABLE sweeps (
        id BIGINT PRIMARY KEY DEFAULT nextval('sweep_id_seq'),
        kind VARCHAR NOT NULL,
        params JSON,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        status VARCHAR NOT NULL,
        counts JSON,
        sites_total INTEGER NOT NULL DEFAULT 0,
        sites_done INTEGER NOT NULL DEFAULT 0,
        pages INTEGER NOT NULL DEFAULT 0,
        documents INTEGER NOT NULL DEFAULT 0,
        findings INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        updated_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE sweep_errors (
        sweep_id BIGINT NOT NULL,
        lao_code VARCHAR NOT NULL,
        url VARCHAR NOT NULL,
        error_type VARCHAR NOT NULL,
        reason VARCHAR,
        "at" TIMESTAMP NOT NULL,
        PRIMARY KEY (sweep_id, lao_code, url, error_type)
    )""",
    """CREATE TABLE documents (
        url VARCHAR PRIMARY KEY,
        final_url VARCHAR,
        lao_code VARCHAR NOT NULL,
        content_hash VARCHAR,
        media_type VARCHAR,
        size BIGINT,
        etag VARCHAR,
        last_modified VARCHAR,
        http_status INTEGER,
        status VARCHAR NOT NULL,
        reason VARCHAR,
        fetched_at TIMESTAMP NOT NULL,
        first_seen TIMESTAMP NOT NULL,
        last_seen TIMESTAMP NOT NULL,
        last_sweep BIGINT
    )""",
    """CREATE TABLE findings (
        url VARCHAR NOT NULL,
        lao_code VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        masked VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL,
        page INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        snippet VARCHAR,
        confidence DOUBLE,
        reasons VARCHAR[],
        first_seen TIMESTAMP NOT NULL,
        last_seen TIMESTAMP NOT NULL,
        last_sweep BIGINT
    )""",
    "CREATE SEQUENCE case_id_seq",
    """CREATE TABLE cases (
        id BIGINT NOT NULL DEFAULT nextval('case_id_seq'),
        lao_code VARCHAR NOT NULL,
        province_code VARCHAR,
        url VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        masked VARCHAR NOT NULL,
        state VARCHAR NOT NULL,
        is_open BOOLEAN NOT NULL,
        deadline TIMESTAMP,
        assignee VARCHAR,
        opened_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        notified_at TIMESTAMP,
        remediated_at TIMESTAMP,
        first_seen TIMESTAMP NOT NULL,
        last_seen TIMESTAMP NOT NULL
    )""",
    "CREATE SEQUENCE case_event_id_seq",
    """CREATE TABLE case_events (
        id BIGINT NOT NULL DEFAULT nextval('case_event_id_seq'),
        case_id BIGINT NOT NULL,
        province_code VARCHAR,
        "at" TIMESTAMP NOT NULL,
        who VARCHAR NOT NULL,
        from_state VARCHAR,
        to_state VARCHAR NOT NULL,
        note VARCHAR,
        evidence JSON
    )""",
    """CREATE TABLE lao_case_counts (
        lao_code VARCHAR NOT NULL,
        state VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        is_open BOOLEAN NOT NULL,
        cases BIGINT NOT NULL
    )""",
    """CREATE TABLE lao_document_counts (
        lao_code VARCHAR NOT NULL,
        documents BIGINT NOT NULL,
        findings BIGINT NOT NULL
    )""",
    "CREATE SEQUENCE outbox_id_seq",
    """CREATE TABLE outbox (
        id BIGINT PRIMARY KEY DEFAULT nextval('outbox_id_seq'),
        key VARCHAR NOT NULL UNIQUE,
        kind VARCHAR NOT NULL,
        lao_code VARCHAR,
        province_code VARCHAR,
        recipient VARCHAR NOT NULL,
        cc VARCHAR,
        subject VARCHAR NOT NULL,
        body_text VARCHAR NOT NULL,
        body_html VARCHAR,
        case_ids BIGINT[],
        state VARCHAR NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error VARCHAR,
        created_at TIMESTAMP NOT NULL,
        sent_at TIMESTAMP
    )""",
    "CREATE SEQUENCE job_run_id_seq",
    """CREATE TABLE job_runs (
        id BIGINT PRIMARY KEY DEFAULT nextval('job_run_id_seq'),
        job VARCHAR NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        outcome VARCHAR,
        detail VARCHAR
    )""",
)
