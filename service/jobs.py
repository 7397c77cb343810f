"""The unattended schedule: sweep, recheck, alert digests, the weekly report and the monthly website
and contact discovery (``service.discovery``) under APScheduler 3.

Persistence, and why not APScheduler's SQLAlchemyJobStore: the schedule itself comes from
configuration (cron expressions), so there is nothing to persist about the jobs except *when they
last ran*, and that lives in the store's ``job_runs`` table (the dashboard shows it). SQLAlchemy is
not installed, and a second database file would split the truth. So jobs sit in APScheduler's
MemoryJobStore and, at start-up, each cron job's last run is read from ``job_runs``: when a fire
time passed since then (the service was down), the job runs once now (``coalesce``: several
missed fires make one run). A never-run job counts from the service's first start (a ``serve`` row).

Overlap: ``max_instances=1`` stops APScheduler from starting a job twice in one process, and a
file lock per job (``$X4WATCH_HOME/locks/JOB.lock``) stops a second process (another ``serve``, or
a catch-up run racing a regular one). A run that finds the lock taken is recorded as ``skipped``.

Cron expressions have five fields (minute hour day month weekday) in ``schedule.timezone``; a
sixth field in front is seconds (tests use ``* * * * * *``, every second).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.config import Config
from core.errors import ConfigError
from core.locks import job_lock
from store import Store
from store.outbox import JobRuns

log = logging.getLogger(__name__)

Runner = Callable[[], str]
"""A job body: does the work, returns a one-line outcome detail (no identifiers)."""

SERVE = "serve"
"""job_runs name of the service itself (its first start anchors catch-up for never-run jobs)."""


@dataclass(frozen=True, slots=True)
class JobSpec:
    name: str
    trigger: BaseTrigger
    runner: Runner


def cron(expr: str, tz: ZoneInfo) -> CronTrigger:
    """Five-field crontab, or six with seconds first; a bad expression names the setting's value."""
    fields = expr.split()
    try:
        if len(fields) == 5:
            return CronTrigger.from_crontab(expr, timezone=tz)
        if len(fields) == 6:
            names = ("second", "minute", "hour", "day", "month", "day_of_week")
            return CronTrigger(timezone=tz, **dict(zip(names, fields, strict=True)))
    except ValueError as exc:
        raise ConfigError(f"schedule cron {expr!r} is invalid: {exc}") from exc
    raise ConfigError(f"schedule cron {expr!r} must have 5 fields (minute hour day month weekday)")


class Service:
    """The scheduler plus the guard around every job; ``start()`` returns, ``shutdown()`` stops."""

    def __init__(self, cfg: Config, store: Store, runners: Mapping[str, Runner] | None = None) -> None:
        self.cfg = cfg
        self.store = store
        self.runs = JobRuns(store)
        self.tz = ZoneInfo(cfg.schedule.timezone)
        self.specs = build_specs(cfg, self.tz, runners or default_runners(cfg, store))
        self.scheduler = BackgroundScheduler(
            timezone=self.tz,
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": cfg.schedule.misfire_grace_seconds,
            },
        )

    def guarded(self, name: str, runner: Runner) -> Callable[[], None]:
        """The job as APScheduler runs it: lock, job_runs row, outcome, log; never raises."""

        def run() -> None:
            with job_lock(self.cfg.home_path, name) as held:
                if not held:
                    self.runs.finish(self.runs.start(name), "skipped", "previous run still going")
                    log.warning("job %s skipped: the previous run is still going", name)
                    return
                run_id = self.runs.start(name)
                log.info("job %s started", name)
                try:
                    detail = runner()
                except Exception as exc:
                    self.runs.finish(run_id, "failed", f"{type(exc).__name__}: {exc}")
                    log.error("job %s failed: %s\n%s", name, exc, traceback.format_exc(limit=5))
                    return
                self.runs.finish(run_id, "ok", detail)
                log.info("job %s done: %s", name, detail)

        return run

    def missed(self, now: datetime) -> list[str]:
        """Cron jobs with a fire time between their last run (or the first start) and ``now``."""
        first = self.runs.last_started(SERVE, first=True)
        due = []
        for spec in self.specs:
            if not isinstance(spec.trigger, CronTrigger):
                continue
            since = self.runs.last_started(spec.name) or first
            if since is None:
                continue
            after = since.replace(tzinfo=UTC) + timedelta(seconds=1)
            fire = spec.trigger.get_next_fire_time(None, after)
            if fire is not None and fire <= now:
                due.append(spec.name)
        return due

    def start(self) -> list[str]:
        """Schedule every job, queue one catch-up run per missed job; returns the missed names."""
        now = datetime.now(UTC)
        due = self.missed(now)
        self.runs.finish(self.runs.start(SERVE), "started", f"jobs: {', '.join(s.name for s in self.specs)}")
        for spec in self.specs:
            job = self.guarded(spec.name, spec.runner)
            self.scheduler.add_job(job, spec.trigger, id=spec.name, name=spec.name)
            if spec.name in due:
                log.info("job %s missed a run while the service was down: running it once now", spec.name)
                self.scheduler.add_job(job, "date", run_date=now, id=f"{spec.name}-catch-up", name=spec.name)
        self.scheduler.start()
        return due

    def shutdown(self, wait: bool = True) -> None:
        self.scheduler.shutdown(wait=wait)


def build_specs(cfg: Config, tz: ZoneInfo, runners: Mapping[str, Runner]) -> list[JobSpec]:
    """The configured jobs that have a runner, with their triggers."""
    s = cfg.schedule
    triggers: dict[str, BaseTrigger] = {
        "sweep": cron(s.sweep_cron, tz),
        "recheck": cron(s.recheck_cron, tz),
        "report": cron(s.report_cron, tz),
        "discovery": cron(s.discovery_cron, tz),
        "notify": IntervalTrigger(minutes=s.notify_every_minutes, timezone=tz),
    }
    return [JobSpec(name, triggers[name], runner) for name, runner in runners.items() if name in triggers]


def default_runners(cfg: Config, store: Store) -> dict[str, Runner]:
    """The production job bodies: crawler sweep/recheck then digests, the report, an outbox flush."""

    def alerts() -> str:
        from notify.run import send_alerts

        return send_alerts(cfg, store).line()

    def sweep(mode: str) -> Runner:
        def run() -> str:
            from crawler.sweep import run_sweep
            from seeds import load_laos
            from service.discovery import with_decisions

            laos = with_decisions(load_laos(), store.site_decisions())
            urls: list[tuple[str, str]] = []
            if mode == "recheck":
                targets = store.recheck_targets()
                urls = list(zip(targets["lao_code"], targets["url"], strict=True))
                if not urls:
                    return f"recheck: no open cases; {alerts()}"
            summary = run_sweep(cfg, laos, store=store, mode=mode, urls=urls)
            return f"{mode} {summary.status} sites={summary.sites_done}/{summary.sites_total}; {alerts()}"

        return run

    def report() -> str:
        from reports.weekly import weekly_report

        written = weekly_report(cfg, store)
        return f"{written.pdf.name} {written.xlsx.name}"

    def discovery() -> str:
        from seeds import load_laos
        from service.discovery import run_discovery

        return run_discovery(cfg, store, load_laos())

    return {
        "sweep": sweep("sweep"),
        "recheck": sweep("recheck"),
        "report": report,
        "discovery": discovery,
        "notify": alerts,
    }
