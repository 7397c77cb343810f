"""x4watch configuration: one TOML file plus ``X4WATCH_*`` environment overrides.

Every setting is declared once, here, with its default and a help text (the Datasette habit): the
README's settings table is checked against this declaration by a test, so the docs cannot drift.

Resolution order, last wins: embedded defaults, the TOML file (``$X4WATCH_CONFIG`` or
``$X4WATCH_HOME/x4watch.toml`` or ``./x4watch.toml``), then environment variables named
``X4WATCH_<SECTION>_<NAME>`` (upper case). Two short names exist because every user needs them:
``X4WATCH_HOME`` (the folder for the store, mailbox, reports and sweep state) and ``X4WATCH_SECRET``
(the fingerprint key, same as ``store.secret``).

The secret deserves a word: fingerprints are HMAC-SHA256 of the canonical identifier under it, so
the same leak dedupes across sweeps only while the secret stays the same, and anyone holding the
secret and the store could test guesses. When none is configured, a random one is created once in
``$X4WATCH_HOME/secret.key`` (mode 0600) so that ``x4watch demo`` needs no configuration.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ConfigError


def setting(default: Any, help: str) -> Any:
    """Declare one setting: its default and the sentence the README shows for it."""
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class StoreSettings:
    path: str = setting("", "DuckDB file; empty means $X4WATCH_HOME/x4watch.duckdb")
    secret: str = setting("", "fingerprint key (HMAC-SHA256); empty means $X4WATCH_HOME/secret.key")
    lock_retry_seconds: float = setting(30.0, "how long a write waits for another process's lock")
    batch_size: int = setting(500, "findings written per transaction during a sweep")


@dataclass
class CasesSettings:
    deadline_days: int = setting(15, "days an LAO has to remediate after it was notified")


@dataclass
class CrawlSettings:
    user_agent: str = setting(
        "x4watch/0.1 (PDPC monitoring centre; +https://www.pdpc.or.th/x4watch)",
        "User-Agent that names the monitoring centre and a contact URL",
    )
    concurrency: int = setting(128, "requests in flight across all sites")
    per_host: int = setting(2, "requests in flight per site")
    delay_seconds: float = setting(0.5, "pause between two requests to one site")
    obey_robots: bool = setting(True, "obey robots.txt (turn off only under an authorized mandate)")
    robots_hours: float = setting(24.0, "hours a site's robots.txt is reused by later sweeps (RFC 9309: at most 24)")
    max_depth: int = setting(4, "link depth from a site's home page")
    max_pages_per_site: int = setting(300, "HTML pages fetched per site per sweep")
    max_documents_per_site: int = setting(300, "documents fetched per site per sweep")
    max_bytes_per_site: int = setting(200_000_000, "bytes downloaded per site per sweep")
    max_seconds_per_site: int = setting(900, "wall seconds per site per sweep")
    max_response_bytes: int = setting(30_000_000, "largest single download (bytes)")
    timeout_seconds: int = setting(30, "download timeout per request")
    allow_loopback: bool = setting(False, "test/demo mode only: allow loopback and the simweb proxy")
    proxy: str = setting("", "forward proxy for every request (test/demo: the simweb server)")
    max_queries_per_path: int = setting(100, "distinct query strings followed on one path (endless-query trap cut)")
    progress_seconds: float = setting(10.0, "seconds between two progress lines and store updates during a sweep")
    revisit_days: float = setting(
        28.0, "longest a known, unchanged URL without open cases may go unasked (0: ask for every URL every sweep)"
    )


@dataclass
class DocumentsSettings:
    workers: int = setting(2, "parser worker processes")
    timeout_seconds: float = setting(60.0, "wall time one document may take to parse")
    memory_mb: int = setting(1024, "address-space cap of a parser worker")
    max_bytes: int = setting(50_000_000, "larger documents are not parsed (status too_large)")
    max_pages: int = setting(2000, "pages read per document")
    ocr: bool = setting(True, "OCR scanned pages and images with Tesseract")
    ocr_max_pages: int = setting(20, "pages OCR'd per document")
    ocr_dpi: int = setting(200, "render resolution for OCR")
    archive_max_members: int = setting(500, "members read from one archive")
    archive_max_total_bytes: int = setting(200_000_000, "uncompressed bytes read from one archive")
    archive_max_ratio: float = setting(100.0, "largest compression ratio accepted for a member")
    archive_max_depth: int = setting(2, "archives nested in archives")
    max_text_chars: int = setting(10_000_000, "characters of text read for identifiers per document (then too_large)")
    max_findings: int = setting(5000, "findings kept per document (then too_large)")
    bulk_unlabelled: int = setting(
        200, "more findings than this with no label or name near them fold into one flagged finding"
    )
    backend: str = setting(
        "local", "where documents are parsed: local (this machine's pool) or celery (x4watch worker nodes)"
    )
    broker_url: str = setting(
        "redis://127.0.0.1:6379/0",
        "celery backend: Redis broker and result store, redis://:PASSWORD@HOST:PORT/0 (rediss:// for TLS)",
    )
    max_in_flight: int = setting(32, "documents handed to parsers and not yet back; more slows fetching")
    message_ttl_seconds: int = setting(
        3600, "celery backend: a document not started by a worker within this is dropped"
    )
    result_ttl_seconds: int = setting(3600, "celery backend: Redis forgets an unread result after this")


@dataclass
class PlaywrightSettings:
    enabled: bool = setting(True, "render pages that need JavaScript in headless Chromium")
    executable_path: str = setting("/usr/bin/chromium", "Chromium binary (Debian's package)")
    max_pages: int = setting(4, "browser pages open at once")


@dataclass
class SmtpSettings:
    host: str = setting("localhost", "SMTP server")
    port: int = setting(25, "SMTP port")
    starttls: bool = setting(False, "upgrade the connection with STARTTLS")
    ca_file: str = setting("", "CA certificates (PEM) that verify the server under STARTTLS; empty: the system's")
    username: str = setting("", "SMTP login (empty: no AUTH)")
    password: str = setting("", "SMTP password")
    sender: str = setting("x4watch@pdpc.local", "From address of alert mails")
    centre_address: str = setting("eagle-eye@pdpc.local", "monitoring centre address copied on escalations")
    centre_phone: str = setting("1111", "contact phone printed in alert mails")
    max_per_run: int = setting(500, "mails sent per run at most (rate limit)")
    timeout_seconds: float = setting(30.0, "SMTP connection timeout")
    retry_attempts: int = setting(4, "tries per mail while the SMTP server is down (then it waits for the next run)")
    retry_base_seconds: float = setting(2.0, "first pause between tries; doubles after each")


@dataclass
class ReportSettings:
    name_laos: bool = setting(False, "name individual LAOs in the weekly report (aggregate only by default)")


@dataclass
class DashboardSettings:
    users: dict[str, Any] = setting(
        {},
        "analyst logins: [dashboard.users.NAME] with role (admin|analyst|viewer) and password_hash",
    )
    cache_seconds: int = setting(30, "seconds the dashboard keeps a query's result (0: always ask the store)")


@dataclass
class ScheduleSettings:
    timezone: str = setting("Asia/Bangkok", "time zone of the schedule")
    sweep_cron: str = setting("0 20 * * sat", "national sweep (cron: minute hour day month weekday)")
    recheck_cron: str = setting("0 6 * * *", "daily recheck of open cases")
    report_cron: str = setting("0 8 * * mon", "weekly report for the ministry")
    notify_every_minutes: int = setting(30, "how often digests run between sweeps (new confirmed cases, retries)")
    misfire_grace_seconds: int = setting(3600, "a run this late (service busy) still happens; later ones wait")


@dataclass
class Config:
    home: str = setting("var", "folder for the store, mailbox, reports and sweep state")
    store: StoreSettings = field(default_factory=StoreSettings)
    cases: CasesSettings = field(default_factory=CasesSettings)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    documents: DocumentsSettings = field(default_factory=DocumentsSettings)
    playwright: PlaywrightSettings = field(default_factory=PlaywrightSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)

    @property
    def home_path(self) -> Path:
        return Path(self.home)

    @property
    def store_path(self) -> Path:
        return Path(self.store.path) if self.store.path else self.home_path / "x4watch.duckdb"

    def secret_key(self) -> bytes:
        """The fingerprint key: configured, or created once under X4WATCH_HOME."""
        if self.store.secret:
            return self.store.secret.encode()
        key_file = self.home_path / "secret.key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
        return key_file.read_text().strip().encode()


def iter_settings(cfg: object = None, prefix: str = "") -> list[tuple[str, Any, str]]:
    """Every setting as (dotted name, current value, help), in declaration order."""
    obj = cfg if cfg is not None else Config()
    rows: list[tuple[str, Any, str]] = []
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            rows.extend(iter_settings(value, f"{prefix}{f.name}."))
        else:
            rows.append((f"{prefix}{f.name}", value, f.metadata.get("help", "")))
    return rows


def _coerce(raw: str, default: Any, name: str) -> Any:
    """Turn an environment string into the type of the setting's default."""
    if isinstance(default, bool):
        if raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"{name}={raw!r} is not a yes/no value: use true or false")
    try:
        return type(default)(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}={raw!r} is not a valid {type(default).__name__}") from exc


