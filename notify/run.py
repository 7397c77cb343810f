"""One notify run: recover, compose, record in the outbox, then deliver what is queued.

Order matters for at-most-once delivery:
1. Rows left in ``sending`` by a process that died mid-send become ``uncertain``: the server may
   hold the mail already, so they are listed for analysts (the Message-ID is derived from the
   outbox key, so the server log can be searched for it) and never resent automatically.
2. New digests (``confirmed`` cases not already in an in-flight message) and escalations (open
   cases past their deadline) are composed and recorded with an idempotency key before any SMTP
   traffic; a message without a valid address is recorded as ``no_recipient``.
3. Queued messages go out oldest first, at most ``smtp.max_per_run`` per run. Each is claimed
   (``sending``) in a committed transaction before it is sent, then marked ``sent`` together with
   its cases' move to ``notified`` (in the transaction that claims the next one). A server that
   is down is retried with exponential backoff; when it stays down the message returns to
   ``queued`` for the next run.

A reopened case (the leak came back after it was remediated) is mailed again at once when an
analyst confirmed it before: the same number in the same document was already judged a leak
(``reopened → notified``, which ``store.lifecycle`` allows only for such cases). A reopened case never
confirmed waits for an analyst, like a new one.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from core.config import Config, SmtpSettings
from core.locks import job_lock
from core.thaidate import local_date
from notify.compose import CaseLine, CentreContact, Mail, lao_digests, province_escalations
from notify.errors import SmtpRejected, SmtpUnavailable, SmtpUncertain
from notify.smtp import SmtpSender, build_message
from portal.tokens import PLACEHOLDER, issue, link_for_outbox
from seeds.model import official_name
from store import Store
from store.models import AlertCase, OutboxMessage
from store.outbox import Outbox

log = logging.getLogger(__name__)

DIGEST_STATES = ("confirmed", "reopened")
"""Cases an LAO digest announces (reopened ones only when confirmed before: ``digest_cases``)."""
ESCALATION_STATES = ("notified", "acknowledged")
"""Cases that, past their deadline, go to the provincial office."""


@dataclass
class NotifySummary:
    """What a run did, for the CLI, the job log and the demo."""

    composed: int = 0
    recorded: int = 0
    sent: int = 0
    cases_notified: int = 0
    deferred: int = 0
    failed: int = 0
    uncertain: list[str] = field(default_factory=list)
    no_recipient: int = 0
    files: list[Path] = field(default_factory=list)
    busy: bool = False

    def line(self) -> str:
        if self.busy:
            return "busy: another notify run is sending; nothing done"
        return (
            f"composed={self.composed} recorded={self.recorded} sent={self.sent} "
            f"cases_notified={self.cases_notified} deferred={self.deferred} failed={self.failed} "
            f"uncertain={len(self.uncertain)} no_recipient={self.no_recipient}"
        )


def message_id(key: str, sender: str) -> str:
    """The Message-ID is a function of the outbox key: a resend would carry the same id."""
    return f"<{key}@{sender.rpartition('@')[2] or 'x4watch.local'}>"


def _lines(cases: list[AlertCase], tz: ZoneInfo) -> list[CaseLine]:
    """The store's alert cases as mails name them: the LAO's official name, dates in local time."""
    return [
        CaseLine(
            case_id=c.case_id,
            lao_code=c.lao_code,
            lao_name=official_name(c.lao_type, c.lao_name),
            province=c.province,
            url=c.url,
            page=c.page,
            kind=c.kind,
            masked=c.masked,
            state=c.state,
            deadline=local_date(c.deadline, tz),
            email=c.email,
            province_code=c.province_code,
        )
        for c in cases
    ]


def digest_cases(cases: list[AlertCase]) -> list[AlertCase]:
    """The cases a digest may announce: confirmed ones, and reopened ones an analyst confirmed before."""
    return [c for c in cases if c.state == "confirmed" or (c.state == "reopened" and c.confirmed_before)]


def compose(cfg: Config, outbox: Outbox, today: date) -> list[Mail]:
    """Digests for confirmed cases not yet in flight, escalations for overdue notified ones."""
    tz = ZoneInfo(cfg.schedule.timezone)
    centre = CentreContact(cfg.smtp.centre_address, cfg.smtp.centre_phone)
    busy = outbox.in_flight_case_ids()
    fresh = [c for c in _lines(digest_cases(outbox.alert_cases(DIGEST_STATES)), tz) if c.case_id not in busy]
    link = PLACEHOLDER if cfg.portal.base_url else ""
    mails = lao_digests(
        fresh,
        today=today,
        deadline_days=cfg.cases.deadline_days,
        centre=centre,
        spam=outbox.compromised_sites(),
        portal_link=link,
    )
    overdue = _lines(outbox.alert_cases(ESCALATION_STATES), tz)
    offices = _province_offices(outbox.alert_cases((*DIGEST_STATES, *ESCALATION_STATES)))
    return mails + province_escalations(overdue, offices, today=today, centre=centre)


def _province_offices(cases: list[AlertCase]) -> dict[str, str]:
    """Provincial office address per province code: the first one any of its LAOs' contacts give."""
    offices: dict[str, str] = {}
    for case in cases:
        if case.province_email and case.province_code not in offices:
            offices[case.province_code] = case.province_email
    return offices


