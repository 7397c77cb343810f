"""Alert e-mails: one Thai digest per LAO coordinator, escalations to the province, an outbox.

``notify.run.send_alerts(cfg, store)`` is the entry point; ``notify.compose`` turns plain case rows
into messages, ``notify.outbox`` makes sending at-most-once, ``notify.smtp`` talks to the server.
"""
