"""Backends for the store suite: SQLite always, PostgreSQL when KUZET_TEST_PG_URL is set.

Each PostgreSQL test gets a fresh schema (dropped afterwards) through ``search_path``,
so runs never collide and every test starts from an empty database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kuzet.store import db

PG_URL = os.environ.get("KUZET_TEST_PG_URL", "")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_URL, reason="KUZET_TEST_PG_URL not set (see .ci/run)"),
        ],
    ),
]


def backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test: a SQLite file, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield str(tmp_path / "kuzet.db")
        return
    schema = "kuzet_test_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(db.to_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = db.to_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h/d", "postgresql+psycopg://u:***@h/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://h/d", "postgresql+psycopg://h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_to_url(given: str, expected: str) -> None:
    assert db.describe(db.to_url(given)) == expected


@pytest.mark.parametrize("given", [":memory:", "sqlite://", "sqlite:///:memory:"])
def test_memory_database(given: str) -> None:
    from kuzet.model import Article
    from kuzet.store import Store

    with Store(given) as s:
        assert s.add_article(Article(id="m", text="Memory.", paragraphs=("Memory.",)))[1]
        assert [h["id"] for h in s.search("memory")] == ["m"]


def test_plain_path_is_sqlite(tmp_path: Path) -> None:
    url = db.to_url(str(tmp_path / "a.db"))
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(tmp_path / "a.db")
