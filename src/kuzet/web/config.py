"""Settings of the web area, declared like :data:`kuzet.settings.SETTINGS`.

They are read from the loaded settings dict (``kuzet.toml`` keys land in ``_config``) with
these defaults, so the web area needs no change to the shared settings module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kuzet.settings import Setting

WEB_SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Address `kuzet serve` listens on"),
    Setting("port", 8000, "Port `kuzet serve` listens on"),
    Setting("session_hours", 12.0, "Hours a login session lasts"),
    Setting("secure_cookies", False, "Mark cookies Secure (always on when served over https)"),
    Setting("login_attempts", 5, "Failed logins allowed per user and address per window"),
    Setting("login_window", 300.0, "Seconds of the login rate-limit window"),
    Setting("activity_days", 30, "Days of articles counted on the overview map"),
    Setting("facet_sync_seconds", 30.0, "Seconds between two looks for new analyses"),
)

_DEFAULTS = {s.name: s.default for s in WEB_SETTINGS}


def web_setting(conf: Mapping[str, Any] | None, name: str) -> Any:
    """A web setting: ``conf[name]``, then ``conf['_config'][name]``, then the default."""
    default = _DEFAULTS[name]
    value: Any = None
    if conf:
        value = conf.get(name)
        if value is None:
            value = (conf.get("_config") or {}).get(name)
    if value is None:
        return default
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes", "on"}
    return type(default)(value)
