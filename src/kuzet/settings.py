"""Settings, declared once with default and help text (as datasette's ``SETTINGS``).

Layers, later wins: defaults → ``kuzet.toml`` → ``KUZET_*`` environment → command-line
flags. Nothing is read at import time: call :func:`load`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kuzet.errors import KuzetError


@dataclass(frozen=True)
class Setting:
    """One setting: name, default and help text."""

    name: str
    default: Any
    help: str


CORE_SETTINGS: tuple[Setting, ...] = (
    Setting("db", "kuzet.db", "Database: a SQLite path or a SQLAlchemy URL (postgresql://...)"),
    Setting("stages", "places,actors,themes,events", "Annotation stages, in order"),
    Setting("user_agent", "Kuzet/0.1 (+https://github.com/kuzet; early-warning research)",
            "User-Agent sent with every request"),
    Setting("timeout", 20.0, "Seconds before a request times out"),
    Setting("retries", 3, "Retries for a failed request (with exponential backoff)"),
    Setting("backoff", 0.5, "First backoff delay in seconds; doubled on every retry"),
    Setting("host_delay", 1.0, "Minimum seconds between two requests to one host"),
    Setting("max_bytes", 10_000_000, "Largest response or file accepted, in bytes"),
    Setting("max_redirects", 5, "Redirects followed before giving up"),
    Setting("allow_private", False, "Allow fetching private and loopback addresses"),
    Setting("respect_robots", True, "Obey robots.txt"),
    Setting("watch_interval", 900, "Seconds between two polls of the feeds by `kuzet watch`"),
    Setting("feeds", "", "Feeds to poll: 'default' for the shipped list, or none"),
    Setting("timezone", "", "Default time zone of sources (IANA name); empty keeps local time"),
    Setting("shared", "../shared", "Path to the shared evaluation data"),
    Setting("workers", 0, "Processes `kuzet reanalyze` runs on this machine through Dask "
            "(0: analyse in this process)"),
    Setting("scheduler", "", "Address of a Dask scheduler (tcp://host:8786) whose workers "
            "`kuzet reanalyze` uses; needs a PostgreSQL database"),
    Setting("scheduler_timeout", 30.0, "Seconds to wait for the Dask scheduler to answer"),
    Setting("batch_size", 200, "Articles per task sent to a Dask worker"),
)

# Early warning: alert rules and notifications (used by kuzet.signals).
SIGNAL_SETTINGS: tuple[Setting, ...] = (
    Setting("alert_burst_window", 14, "Days of past counts the burst rule averages"),
    Setting("alert_burst_ratio", 3.0, "Burst: today's count / past mean that raises an alert"),
    Setting("alert_burst_min", 2.0, "Burst: fewest conflict events that can raise an alert"),
    Setting("alert_count_baseline", 28, "Count model: days of baseline"),
    Setting("alert_count_alpha", 0.01, "Count model: false-alarm rate per series and day"),
    Setting("alert_count_min", 2.0, "Count model: fewest conflict events that can alert"),
    Setting("alert_shift_recent", 7, "Dyad shift: days in the recent window"),
    Setting("alert_shift_baseline", 60, "Dyad shift: days in the baseline before it"),
    Setting("alert_shift_drop", 4.0, "Dyad shift: drop of the mean Goldstein score that alerts"),
    Setting("alert_shift_min_events", 2, "Dyad shift: fewest events in each window"),
    Setting("alert_evidence_days", 3, "Every rule: days over which distinct conflict stories are counted"),
    Setting("alert_evidence_stories", 2, "Every rule: fewest distinct conflict stories that can alert"),
    Setting("alert_episode_days", 7, "No second alert on the same key within this many days"),
    Setting("webhook_url", "", "POST every new alert as JSON to this URL"),
    Setting("smtp_host", "", "SMTP server for alert e-mails (empty: no e-mail)"),
    Setting("smtp_port", 25, "SMTP port"),
    Setting("smtp_user", "", "SMTP user (empty: no login)"),
    Setting("smtp_password", "", "SMTP password"),
    Setting("smtp_starttls", False, "Use STARTTLS"),
    Setting("smtp_from", "kuzet@localhost", "Sender of alert e-mails"),
    Setting("smtp_to", "", "Recipients of alert e-mails, comma-separated"),
    Setting("notify_retries", 3, "Attempts per notification"),
    Setting("notify_backoff", 0.5, "First delay between attempts, doubled each time"),
)

# The analyst's desk (used by kuzet.web).
WEB_SETTINGS: tuple[Setting, ...] = (
    Setting("web_workers", 0, "Server processes of `kuzet serve` (0: one per core, at most 8)"),
    Setting("host", "127.0.0.1", "Address `kuzet serve` listens on"),
    Setting("port", 8000, "Port `kuzet serve` listens on"),
    Setting("session_hours", 12.0, "Hours a login session lasts"),
    Setting("secure_cookies", False, "Mark cookies Secure (always on when served over https)"),
    Setting("login_attempts", 5, "Failed logins allowed per user and address per window"),
    Setting("login_window", 300.0, "Seconds of the login rate-limit window"),
    Setting("activity_days", 30, "Days of articles counted on the overview map"),
    Setting("facet_sync_seconds", 30.0, "Seconds between two looks for new analyses"),
)

SETTINGS: tuple[Setting, ...] = CORE_SETTINGS + SIGNAL_SETTINGS + WEB_SETTINGS

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(name: str, value: Any) -> Any:
    default = _BY_NAME[name].default
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise KuzetError("K170", name, f"cannot read {value!r}: {exc}") from exc
    return str(value) if isinstance(default, str) else value


def load(
    flags: Mapping[str, Any] | None = None,
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Resolve every setting through the layers; ``None`` flags do not override."""
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    path = config or Path("kuzet.toml")
    extra: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise KuzetError("K170", str(path), f"cannot read config: {exc}") from exc
        for key, value in data.items():
            if key in _BY_NAME:
                values[key] = _coerce(key, value)
            else:
                extra[key] = value  # tables such as [[sources]] are read by their owners
    env = os.environ if environ is None else environ
    for s in SETTINGS:
        key = "KUZET_" + s.name.upper()
        if key in env:
            values[s.name] = _coerce(s.name, env[key])
    for key, value in (flags or {}).items():
        if value is not None and key in _BY_NAME:
            values[key] = _coerce(key, value)
    values["_config"] = extra
    return values
