"""Version 9: a site's TLS posture and whether it is compromised by injected spam (issue 19).

``tls_protocol`` is the TLS version its HTTPS negotiated ('' for a plain-HTTP site), ``tls_legacy``
whether that took the crawler's legacy fallback (TLS 1.0+, ``@SECLEVEL=0``), ``tls_issues`` what
needs fixing (``store.models.TLS_ISSUES``: an old protocol, a weak DH key, an expired or self-signed
certificate...). ``spam_pages`` counts the gambling-spam links and pages the sweep cut on the site,
``spam_examples`` keeps a few of their URLs as evidence (redacted like every stored URL; never page
text). Version 8 belongs to the off-site work of the same issue; versions apply in order, gaps
allowed.
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE sites ADD COLUMN tls_protocol VARCHAR DEFAULT ''",
    "ALTER TABLE sites ADD COLUMN tls_legacy BOOLEAN DEFAULT false",
    "ALTER TABLE sites ADD COLUMN tls_issues VARCHAR[] DEFAULT []",
    "ALTER TABLE sites ADD COLUMN spam_pages INTEGER DEFAULT 0",
    "ALTER TABLE sites ADD COLUMN spam_examples VARCHAR[] DEFAULT []",
)
