"""Versioned schema migrations, applied in order by ``store.schema.migrate``.

Each module ``mNNNN_name.py`` holds ``STATEMENTS``: the SQL that takes the schema from version
NNNN-1 to NNNN. Never edit a released migration; add the next one. Python modules rather than
``.sql`` files so that they ship with the package without package-data rules.

Privacy: no column may hold a full identifier. Findings and cases keep the X4-masked form, the keyed
fingerprint and a masked snippet only (see the Finding contract in design.md).
"""

from __future__ import annotations

from store.migrations import (
    m0001_initial,
    m0002_page_links,
    m0003_robots,
    m0004_unchanged_since,
    m0005_discovery,
    m0006_finding_numbers,
    m0007_outbox_deadline,
    m0008_found_by,
    m0009_site_posture,
    m0010_portal,
)

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "initial schema", m0001_initial.STATEMENTS),
    (2, "links of HTML pages", m0002_page_links.STATEMENTS),
    (3, "robots.txt of each site", m0003_robots.STATEMENTS),
    (4, "since when a document's bytes are unchanged", m0004_unchanged_since.STATEMENTS),
    (5, "discovery: contact candidates, site decisions, probes, coverage history", m0005_discovery.STATEMENTS),
    (6, "how many identifiers a finding stands for", m0006_finding_numbers.STATEMENTS),
    (7, "the deadline a digest promises", m0007_outbox_deadline.STATEMENTS),
    (8, "how each document was found, and the page linking an off-site file", m0008_found_by.STATEMENTS),
    (9, "a site's TLS posture and injected spam", m0009_site_posture.STATEMENTS),
    (10, "coordinators' portal links", m0010_portal.STATEMENTS),
)
"""(version, description, statements), ascending."""