def _apply(section: Any, values: dict[str, Any], where: str) -> None:
    known = {f.name: f for f in dataclasses.fields(section)}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting {where}{key}: known ones are {', '.join(sorted(known))}")
        current = getattr(section, key)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}{key} must be a [section]")
            _apply(current, value, f"{where}{key}.")
        else:
            setattr(section, key, value)


def _apply_env(cfg: Config, env: dict[str, str]) -> None:
    for name, default, _ in iter_settings(cfg):
        var = "X4WATCH_" + name.replace(".", "_").upper()
        if var in env and not isinstance(default, dict):
            section, _, key = name.rpartition(".")
            target: Any = cfg
            for part in filter(None, section.split(".")):
                target = getattr(target, part)
            setattr(target, key, _coerce(env[var], default, var))
    if "X4WATCH_SECRET" in env:
        cfg.store.secret = env["X4WATCH_SECRET"]


def config_file(env: dict[str, str]) -> Path | None:
    """The TOML file in force, if any."""
    if env.get("X4WATCH_CONFIG"):
        path = Path(env["X4WATCH_CONFIG"])
        if not path.exists():
            raise ConfigError(f"X4WATCH_CONFIG points at {path}, which does not exist")
        return path
    for candidate in (Path(env.get("X4WATCH_HOME", "var")) / "x4watch.toml", Path("x4watch.toml")):
        if candidate.exists():
            return candidate
    return None


def load(env: dict[str, str] | None = None) -> Config:
    """Build the configuration from defaults, the TOML file and the environment."""
    env = dict(os.environ) if env is None else env
    cfg = Config()
    path = config_file(env)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        _apply(cfg, data, "")
    _apply_env(cfg, env)
    return cfg