def _record(mail: Mail, now: datetime) -> OutboxMessage:
    """The outbox row of ``mail``; a digest's printed deadline becomes its cases' deadline: that
    date at the local time of day the mail was composed (``now``, aware, in the schedule's zone), in
    naive UTC as the store keeps times."""
    deadline = None
    if mail.deadline is not None:
        deadline = datetime.combine(mail.deadline, now.timetz()).astimezone(UTC).replace(tzinfo=None)
    return OutboxMessage(
        key=mail.key,
        kind=mail.kind,
        to=mail.to,
        subject=mail.subject,
        body_text=mail.text,
        body_html=mail.html,
        case_ids=mail.case_ids,
        lao_code=mail.scope if mail.kind == "digest" else "",
        province_code=mail.province_code,
        cc=mail.cc,
        state="queued" if mail.to else "no_recipient",
        last_error=mail.problem,
        deadline=deadline,
    )


def _as_mail(row: OutboxMessage) -> Mail:
    scope = row.lao_code or row.province_code
    return Mail(
        row.key,
        row.kind,
        scope,
        row.to,
        row.cc,
        row.subject,
        row.body_text,
        row.body_html,
        row.case_ids,
        province_code=row.province_code,
    )


DRY_RUN_LINK = "(ลิงก์ส่วนตัวของหน่วยงานจะสร้างเมื่อส่งจริง)"
"""What a dry run's mail shows in place of the portal link (a dry run records no link)."""


def with_link(mail: Mail, url: str) -> Mail:
    """The mail with its portal link placeholder replaced by ``url`` (escaped in the HTML part)."""
    if PLACEHOLDER not in mail.text and PLACEHOLDER not in mail.html:
        return mail
    return dataclasses.replace(
        mail, text=mail.text.replace(PLACEHOLDER, url), html=mail.html.replace(PLACEHOLDER, html.escape(url))
    )


def issue_links(cfg: Config, store: Store, mails: list[Mail]) -> None:
    """A personal portal link for each digest that has a recipient, recorded (id and hash only) under
    the mail's outbox key; issuing again for the same mail records nothing new."""
    for mail in mails:
        if mail.kind == "digest" and mail.to and PLACEHOLDER in mail.text:
            issue(cfg, store, mail.scope, outbox_key=mail.key)


