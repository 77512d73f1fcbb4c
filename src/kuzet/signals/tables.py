"""Signals tables (stories, events, indicators, alerts) on the store's shared metadata.

Created by migration ``0002_signals``; keep the two in step. ``events`` holds both the
merged events of Kuzet's own stories (``origin = "kuzet"``) and imported ground truth
(``ucdp-ged``, ``ucdp-cy``, ``acled``, ``gdelt``), so every comparison is one query.
"""

from __future__ import annotations

import sqlalchemy as sa

from kuzet.store.tables import JSON, PK, metadata

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("first_seen", sa.DateTime),
    sa.Column("last_seen", sa.DateTime),
    sa.Column("date", sa.String(10)),  # best estimate of the incident's date
    sa.Column("killed", sa.Integer),
    sa.Column("n_articles", sa.Integer, nullable=False, server_default="0"),
    sa.Column("summary", JSON, nullable=False),  # countries, places, actors, themes, ...
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_stories_first_seen", "first_seen"),
)

story_articles = sa.Table(
    "story_articles",
    metadata,
    sa.Column("article_id", sa.String(200), primary_key=True),
    sa.Column("story_id", sa.String(64), nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("source", sa.String(200)),
    sa.Column("published", sa.DateTime),
    sa.Column("day", sa.String(10)),  # the report's day for linking; NULL when undated
    sa.Column("features", JSON, nullable=False),  # what linking needs, without re-reading
    sa.Index("ix_story_articles_story", "story_id"),
    sa.Index("ix_story_articles_published", "published"),
    sa.Index("ix_story_articles_day", "day"),
)

signals_state = sa.Table(
    "signals_state",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),  # generation: bumped by every write
)

events = sa.Table(
    "events",
    metadata,
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
    sa.Index("ix_events_story", "story_id"),
    sa.Index("ix_events_date", "date"),
)

indicators = sa.Table(
    "indicators",
    metadata,
    sa.Column("period", sa.String(1), primary_key=True),  # D or W
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

coverage = sa.Table(
    "coverage",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("source", sa.String(200), primary_key=True),
    sa.Column("articles", sa.Integer, nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
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
    sa.Index("ix_alerts_status", "status"),
)

alert_links = sa.Table(
    "alert_links",
    metadata,
    sa.Column("alert_id", PK, sa.ForeignKey("alerts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("article_id", sa.String(200), primary_key=True),
)

alert_history = sa.Table(
    "alert_history",
    metadata,
    sa.Column("id", PK, primary_key=True, autoincrement=True),
    sa.Column("alert_id", PK, sa.ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("note", sa.Text),
    sa.Index("ix_alert_history_alert", "alert_id"),
)
