"""The migrations are the only schema path: after ``Store()`` opens a fresh database, the
tables, columns and indexes declared in Python are exactly what Alembic made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import kuzet.signals.tables
import kuzet.web.tables
from kuzet.store import Store, metadata
from tests.test_store_backends import BACKENDS, backend_url

# Full-text tables are made by SQL of their own (FTS5 on SQLite), not declared in Python.
_FTS = "article_fts"


def _declared_only(obj: Any, name: str | None, type_: str, reflected: bool, _: Any) -> bool:
    return not (name or "").startswith(_FTS) and not (
        type_ in ("index", "column") and getattr(getattr(obj, "table", None), "name", "") == _FTS)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)


def test_migrations_make_the_declared_schema(url: str) -> None:
    assert kuzet.signals.tables.metadata is metadata
    with Store(url) as store, store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _declared_only})
        assert compare_metadata(ctx, metadata) == []


def test_every_declared_table_is_made(url: str) -> None:
    import sqlalchemy as sa

    with Store(url) as store:
        have = set(sa.inspect(store.engine).get_table_names())
    assert set(metadata.tables) <= have
