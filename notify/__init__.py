"""Alert e-mails: one Thai digest per LAO coordinator, escalations to the province, an outbox.

``notify.run.send_alerts(cfg, store)`` is the entry point; ``notify.compose`` turns the store's
case lines into messages, the store's outbox (``store.outbox``) makes sending at-most-once,
``notify.smtp`` talks to the server and ``notify.mailbox`` is the local SMTP server of the demo.
"""
