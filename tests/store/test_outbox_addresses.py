"""The outbox keeps a mail's recipients as a tuple of addresses through the store and back."""

from __future__ import annotations

from pathlib import Path

from store import Store
from store.models import OutboxMessage
from store.outbox import Outbox


def test_recipients_and_copies_come_back_as_the_tuples_that_went_in(tmp_path: Path) -> None:
    outbox = Outbox(Store(tmp_path / "x.duckdb"))
    sent = OutboxMessage(
        key="k1",
        kind="escalation",
        to=("office@example.go.th", "deputy@example.go.th"),
        cc=("centre@example.or.th",),
        subject="s",
        body_text="b",
        province_code="10",
    )
    alone = OutboxMessage(key="k2", kind="digest", to=(), subject="s", body_text="b", state="no_recipient")
    assert outbox.enqueue([sent, alone]) == 2
    by_key = {m.key: m for m in outbox.messages(("queued", "no_recipient"))}
    assert by_key["k1"].to == sent.to and by_key["k1"].cc == sent.cc
    assert by_key["k2"].to == () and by_key["k2"].cc == ()
