"""Settings of the signals area, declared like ``kuzet.settings.SETTINGS``.

They are declared with every other setting in :mod:`kuzet.settings` (``SIGNAL_SETTINGS``)
and read from the loaded settings dict (or its ``_config`` table), defaults as fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from kuzet.settings import SIGNAL_SETTINGS
from kuzet.signals.alerts import AlertParams

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
    """Rule thresholds from settings (fields without a declared setting keep their default)."""
    return AlertParams(**{f.name: get(settings, "alert_" + f.name) for f in fields(AlertParams)
                          if "alert_" + f.name in _DEFAULTS})


def watchlists(settings: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Analyst watchlist rules from ``[[watchlists]]`` tables in kuzet.toml."""
    rules = ((settings or {}).get("_config") or {}).get("watchlists") or []
    return [dict(r) for r in rules if isinstance(r, Mapping)]
