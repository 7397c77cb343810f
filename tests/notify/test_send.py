"""notify end to end: real store file, real aiosmtpd on loopback, parsed messages, outbox states."""

from __future__ import annotations

import email
import os
import re
import signal
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from core.config import Config
from notify.mailbox import LocalMailServer, MaildirHandler, free_port
from notify.run import send_alerts
from store import Store, StoreError
from store.models import SiteRecord
from store.outbox import Outbox
from testkit.notify import Seeded, seed

ROOT = Path(__file__).resolve().parents[2]


def parsed(server: LocalMailServer) -> list[EmailMessage]:
    return [email.message_from_bytes(raw, policy=default) for raw in server.messages()]  # type: ignore[misc]


def body(msg: EmailMessage) -> str:
    return "".join(part.get_content() for part in msg.walk() if part.get_content_maintype() == "text")


def states(store: Store) -> dict[int, str]:
    return dict(zip(store.cases()["id"], store.cases()["state"], strict=True))


def test_one_digest_per_lao_delivered_in_thai_without_identifiers(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    summary = send_alerts(cfg, store)
    assert summary.sent == 2 and summary.no_recipient == 2
    raws = mail_server.messages()
    messages = parsed(mail_server)
    assert sorted(str(m["To"]) for m in messages) == ["it@tambon2.go.th", "saraban@tambon1.go.th"]
    first = next(m for m in messages if "tambon1" in str(m["To"]))
    assert re.search(rb"^Subject: \[x4watch\] =\?utf-8\?[bq]\?", raws[0], re.M | re.I)  # RFC 2047 encoded-word
    assert "พบข้อมูลส่วนบุคคลไม่ปกปิด" in str(first["Subject"]) and "6940101" in str(first["Subject"])
    text = body(first)
    assert "beer-yang-cheep.pdf" in text and "procurement.pdf" in text and "เลขประจำตัวประชาชน" in text
    for raw_id in seeded.raw:
        assert all(raw_id.encode() not in r for r in raws)
        assert all(raw_id not in body(m) for m in messages)
    notified = seeded.cases_by_lao["6940101"] + seeded.cases_by_lao["6940102"]
    assert {states(store)[i] for i in notified} == {"notified"}
    assert {states(store)[i] for i in seeded.cases_by_lao["5010101"]} == {"confirmed"}
    problems = Outbox(store).attention()
    assert sorted(problems["lao_code"]) == ["5010101", "5010102"]
    assert set(problems["state"]) == {"no_recipient"}


def test_a_second_run_sends_nothing_again(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    send_alerts(cfg, store)
    again = send_alerts(cfg, store)
    assert again.sent == 0 and again.recorded == 0
    assert len(mail_server.messages()) == 2


def test_overdue_cases_escalate_to_the_province_with_the_centre_in_copy(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer, clock
) -> None:
    send_alerts(cfg, store)
    clock.advance(days=16)  # past the 15-day deadline
    summary = send_alerts(cfg, store)
    assert summary.sent == 1
    escalation = parsed(mail_server)[-1]
    assert str(escalation["To"]) == "pattani-dla@dla.go.th"
    assert str(escalation["Cc"]) == cfg.smtp.centre_address
    assert "ปัตตานี" in str(escalation["Subject"]) and "เกินกำหนด" in str(escalation["Subject"])
    assert "6940101" in body(escalation) and "6940102" in body(escalation)
    assert send_alerts(cfg, store).sent == 0  # once per week for the same overdue set


def test_server_down_then_up_delivers_each_mail_once(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    live_port, cfg.smtp.port = cfg.smtp.port, free_port()  # nothing listens there
    pauses: list[float] = []
    down = send_alerts(cfg, store, sleep=pauses.append)
    assert down.sent == 0 and down.deferred == 2 and pauses == [0.01]
    assert {m.state for m in Outbox(store).messages(("queued",))} == {"queued"}
    assert set(states(store).values()) == {"confirmed"}
    cfg.smtp.port = live_port
    up = send_alerts(cfg, store)
    assert up.sent == 2 and up.cases_notified == 6
    assert send_alerts(cfg, store).sent == 0
    ids = [str(m["Message-ID"]) for m in parsed(mail_server)]
    assert len(ids) == len(set(ids)) == 2


def test_rate_limit_leaves_the_rest_for_the_next_run(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    cfg.smtp.max_per_run = 1
    assert send_alerts(cfg, store).sent == 1
    assert send_alerts(cfg, store).sent == 1
    assert len(mail_server.messages()) == 2


def test_dry_run_writes_eml_files_and_changes_nothing(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer, tmp_path: Path
) -> None:
    summary = send_alerts(cfg, store, dry_run=True, out_dir=tmp_path / "eml")
    assert len(summary.files) == 4 and all(p.suffix == ".eml" for p in summary.files)
    assert mail_server.messages() == [] and Outbox(store).messages(("queued", "no_recipient")) == []
    assert set(states(store).values()) == {"confirmed"}


class HoldingHandler(MaildirHandler):
    """Files the message, then holds the DATA reply until released (a crash window)."""

    def __init__(self, maildir: Path) -> None:
        super().__init__(maildir)
        self.received = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        import asyncio

        reply = await super().handle_DATA(server, session, envelope)
        self.received.set()
        while not self.release.is_set():
            await asyncio.sleep(0.05)
        return reply


def test_sender_killed_mid_send_never_resends_blindly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = Store(home / "x4watch.duckdb")
    seeded = seed(store)
    handler = HoldingHandler(tmp_path / "mail")
    with LocalMailServer(tmp_path / "mail", handler=handler) as server:
        env = {
            **os.environ,
            "X4WATCH_HOME": str(home),
            "X4WATCH_SMTP_HOST": "127.0.0.1",
            "X4WATCH_SMTP_PORT": str(server.port),
            "PYTHONPATH": str(ROOT),
        }
        child = subprocess.Popen(
            [sys.executable, "-m", "service", "notify", "send"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert handler.received.wait(60), "the child never reached DATA"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        handler.release.set()
        cfg = Config(home=str(home))
        cfg.smtp.host, cfg.smtp.port = "127.0.0.1", server.port
        after = send_alerts(cfg, store)
        assert len(after.uncertain) == 1 and after.sent == 1
        assert send_alerts(cfg, store).sent == 0
        time.sleep(0.1)
        ids = [str(m["Message-ID"]) for m in parsed(server)]
    assert len(ids) == len(set(ids)) == 2  # the uncertain one was not sent a second time
    uncertain = Outbox(store).messages(("uncertain",))
    assert len(uncertain) == 1
    assert {states(store)[i] for i in uncertain[0].case_ids} == {"confirmed"}  # not marked notified
    assert seeded.raw  # sanity: the seed made identifiers


def test_an_analyst_resolves_an_uncertain_mail(cfg: Config, store: Store, seeded: Seeded) -> None:
    send_alerts(cfg, store)
    outbox = Outbox(store)
    sent = outbox.messages(("sent",))
    store._run(lambda con: con.execute("UPDATE outbox SET state = 'uncertain' WHERE key = ?", [sent[0].key]))
    with pytest.raises(StoreError, match="only uncertain or failed"):
        outbox.resolve(sent[1].id or 0, delivered=False, who="somchai")
    assert outbox.resolve(sent[0].id or 0, delivered=False, who="somchai") == "queued"
    assert send_alerts(cfg, store).sent == 1  # sent again, same Message-ID


def test_a_second_concurrent_run_does_nothing(cfg: Config, store: Store, seeded: Seeded) -> None:
    from core.locks import job_lock

    with job_lock(cfg.home_path, "notify-send") as held:
        assert held
        summary = send_alerts(cfg, store)
    assert summary.busy and summary.sent == 0 and Outbox(store).messages(("queued", "sent")) == []


def test_a_mail_that_waited_in_the_outbox_gives_its_cases_the_deadline_it_printed(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    from datetime import timedelta

    composed = store.clock()
    store.clock = lambda: composed
    live_port, cfg.smtp.port = cfg.smtp.port, free_port()  # the server is down for two days
    assert send_alerts(cfg, store, sleep=lambda _: None).sent == 0
    cfg.smtp.port = live_port
    store.clock = lambda: composed + timedelta(days=2)
    assert send_alerts(cfg, store).sent == 2
    promised = composed + timedelta(days=cfg.cases.deadline_days)
    cases = store.cases()
    deadlines = set(cases[cases["state"] == "notified"]["deadline"])
    assert len(deadlines) == 1, deadlines
    assert abs(deadlines.pop().to_pydatetime() - promised) < timedelta(seconds=1), (composed, promised)


def test_the_digest_of_a_compromised_site_says_so(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    spam_url = "http://www.tambon1.go.th/images/stories/pg-slot-3.html"
    site = SiteRecord("6940101", "http://www.tambon1.go.th/", spam_pages=9, spam_examples=(spam_url,))
    store.record_sites(None, [site])
    send_alerts(cfg, store)
    texts = {str(m["To"]): body(m) for m in parsed(mail_server)}
    assert "หน้าเว็บพนัน" in texts["saraban@tambon1.go.th"] and spam_url in texts["saraban@tambon1.go.th"]
    assert "หน้าเว็บพนัน" not in texts["it@tambon2.go.th"]
def test_a_reopened_case_confirmed_before_is_mailed_again_without_an_analyst(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer, clock
) -> None:
    send_alerts(cfg, store)
    ids = seeded.cases_by_lao["6940102"]
    store.bulk_transition(ids, "remediated", "system", "gone on recheck")
    clock.advance(days=3)  # a later sweep sees the leak again
    store.bulk_transition(ids, "reopened", "system", "seen again")
    summary = send_alerts(cfg, store)
    assert summary.sent == 1
    assert {states(store)[i] for i in ids} == {"notified"}
    assert len(mail_server.messages()) == 3


def test_a_reopened_case_never_confirmed_waits_for_an_analyst(
    cfg: Config, store: Store, mail_server: LocalMailServer
) -> None:
    seeded = seed(store, confirm=False)
    ids = seeded.cases_by_lao["6940102"]
    store.bulk_transition(ids, "remediated", "system", "gone before anyone looked")
    store.bulk_transition(ids, "reopened", "system", "seen again")
    assert send_alerts(cfg, store).sent == 0
    assert {states(store)[i] for i in ids} == {"reopened"}
    store.bulk_transition(ids, "confirmed", "ann")
    assert send_alerts(cfg, store).sent == 1
    assert {states(store)[i] for i in ids} == {"notified"}


def test_a_digest_carries_a_personal_portal_link_that_is_not_kept_in_the_outbox(
    cfg: Config, store: Store, seeded: Seeded, mail_server: LocalMailServer
) -> None:
    from portal import tokens
    from store.portal import PortalData

    send_alerts(cfg, store)
    first = next(m for m in parsed(mail_server) if "tambon1" in str(m["To"]))
    found = re.search(r"http://127\.0\.0\.1:8502/p/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)", body(first))
    assert found, body(first)
    grant = tokens.check(cfg, store, found.group(1))
    assert isinstance(grant, tokens.Grant) and grant.lao_code == "6940101"
    stored = Outbox(store).messages(("sent",))
    assert stored and all(found.group(1) not in m.body_text + m.body_html for m in stored)
    assert all(tokens.PLACEHOLDER in m.body_text for m in stored)
    links = PortalData(store).tokens()
    assert sorted(links["lao_code"]) == ["6940101", "6940102"]
    assert all(found.group(1) not in str(v) for v in links.to_numpy().ravel())