def write_eml(mails: list[Mail], cfg: Config, out_dir: Path, now: datetime) -> list[Path]:
    """Dry run: each message as an .eml file; nothing is recorded or sent."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for mail in (with_link(m, DRY_RUN_LINK) for m in mails):
        msg = build_message(mail, sender=cfg.smtp.sender, message_id=message_id(mail.key, cfg.smtp.sender), when=now)
        path = out_dir / f"{mail.kind}-{mail.scope}-{mail.key[:8]}.eml"
        path.write_bytes(msg.as_bytes())
        paths.append(path)
    return paths


def _send_with_backoff(
    sender: SmtpSender, mail: Mail, cfg: SmtpSettings, when: datetime, sleep: Callable[[float], None]
) -> None:
    """Send, retrying while the server is unavailable; the last SmtpUnavailable propagates."""
    msg = build_message(mail, sender=cfg.sender, message_id=message_id(mail.key, cfg.sender), when=when)
    delay = cfg.retry_base_seconds
    for attempt in range(1, max(1, cfg.retry_attempts) + 1):
        try:
            sender.send(msg, [*mail.to, *mail.cc])
            return
        except SmtpUnavailable as exc:
            if attempt >= cfg.retry_attempts:
                raise
            log.warning("SMTP unavailable (%s); retry %d in %.1f s", exc, attempt, delay)
            sleep(delay)
            delay *= 2


Outcome = tuple[str, str, str]
"""(outbox key, new state, error) of one send, recorded with the next claim."""


def _attempt(
    sender: SmtpSender,
    mail: Mail,
    row: OutboxMessage,
    cfg: SmtpSettings,
    summary: NotifySummary,
    sleep: Callable[[float], None],
) -> Outcome:
    """Send one claimed message; its outcome as the state to record (SmtpUnavailable propagates)."""
    when = (row.created_at or datetime.now()).replace(tzinfo=UTC)
    try:
        _send_with_backoff(sender, mail, cfg, when, sleep)
    except SmtpRejected as exc:
        summary.failed += 1
        return row.key, "failed", str(exc)
    except SmtpUncertain as exc:
        summary.uncertain.append(row.key)
        return row.key, "uncertain", str(exc)
    summary.sent += 1
    return row.key, "sent", ""


def deliver(cfg: Config, outbox: Outbox, summary: NotifySummary, sleep: Callable[[float], None] = time.sleep) -> None:
    """Send queued messages (oldest first, rate-limited); each outcome becomes an outbox state.

    Each store transaction records the previous message's outcome and claims the next one.
    """
    pending = outbox.messages(("queued",))
    batch = pending[: cfg.smtp.max_per_run]
    summary.deferred = len(pending) - len(batch)
    outcome: Outcome | None = None
    with SmtpSender(cfg.smtp) as sender:
        for index, row in enumerate(batch):
            notified, claimed = outbox.step(outcome, row.key)
            summary.cases_notified += notified
            outcome = None
            if not claimed:
                continue
            mail = _as_mail(row)
            if PLACEHOLDER in mail.text:  # the link is rebuilt from its stored id, never stored itself
                mail = with_link(mail, link_for_outbox(cfg, outbox.store, row.key) or "")
            try:
                outcome = _attempt(sender, mail, row, cfg.smtp, summary, sleep)
            except SmtpUnavailable as exc:
                outcome = (row.key, "queued", str(exc))
                summary.deferred += len(batch) - index
                log.warning("SMTP server down: %d message(s) wait for the next run", summary.deferred)
                break
    if outcome is not None:
        summary.cases_notified += outbox.step(outcome, None)[0]


def send_alerts(
    cfg: Config,
    store: Store,
    *,
    dry_run: bool = False,
    out_dir: Path | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> NotifySummary:
    """The whole run (see the module docstring); ``dry_run`` writes .eml files and touches nothing.

    One run at a time per home (a lock file): a second one would take the first's in-progress
    ``sending`` rows for a crash and mark them uncertain. A run that finds the lock held does nothing.
    """
    with job_lock(cfg.home_path, "notify-send") as held:
        if not held:
            return NotifySummary(busy=True)
        return _send_alerts(cfg, store, dry_run=dry_run, out_dir=out_dir, sleep=sleep)


def _send_alerts(
    cfg: Config, store: Store, *, dry_run: bool, out_dir: Path | None, sleep: Callable[[float], None]
) -> NotifySummary:
    outbox = Outbox(store)
    summary = NotifySummary()
    now = store.clock().replace(tzinfo=UTC)
    today = now.astimezone(ZoneInfo(cfg.schedule.timezone)).date()
    if not dry_run:
        summary.uncertain.extend(outbox.abandon_sending())
    mails = compose(cfg, outbox, today)
    summary.composed = len(mails)
    summary.no_recipient = sum(1 for m in mails if not m.to)
    if dry_run:
        summary.files = write_eml(mails, cfg, out_dir or cfg.home_path / "outbox-dry-run", now)
        return summary
    local_now = now.astimezone(ZoneInfo(cfg.schedule.timezone))
    summary.recorded = outbox.enqueue([_record(m, local_now) for m in mails])
    issue_links(cfg, store, mails)
    deliver(cfg, outbox, summary, sleep)
    for key in summary.uncertain:
        log.error("outbox %s: delivery uncertain, left for an analyst (not resent)", key)
    return summary
