"""Version 5: what discovery learns and what analysts decide about LAO websites and contacts.

- ``contact_candidates``: an e-mail address or office phone an LAO publishes on its own site (contact
  page, footer), found during a sweep. A candidate is never mailed: an analyst confirms it first,
  and only then is it copied into ``contacts`` (``status`` candidate → confirmed | rejected, with
  who and when).
- ``site_decisions``: a website an analyst confirmed, entered or imported from a province's list,
  with who and when; the latest decision per LAO overrides the seed list (``url_source=manual``).
- ``discovery_probes``: each host probed for an LAO and the outcome (accepted, or why refused), so a
  run resumes where the last stopped and the analysts see what was tried.
- ``coverage_history``: site and contact coverage per day, for the trend in ``seeds stats`` and the
  weekly report.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE contact_candidates (
        lao_code VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        source_url VARCHAR,
        first_seen TIMESTAMP NOT NULL,
        last_seen TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL DEFAULT 'candidate',
        decided_by VARCHAR,
        decided_at TIMESTAMP,
        PRIMARY KEY (lao_code, kind, value)
    )""",
    """CREATE TABLE site_decisions (
        lao_code VARCHAR NOT NULL,
        website VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        decided_by VARCHAR NOT NULL,
        decided_at TIMESTAMP NOT NULL,
        note VARCHAR
    )""",
    """CREATE TABLE discovery_probes (
        lao_code VARCHAR NOT NULL,
        host VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL,
        reason VARCHAR,
        probed_at TIMESTAMP NOT NULL,
        PRIMARY KEY (lao_code, host)
    )""",
    """CREATE TABLE coverage_history (
        day DATE PRIMARY KEY,
        laos INTEGER NOT NULL,
        with_site INTEGER NOT NULL,
        with_contact INTEGER NOT NULL,
        contact_candidates INTEGER NOT NULL
    )""",
)
