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
import difflib
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ConfigError


def setting(default: Any, help: str, *, low: float | None = None, high: float | None = None) -> Any:
    """Declare one setting: its default, the sentence the README shows for it, and for a number the
    range ``load`` accepts (a zero worker count hangs a scan, a negative memory cap lifts the cap)."""
    metadata = {"help": help, "low": low, "high": high}
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class StoreSettings:
    path: str = setting("", "DuckDB file; empty means $X4WATCH_HOME/x4watch.duckdb")
    secret: str = setting("", "fingerprint key (HMAC-SHA256); empty means $X4WATCH_HOME/secret.key")
    lock_retry_seconds: float = setting(30.0, "how long a write waits for another process's lock", low=0)
    batch_size: int = setting(500, "findings written per transaction during a sweep", low=1)


@dataclass
class CasesSettings:
    deadline_days: int = setting(15, "days an LAO has to remediate after it was notified", low=1)


@dataclass
class CrawlSettings:
    user_agent: str = setting(
        "x4watch/0.1 (PDPC monitoring centre; +https://www.pdpc.or.th/x4watch)",
        "User-Agent that names the monitoring centre and a contact URL",
    )
    concurrency: int = setting(128, "requests in flight across all sites", low=1)
    per_host: int = setting(2, "requests in flight per site", low=1)
    delay_seconds: float = setting(0.5, "pause between two requests to one site", low=0)
    obey_robots: bool = setting(True, "obey robots.txt (turn off only under an authorized mandate)")
    robots_hours: float = setting(
        24.0, "hours a site's robots.txt is reused by later sweeps (RFC 9309: at most 24)", low=0, high=24
    )
    max_depth: int = setting(4, "link depth from a site's home page", low=0)
    max_pages_per_site: int = setting(300, "HTML pages fetched per site per sweep", low=1)
    max_documents_per_site: int = setting(300, "documents fetched per site per sweep", low=0)
    max_bytes_per_site: int = setting(200_000_000, "bytes downloaded per site per sweep", low=1)
    max_seconds_per_site: int = setting(900, "wall seconds per site per sweep", low=1)
    max_response_bytes: int = setting(30_000_000, "largest single download (bytes)", low=1)
    timeout_seconds: int = setting(30, "download timeout per request", low=1)
    allow_loopback: bool = setting(False, "test/demo only: allow 127.0.0.1 and ::1 (simweb), no other loopback")
    proxy: str = setting("", "forward proxy for every request (test/demo: the simweb server)")
    max_queries_per_path: int = setting(
        100, "distinct query strings followed on one path (endless-query trap cut)", low=1
    )
    progress_seconds: float = setting(
        10.0, "seconds between two progress lines and store updates during a sweep", low=0.1
    )
    revisit_days: float = setting(
        28.0,
        "longest a known, unchanged URL without open cases may go unasked (0: ask for every URL every sweep)",
        low=0,
    )
    legacy_tls: bool = setting(
        True,
        "ask a host whose modern TLS handshake fails again with TLS 1.0+ and weak ciphers (@SECLEVEL=0); "
        "the site is recorded as needing a security upgrade",
    )
    offsite_files: bool = setting(
        True,
        "fetch files LAO pages link on known file hosts (Google Drive and Docs, OneDrive, Dropbox, PDF viewers): "
        "the linked file only, never the host",
    )
    offsite_aliases: dict[str, str] = setting(
        {}, "test/demo only: origins of simulated file hosts and the real origin each stands for"
    )
    sitemaps: bool = setting(
        True, "read each site's sitemaps (robots.txt Sitemap: lines, /sitemap.xml) for URLs no link leads to"
    )
    wp_media: bool = setting(True, "ask WordPress sites' media API (/wp-json/wp/v2/media) for uploads no link leads to")
    archive: bool = setting(
        False, "ask a web archive's CDX index for each site's document URLs (fetched from the live site only)"
    )
    archive_url: str = setting(
        "https://web.archive.org/cdx/search/cdx",
        "CDX API asked when crawl.archive is on (the Wayback Machine's, or a Common Crawl index)",
    )


