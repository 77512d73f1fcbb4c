"""Running the dashboard: one uvicorn process, or several workers over the same database.

Templates, JSON and row conversion are Python work that holds the GIL, so one process
uses one core however many requests wait; ``workers`` processes share the load (SQLite
in WAL mode lets them all read at once). Workers are started by uvicorn from an import
string, so they rebuild the app from the settings handed over in an environment variable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI

from kuzet.store import Store
from kuzet.web import auth
from kuzet.web.app import create_app

CONF_ENV = "_KUZET_SERVE_CONF"  # not KUZET_*: settings.load must not read it as a setting
MAX_AUTO_WORKERS = 8


def default_workers() -> int:
    """Workers when none are asked for: one per core, at most :data:`MAX_AUTO_WORKERS`."""
    return max(1, min(MAX_AUTO_WORKERS, os.cpu_count() or 1))


def prepare(conf: Mapping[str, Any]) -> str | None:
    """Migrate, create the web tables and secret key once; the first admin's password."""
    store = Store(str(conf["db"]))
    try:
        auth.secret_key(store.engine)  # made here, so no two workers race to make it
        return auth.first_admin(store.engine)
    finally:
        store.close()


def app_from_env() -> FastAPI:
    """The app of one worker, from the settings the parent process handed over."""
    conf = json.loads(os.environ.get(CONF_ENV) or "{}")
    return create_app(Store(str(conf.get("db") or "kuzet.db")), conf)


def run(conf: Mapping[str, Any], host: str, port: int, workers: int) -> None:
    """Serve until interrupted: in this process (``workers`` 1) or in ``workers`` processes."""
    import uvicorn

    if workers <= 1:
        uvicorn.run(create_app(Store(str(conf["db"])), conf), host=host, port=port,
                    log_level="warning")
        return
    os.environ[CONF_ENV] = json.dumps(dict(conf), default=str)
    uvicorn.run("kuzet.web.server:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning")
