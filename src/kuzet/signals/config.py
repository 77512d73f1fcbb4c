"""Settings of the signals area, declared like ``kuzet.settings.SETTINGS``.

They are read from the loaded settings dict (or its ``_config`` table) with these
defaults as fallback, so they work before they are added to ``SETTINGS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from kuzet.settings import Setting
from kuzet.signals.alerts import AlertParams

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
_DEFAULTS = {s.name: s.default for s in SIGNAL_SETTINGS}


def get(settings: Mapping[str, Any] | None, name: str) -> Any:
    """A signals setting: flat key, then the ``_config`` table, then the default."""
    default = _DEFAULTS[name]
    settings = settings or {}
    value = settings.get(name, (settings.get("_config") or {}).get(name, default))
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true",
                                                                                "yes", "on"}
        return type(default)(value)
    except (TypeError, ValueError):
        return default


def alert_params(settings: Mapping[str, Any] | None) -> AlertParams:
    """Rule thresholds from settings."""
    return AlertParams(**{f.name: get(settings, "alert_" + f.name) for f in fields(AlertParams)})


def watchlists(settings: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Analyst watchlist rules from ``[[watchlists]]`` tables in kuzet.toml."""
    rules = ((settings or {}).get("_config") or {}).get("watchlists") or []
    return [dict(r) for r in rules if isinstance(r, Mapping)]
