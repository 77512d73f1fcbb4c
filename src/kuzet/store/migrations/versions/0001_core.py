"""Core tables: sources, articles, analyses and the full-text index.

Revision ID: 0001_core
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the types in kuzet.store.tables: a migration must not change later.
PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("kind", sa.String(40)),
        sa.Column("language", sa.String(16)),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("pk", PK, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(200), nullable=False, unique=True),
        sa.Column("url", sa.Text),
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
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_language", "articles", ["language"])
    op.create_index("ix_articles_source", "articles", ["source"])
    op.create_table(
        "analyses",
        sa.Column(
            "article_id",
            sa.String(200),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("record", JSON, nullable=False),
        sa.Column("analysed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_analyses_version", "analyses", ["version"])
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "article_fts",
            sa.Column(
                "article_pk",
                PK,
                sa.ForeignKey("articles.pk", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column("tsv", postgresql.TSVECTOR, nullable=False),
        )
        op.create_index(
            "ix_article_fts_tsv", "article_fts", ["tsv"], postgresql_using="gin"
        )
    else:
        # Tokens are prepared in Python (kuzet.store.fts) and joined by spaces, so the
        # tokenizer only splits on spaces and must not fold anything further.
        op.execute(
            "CREATE VIRTUAL TABLE article_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 0')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("article_fts")
    else:
        op.execute("DROP TABLE article_fts")
    op.drop_table("analyses")
    op.drop_table("articles")
    op.drop_table("sources")
