"""Engines for SQLite and PostgreSQL, and migrations run on open.

A plain path means SQLite (WAL journal, foreign keys on, a busy timeout, and
``BEGIN IMMEDIATE`` for writing transactions so that concurrent writers queue instead
of failing); anything with ``://`` is a SQLAlchemy URL. The Alembic scripts ship inside
the package and are found through :mod:`importlib.resources`, so no ``alembic.ini`` is
needed at run time.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from kuzet.errors import KuzetError

BUSY_TIMEOUT_MS = 30_000
WRITE = "kuzet_write"  # execution option: this transaction will write


def to_url(url_or_path: str) -> sa.URL:
    """A SQLAlchemy URL for a SQLite path or a database URL (``postgresql://`` → psycopg)."""
    if url_or_path in {"", ":memory:"}:
        return sa.make_url("sqlite://")
    if "://" not in url_or_path:
        path = Path(url_or_path).expanduser().resolve()
        return sa.make_url(f"sqlite:///{path}")
    url = sa.make_url(url_or_path)
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(url: sa.URL) -> str:
    """The URL for messages, with any password hidden."""
    return url.render_as_string(hide_password=True)


def create(url: sa.URL) -> Engine:
    """An engine for ``url``, configured for safe concurrent use."""
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:":
            parent = Path(database).parent
            if not parent.is_dir():
                raise KuzetError("K150", database, f"directory {parent} does not exist")
        if not database or database == ":memory:":
            # one shared connection, or every checkout would see a new empty database
            engine = sa.create_engine(url, poolclass=StaticPool,
                                      connect_args={"check_same_thread": False})
        else:
            engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's implicit BEGIN
    # would defer locking and make concurrent writers fail instead of wait).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL is still safe against a killed process (kill -9): only an OS crash
    # or power loss can drop the last commits, never corrupt the file. It saves an fsync
    # per commit, which dominated the per-article signals update.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection in one writing transaction (committed on success, else rolled back)."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


def _scripts() -> contextlib.AbstractContextManager[Path]:
    return resources.as_file(resources.files("kuzet.store") / "migrations")


def head_revision() -> str | None:
    """The newest migration shipped with this version of Kuzet."""
    with _scripts() as location:
        cfg = Config()
        cfg.set_main_option("script_location", str(location))
        return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database schema to the newest shipped migration."""
    with _scripts() as location:
        cfg = Config()
        cfg.set_main_option("script_location", str(location))
        # One transaction for every pending migration (SQLite and PostgreSQL both have
        # transactional DDL): a crash mid-upgrade leaves the previous schema intact.
        with writing(engine) as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
