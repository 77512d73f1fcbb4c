"""Alembic environment for Kuzet: runs on a connection handed over by ``kuzet.store``.

Generic on purpose: later areas only add revision files under ``versions/``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from kuzet.store.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes opening a fresh database at once must not both create tables.
            connection.execute(text("SELECT pg_advisory_xact_lock(7244915)"))
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # The alembic command line (developers): URL from the -x url=... option.
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///kuzet.db")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Kuzet migrations run online only")
run_migrations_online()
