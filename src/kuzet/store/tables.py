"""The core tables, as SQLAlchemy Core objects in one ``metadata``.

Later areas add their tables to :data:`metadata` (and a migration of their own), so
that every query in Kuzet is written against the same Table objects. The migration
``0001_core`` creates exactly what is declared here; the full-text index is created
there too, as an FTS5 virtual table on SQLite and a ``tsvector`` table on PostgreSQL.

Timestamps are naive ``DateTime`` on both backends: ``published`` is the local time of
the source (as in :class:`kuzet.model.Article`); every other timestamp is UTC.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

metadata = sa.MetaData()

# SQLite only auto-increments an INTEGER PRIMARY KEY (the rowid); PostgreSQL gets BIGINT.
PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# JSONB on PostgreSQL so later areas can query inside records; JSON text on SQLite.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("kind", sa.String(40)),
    sa.Column("language", sa.String(16)),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("pk", PK, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(200), nullable=False, unique=True),
    sa.Column("url", sa.Text),
    # canonical URL, or the URL when the page declares none: the dedupe key
    sa.Column("canonical_url", sa.Text, unique=True),
    sa.Column("content_hash", sa.String(128), unique=True),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.DateTime),
    sa.Column("language", sa.String(16)),
    sa.Column("script", sa.String(8)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("paragraphs", JSON, nullable=False),
    sa.Column("duplicates_removed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("boilerplate_removed", JSON, nullable=False),
    sa.Column("fetched_at", sa.DateTime),
    sa.Column("source", sa.String(200)),
    sa.Column("source_id", PK, sa.ForeignKey("sources.id", ondelete="SET NULL")),
    sa.Column("stored_at", sa.DateTime, nullable=False),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_language", "language"),
    sa.Index("ix_articles_source", "source"),
)

analyses = sa.Table(
    "analyses",
    metadata,
    # one row per article: re-analysis replaces it
    sa.Column(
        "article_id",
        sa.String(200),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("record", JSON, nullable=False),
    sa.Column("analysed_at", sa.DateTime, nullable=False),
    sa.Index("ix_analyses_version", "version"),
)

# PostgreSQL full-text index; on SQLite the FTS5 table ``article_fts`` (rowid =
# articles.pk, columns title and body) is created by the migration instead.
article_fts_pg = sa.Table(
    "article_fts",
    sa.MetaData(),  # not in the shared metadata: it only exists on PostgreSQL
    sa.Column(
        "article_pk", PK, sa.ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("tsv", postgresql.TSVECTOR, nullable=False),
)