@dataclass
class DocumentsSettings:
    workers: int = setting(2, "parser worker processes", low=1, high=256)
    timeout_seconds: float = setting(60.0, "wall time one document may take to parse", low=0.1)
    memory_mb: int = setting(1024, "address-space cap of a parser worker", low=64)
    max_bytes: int = setting(50_000_000, "larger documents are not parsed (status too_large)", low=1)
    max_pages: int = setting(2000, "pages read per document", low=1)
    ocr: bool = setting(True, "OCR scanned pages and images with Tesseract")
    ocr_max_pages: int = setting(20, "pages OCR'd per document", low=0)
    ocr_dpi: int = setting(200, "render resolution for OCR", low=50, high=1200)
    archive_max_members: int = setting(500, "members read from one archive", low=1)
    archive_max_total_bytes: int = setting(200_000_000, "uncompressed bytes read from one archive", low=1)
    archive_max_ratio: float = setting(100.0, "largest compression ratio accepted for a member", low=1)
    archive_max_depth: int = setting(2, "archives nested in archives", low=0)
    max_text_chars: int = setting(
        10_000_000, "characters of text read for identifiers per document (then too_large)", low=1
    )
    max_findings: int = setting(5000, "findings kept per document (then too_large)", low=1)
    bulk_unlabelled: int = setting(
        200, "more findings than this with no label or name near them fold into one flagged finding", low=1
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
    max_pages: int = setting(4, "browser pages open at once", low=1, high=64)


@dataclass
class SmtpSettings:
    host: str = setting("localhost", "SMTP server")
    port: int = setting(25, "SMTP port", low=1, high=65535)
    starttls: bool = setting(False, "upgrade the connection with STARTTLS")
    ca_file: str = setting("", "CA certificates (PEM) that verify the server under STARTTLS; empty: the system's")
    username: str = setting("", "SMTP login (empty: no AUTH)")
    password: str = setting("", "SMTP password")
    sender: str = setting("x4watch@pdpc.local", "From address of alert mails")
    centre_address: str = setting("eagle-eye@pdpc.local", "monitoring centre address copied on escalations")
    centre_phone: str = setting("1111", "contact phone printed in alert mails")
    max_per_run: int = setting(500, "mails sent per run at most (rate limit)", low=1)
    timeout_seconds: float = setting(30.0, "SMTP connection timeout", low=0.1)
    retry_attempts: int = setting(
        4, "tries per mail while the SMTP server is down (then it waits for the next run)", low=1
    )
    retry_base_seconds: float = setting(2.0, "first pause between tries; doubles after each", low=0)


@dataclass
class ReportSettings:
    name_laos: bool = setting(False, "name individual LAOs in the weekly report (aggregate only by default)")


@dataclass
class DashboardSettings:
    users: dict[str, Any] = setting(
        {},
        "analyst logins: [dashboard.users.NAME] with role (admin|analyst|viewer) and password_hash",
    )
    cache_seconds: int = setting(30, "seconds the dashboard keeps a query's result (0: always ask the store)", low=0)
    session_hours: float = setting(
        8.0, "hours a sign-in lasts across reloads and links (signed HttpOnly cookie)", low=0.001, high=24 * 30
    )


@dataclass
class PortalSettings:
    enabled: bool = setting(True, "x4watch serve also serves the coordinators' portal (the links in alert mails)")
    base_url: str = setting(
        "http://127.0.0.1:8502",
        "address of the portal as coordinators reach it; alert mails link to it (empty: mails carry no link)",
    )
    address: str = setting("127.0.0.1", "address the portal listens on (behind a TLS proxy for coordinators)")
    port: int = setting(8502, "port the portal listens on", low=1, high=65535)
    link_days: float = setting(30.0, "days a coordinator's link (signed token) lasts", low=0.001, high=365)
    max_upload_bytes: int = setting(
        10_000_000, "largest document a coordinator may upload for a masked copy (bytes)", low=1
    )
    requests_per_minute: int = setting(60, "requests per minute per link and per client address", low=1)
    uploads_per_hour: int = setting(20, "documents masked per hour per link", low=1)
    recheck_delay_seconds: float = setting(
        10.0, "a removed or replaced document is re-checked this long after the report (reports batch)", low=0
    )


@dataclass
class DiscoverySettings:
    certificates: bool = setting(False, "list go.th hosts from Certificate Transparency (crt.sh JSON)")
    certificates_url: str = setting("https://crt.sh/", "crt.sh-style CT search (queried ?q=%.go.th&output=json)")
    wayback: bool = setting(False, "list go.th hosts from the Wayback Machine's CDX index")
    wayback_url: str = setting("https://web.archive.org/cdx/search/cdx", "Wayback CDX API")
    commoncrawl: bool = setting(False, "list go.th hosts from a Common Crawl URL index")
    commoncrawl_url: str = setting(
        "https://index.commoncrawl.org/CC-MAIN-2024-51-index", "Common Crawl index (one crawl's CDX API)"
    )
    province_offices: bool = setting(False, "read the links on each provincial local-administration office's site")
    province_office_url: str = setting(
        "http://www.{province}local.go.th/", "a provincial office's page ({province}: compact English name)"
    )
    search_url: str = setting(
        "", "search API URL with {q} and {key} (e.g. a Custom Search JSON endpoint); empty: off"
    )
    search_key: str = setting("", "the search API's key; empty: off")
    search_max_queries: int = setting(500, "search queries per discovery run at most", low=0)
    max_hosts: int = setting(50_000, "hosts taken from the sources per run at most", low=0)
    timeout_seconds: float = setting(10.0, "seconds per probe or source request", low=0.1)
    max_response_bytes: int = setting(20_000_000, "largest source answer or probed page read (bytes)", low=1)
    workers: int = setting(8, "probes in flight (one request per host at a time)", low=1, high=256)
    recheck_days: float = setting(30.0, "a host probed this recently is not probed again (resuming)", low=0)


@dataclass
class ScheduleSettings:
    timezone: str = setting("Asia/Bangkok", "time zone of the schedule")
    sweep_cron: str = setting("0 20 * * sat", "national sweep (cron: minute hour day month weekday)")
    recheck_cron: str = setting("0 6 * * *", "daily recheck of open cases")
    report_cron: str = setting("0 8 * * mon", "weekly report for the ministry")
    discovery_cron: str = setting("0 2 1 * *", "monthly website and contact discovery for LAOs without them")
    notify_every_minutes: int = setting(
        30, "how often digests run between sweeps (new confirmed cases, retries)", low=1
    )
    misfire_grace_seconds: int = setting(3600, "a run this late (service busy) still happens; later ones wait", low=1)


@dataclass
class MaskSettings:
    digits: str = setting(
        "last",
        "which four digits of each number x4watch mask replaces by X: last (X4), first, or the 1-based "
        "position of the first of the four (6: digits 6-9)",
    )
    timeout_seconds: float = setting(120.0, "wall time one document may take to mask (LibreOffice, OCR)", low=1)
    font: str = setting(
        "/usr/share/fonts/truetype/tlwg/Garuda.ttf", "TrueType font (Thai and Latin) for rewritten PDF text lines"
    )


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
    portal: PortalSettings = field(default_factory=PortalSettings)
    discovery: DiscoverySettings = field(default_factory=DiscoverySettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    mask: MaskSettings = field(default_factory=MaskSettings)

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


OTHER_VARIABLES = {
    "X4WATCH_CONFIG": "the TOML file in force",
    "X4WATCH_SECRET": "the fingerprint key (same as store.secret)",
    "X4WATCH_SCREENSHOTS": "where the dashboard's browser tests copy their screenshots",
}
"""``X4WATCH_*`` variables that are not named after a setting (``X4WATCH_HOME`` is: ``home``)."""


def env_name(setting_name: str) -> str:
    """The environment variable that overrides a setting: ``crawl.per_host`` → ``X4WATCH_CRAWL_PER_HOST``."""
    return "X4WATCH_" + setting_name.replace(".", "_").upper()


def iter_settings(cfg: object = None) -> list[tuple[str, Any, str]]:
    """Every setting as (dotted name, current value, help), in declaration order."""
    return [(name, value, f.metadata.get("help", "")) for name, value, f in _fields(cfg or Config())]


def _fields(obj: Any, prefix: str = "") -> list[tuple[str, Any, dataclasses.Field[Any]]]:
    """Every setting as (dotted name, current value, its declaration)."""
    rows: list[tuple[str, Any, dataclasses.Field[Any]]] = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            rows.extend(_fields(value, f"{prefix}{f.name}."))
        else:
            rows.append((f"{prefix}{f.name}", value, f))
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


def _check_names(env: dict[str, str]) -> None:
    """Refuse an ``X4WATCH_*`` variable that names no setting, as a misspelt TOML key is refused: a
    typo would otherwise leave the default in force without a word."""
    settable = {env_name(name) for name, default, _ in iter_settings() if not isinstance(default, dict)}
    known = settable | set(OTHER_VARIABLES)
    for var in sorted(v for v in env if v.startswith("X4WATCH_") and v not in known):
        close = difflib.get_close_matches(var, sorted(known), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else "see the settings table in the README"
        raise ConfigError(f"unknown environment variable {var}: {hint}")


def _apply_env(cfg: Config, env: dict[str, str]) -> None:
    _check_names(env)
    for name, default, _ in iter_settings(cfg):
        var = env_name(name)
        if var in env and not isinstance(default, dict):
            _set(cfg, name, _coerce(env[var], default, var))
    if "X4WATCH_SECRET" in env:
        cfg.store.secret = env["X4WATCH_SECRET"]


def allowed(f: dataclasses.Field[Any]) -> str:
    """The range of a numeric setting in words ('' when any value of its type will do)."""
    low, high = f.metadata.get("low"), f.metadata.get("high")
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    if low is not None:
        return f"at least {low:g}"
    return f"at most {high:g}" if high is not None else ""


def validate(cfg: Config) -> None:
    """Refuse a value of the wrong type or out of its declared range, naming the setting, its
    environment variable and what is allowed."""
    defaults = {name: value for name, value, _ in _fields(Config())}
    for name, value, f in _fields(cfg):
        expected = type(defaults[name])
        where = f"{name} ({env_name(name)})"
        numeric = expected in (int, float) and isinstance(value, int | float) and not isinstance(value, bool)
        if expected is float and numeric:
            value = float(value)
            _set(cfg, name, value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{where} = {value!r} is not of type {expected.__name__}")
        low, high = f.metadata.get("low"), f.metadata.get("high")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ConfigError(f"{where} = {value!r} is out of range: allowed {allowed(f)}")


def _set(cfg: Config, name: str, value: Any) -> None:
    section, _, key = name.rpartition(".")
    target: Any = cfg
    for part in filter(None, section.split(".")):
        target = getattr(target, part)
    setattr(target, key, value)


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
    validate(cfg)
    return cfg
