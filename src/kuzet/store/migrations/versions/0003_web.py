"""Web tables: users, sessions, API tokens, login attempts, audit log, corrections, watchlists, facets.

Revision ID: 0003_web
Revises: 0002_signals
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003_web"
down_revision = "0002_signals"
branch_labels = None
depends_on = None

# Frozen copies of the types in kuzet.store.tables: a migration must not change later.
PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "web_meta",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", PK, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", PK, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_used", sa.DateTime),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("attempted_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_attempts_key_at", "login_attempts", ["key", "attempted_at"])
    op.create_index("ix_login_attempts_at", "login_attempts", ["attempted_at"])
    op.create_table(
        "audit_log",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target", sa.String(200)),
        sa.Column("detail", JSON),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "corrections",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("data", JSON),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_corrections_article", "corrections", ["article_id"])
    op.create_table(
        "watchlists",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("filters", JSON, nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "article_facets",
        sa.Column("article_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("value", sa.String(40), nullable=False),
        sa.Column("published", sa.DateTime),
    )
    op.create_index("ix_facets_kv_pub", "article_facets", ["kind", "value", "published"])
    # article_id first (per-article refresh), kind and value so a second facet filter is
    # checked in the index alone
    op.create_index("ix_facets_article_kv", "article_facets", ["article_id", "kind", "value"])


def downgrade() -> None:
    for name in ("article_facets", "watchlists", "corrections", "audit_log",
                 "login_attempts", "api_tokens", "web_sessions", "users", "web_meta"):
        op.drop_table(name)
