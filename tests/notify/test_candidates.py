"""Candidate contacts a sweep read on an LAO's site are never mailed until an analyst confirms one."""

from __future__ import annotations

import email
from email.policy import default

from core.config import Config
from notify.mailbox import LocalMailServer
from notify.run import send_alerts
from store import Store
from store.outbox import Outbox
from testkit.notify import Seeded

CANDIDATE = ("5010101", "email", "saraban@cm1.go.th", "http://www.cm1.go.th/")


def test_a_candidate_is_not_mailed_before_confirmation(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    store.record_contact_candidates([CANDIDATE])
    summary = send_alerts(cfg, store)
    recipients = {str(address) for raw in mail_server.messages() for address in _to(raw)}
    assert "saraban@cm1.go.th" not in recipients
    attention = Outbox(store).attention()
    assert "5010101" in set(attention[attention["state"] == "no_recipient"]["lao_code"])
    assert summary.no_recipient == 2
    assert [c.status for c in store.contact_candidates(lao_code="5010101")] == ["candidate"]


def test_a_confirmed_candidate_gets_the_alert(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    store.record_contact_candidates([CANDIDATE])
    assert store.decide_contact("5010101", "email", "saraban@cm1.go.th", "confirmed", "analyst-a")
    summary = send_alerts(cfg, store)
    recipients = {str(address) for raw in mail_server.messages() for address in _to(raw)}
    assert "saraban@cm1.go.th" in recipients
    assert summary.no_recipient == 1
    (decided,) = store.contact_candidates(lao_code="5010101")
    assert (decided.status, decided.decided_by) == ("confirmed", "analyst-a") and decided.decided_at


def test_a_rejected_candidate_stays_unmailed(cfg: Config, store: Store, seeded: Seeded) -> None:
    store.record_contact_candidates([CANDIDATE])
    assert store.decide_contact("5010101", "email", "saraban@cm1.go.th", "rejected", "analyst-a")
    assert not store.decide_contact("5010101", "email", "nobody@cm1.go.th", "confirmed", "analyst-a")
    assert send_alerts(cfg, store).no_recipient == 2


def _to(raw: bytes) -> list[str]:
    message = email.message_from_bytes(raw, policy=default)
    return [a.strip() for a in str(message["To"]).split(",")]
