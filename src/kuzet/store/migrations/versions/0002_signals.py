"""Signals tables: stories, events (own and imported), indicators, coverage, alerts.

Revision ID: 0002_signals
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_signals"
down_revision = "0001_core"
branch_labels = None
depends_on = None

# Frozen copies of the types in kuzet.store.tables: a migration must not change later.
PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("first_seen", sa.DateTime),
        sa.Column("last_seen", sa.DateTime),
        sa.Column("date", sa.String(10)),
        sa.Column("killed", sa.Integer),
        sa.Column("n_articles", sa.Integer, nullable=False, server_default="0"),
        sa.Column("summary", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_stories_first_seen", "stories", ["first_seen"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.String(200), primary_key=True),
        sa.Column("story_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("source", sa.String(200)),
        sa.Column("published", sa.DateTime),
        sa.Column("day", sa.String(10)),
        sa.Column("features", JSON, nullable=False),
    )
    op.create_index("ix_story_articles_story", "story_articles", ["story_id"])
    op.create_index("ix_story_articles_published", "story_articles", ["published"])
    op.create_index("ix_story_articles_day", "story_articles", ["day"])
    op.create_table(
        "signals_state",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("origin_id", sa.String(100), nullable=False),
        sa.Column("story_id", sa.String(64)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(8), nullable=False, server_default="day"),
        sa.Column("country", sa.String(8)),
        sa.Column("admin1", sa.String(16)),
        sa.Column("location", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("type", sa.String(40)),
        sa.Column("quad_class", sa.Integer),
        sa.Column("goldstein", sa.Float),
        sa.Column("killed", sa.Integer),
        sa.Column("source_url", sa.Text),
        sa.Column("extra", JSON, nullable=False),
        sa.UniqueConstraint("origin", "origin_id", name="uq_events_origin"),
    )
    op.create_index("ix_events_story", "events", ["story_id"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_table(
        "indicators",
        sa.Column("period", sa.String(1), primary_key=True),
        sa.Column("start", sa.String(10), primary_key=True),
        sa.Column("dimension", sa.String(16), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("stories", sa.Integer, nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("score_sum", sa.Float, nullable=False),
        sa.Column("score_n", sa.Integer, nullable=False),
        sa.Column("conflict", sa.Integer, nullable=False),
        sa.Column("killed", sa.Integer, nullable=False),
    )
    op.create_table(
        "coverage",
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("source", sa.String(200), primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("rule", sa.String(40), nullable=False),
        sa.Column("dimension", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("numbers", JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("notified", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("rule", "dimension", "key", "day", name="uq_alerts_rule_key_day"),
    )
    op.create_index("ix_alerts_status", "alerts", ["status"])
    op.create_table(
        "alert_links",
        sa.Column("alert_id", PK, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("story_id", sa.String(64), primary_key=True),
        sa.Column("article_id", sa.String(200), primary_key=True),
    )
    op.create_table(
        "alert_history",
        sa.Column("id", PK, primary_key=True, autoincrement=True),
        sa.Column("alert_id", PK, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_alert_history_alert", "alert_history", ["alert_id"])


def downgrade() -> None:
    for name in ("signals_state", "alert_history", "alert_links", "alerts", "coverage", "indicators",
                 "events", "story_articles", "stories"):
        op.drop_table(name)
