"""The coordinators' portal: a small Thai web page per LAO, reached through the personal link of an
alert mail (a signed token scoped to that LAO, with an expiry, revocable).

``portal.tokens`` issues and checks links, ``portal.app`` is the Starlette application (served by
``x4watch serve`` and ``x4watch portal``), ``portal.recheck`` re-checks documents an LAO reports
fixed, ``portal.upload`` masks an uploaded document in memory, ``portal.limits`` rate-limits.
"""
