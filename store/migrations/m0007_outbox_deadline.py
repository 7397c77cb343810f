"""Version 5: ``outbox.deadline``, the deadline a digest promises, stored with the mail.

The digest tells an LAO to act "within date X", computed when the mail is composed; the cases get
their deadline when the mail is sent. A mail that waited in the outbox (the SMTP server down for a
day) would otherwise give its cases a later deadline than it printed. Mails queued before this
version have none and keep the old rule (sent + ``cases.deadline_days``).
"""

from __future__ import annotations

STATEMENTS: tuple[str, ...] = ("ALTER TABLE outbox ADD COLUMN deadline TIMESTAMP",)
