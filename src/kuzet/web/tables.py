"""The web area's tables: users, sessions, tokens, login attempts, audit log, corrections,
watchlists and facets.

They live in the shared :data:`kuzet.store.tables.metadata`; the migration ``0003_web``
creates exactly what is declared here (tests/test_store_schema.py compares the two), and
opening a :class:`~kuzet.store.Store` runs it: there is no second way to make them.
"""

from __future__ import annotations

import sqlalchemy as sa

from kuzet.store.tables import JSON, PK, metadata

web_meta = sa.Table(
    "web_meta", metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

web_sessions = sa.Table(
    "web_sessions", metadata,
    # sha256 of the cookie value: a stolen database does not give live sessions
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", PK, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
)

api_tokens = sa.Table(
    "api_tokens", metadata,
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", PK, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("last_used", sa.DateTime),
)

login_attempts = sa.Table(
    "login_attempts", metadata,
    # One row per login attempt still inside the rate-limit window, keyed by client address
    # and username: kept in the database so every worker process (and a restart) shares them.
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("attempted_at", sa.DateTime, nullable=False),
    sa.Index("ix_login_attempts_key_at", "key", "attempted_at"),
    sa.Index("ix_login_attempts_at", "attempted_at"),  # pruning every key's old rows
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("target", sa.String(200)),
    sa.Column("detail", JSON),
    sa.Index("ix_audit_log_at", "at"),
)

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    # no foreign key: corrections outlive a re-ingested or rebuilt article row
    sa.Column("article_id", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # place, country, actor, theme, event
    sa.Column("action", sa.String(10), nullable=False),  # remove, add
    sa.Column("value", sa.String(200), nullable=False),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("data", JSON),
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Index("ix_corrections_article", "article_id"),
)

watchlists = sa.Table(
    "watchlists", metadata,
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("filters", JSON, nullable=False),
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

facets = sa.Table(
    "article_facets", metadata,
    # one row per (article, kind, value) found by the analysis: fast filters and counts
    sa.Column("article_id", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),  # country, admin1, theme, event
    sa.Column("value", sa.String(40), nullable=False),
    sa.Column("published", sa.DateTime),
    sa.Index("ix_facets_kv_pub", "kind", "value", "published"),
    # a second facet filter (EXISTS on article, kind, value) is answered by the index alone
    sa.Index("ix_facets_article_kv", "article_id", "kind", "value"),
)

WEB_TABLES = (web_meta, users, web_sessions, api_tokens, login_attempts, audit_log, corrections,
              watchlists, facets)

