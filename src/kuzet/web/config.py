"""Settings of the web area, declared like :data:`kuzet.settings.SETTINGS`.

They are declared with every other setting in :mod:`kuzet.settings` (``WEB_SETTINGS``)
and read from the loaded settings dict (or its ``_config`` table), defaults as fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kuzet.settings import WEB_SETTINGS

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
