"""The signals area's stories, events, indicators and alerts, as the dashboard reads them.

Every function returns empty results when the signals tables are absent.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kuzet.store import db
from kuzet.store.tables import articles
from kuzet.web.auth import now
from kuzet.web.queries import row_dict, signal_table

ALERT_STATUSES = ("new", "acknowledged", "closed")


def alerts(engine: Engine, status: str | None = None, dimension: str | None = None,
           key: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Alerts, newest day first."""
    t = signal_table(engine, "alerts")
    if t is None:
        return []
    query = sa.select(t)
    for col, value in (("status", status), ("dimension", dimension), ("key", key)):
        if value and col in t.c:
            query = query.where(t.c[col] == value)
    order = [t.c.day.desc()] if "day" in t.c else []
    query = query.order_by(*order, t.c.id.desc()).limit(limit).offset(offset)
    with engine.connect() as conn:
        return [row_dict(r) for r in conn.execute(query)]


def alert(engine: Engine, alert_id: int) -> dict[str, Any] | None:
    """One alert with its linked articles and history, or None."""
    t = signal_table(engine, "alerts")
    if t is None:
        return None
    with engine.connect() as conn:
        row = conn.execute(sa.select(t).where(t.c.id == alert_id)).first()
        if row is None:
            return None
        out = row_dict(row)
        out["articles"], out["history"] = [], []
        links = signal_table(engine, "alert_links")
        if links is not None:
            query = (sa.select(links.c.story_id, articles.c.id, articles.c.title,
                               articles.c.language, articles.c.published, articles.c.source)
                     .join(articles, articles.c.id == links.c.article_id)
                     .where(links.c.alert_id == alert_id)
                     .order_by(articles.c.published).limit(200))
            out["articles"] = [row_dict(r) for r in conn.execute(query)]
        history = signal_table(engine, "alert_history")
        if history is not None:
            out["history"] = [row_dict(r) for r in conn.execute(
                sa.select(history).where(history.c.alert_id == alert_id)
                .order_by(history.c.id))]
    return out


def set_alert_status(engine: Engine, alert_id: int, status: str, username: str,
                     note: str | None = None) -> bool:
    """Acknowledge or close an alert (recorded in its history); False when unknown."""
    t = signal_table(engine, "alerts")
    if t is None or status not in ALERT_STATUSES:
        return False
    with db.writing(engine) as conn:
        values: dict[str, Any] = {"status": status}
        if "updated_at" in t.c:
            values["updated_at"] = now()
        done = conn.execute(t.update().where(t.c.id == alert_id).values(**values)).rowcount
        history = signal_table(engine, "alert_history")
        if done and history is not None:
            conn.execute(history.insert().values(alert_id=alert_id, status=status,
                                                 by=username, at=now(), note=note))
    return bool(done)


def stories(engine: Engine, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, most recently seen first."""
    t = signal_table(engine, "stories")
    if t is None:
        return []
    query = sa.select(t).order_by(t.c.last_seen.desc(), t.c.id).limit(limit).offset(offset)
    with engine.connect() as conn:
        return [row_dict(r) for r in conn.execute(query)]


def story_of(engine: Engine, article_id: str) -> tuple[str | None, list[dict[str, Any]]]:
    """The story id of an article and the story's other reports (any language)."""
    t = signal_table(engine, "story_articles")
    if t is None:
        return None, []
    with engine.connect() as conn:
        story = conn.execute(sa.select(t.c.story_id)
                             .where(t.c.article_id == article_id)).scalar_one_or_none()
        if story is None:
            return None, []
        query = (sa.select(articles.c.id, articles.c.title, articles.c.language,
                           articles.c.source, articles.c.published)
                 .join(t, t.c.article_id == articles.c.id)
                 .where(t.c.story_id == story, articles.c.id != article_id)
                 .order_by(articles.c.published).limit(50))
        return str(story), [row_dict(r) for r in conn.execute(query)]


def events(engine: Engine, type_: str | None = None, country: str | None = None,
           admin1: str | None = None, since: str | None = None, until: str | None = None,
           limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Merged events (Kuzet's own and imported), newest first."""
    t = signal_table(engine, "events")
    if t is None:
        return []
    query = sa.select(t)
    for col, value in (("type", type_), ("country", country), ("admin1", admin1)):
        if value:
            query = query.where(t.c[col] == value)
    if since:
        query = query.where(t.c.date >= since)
    if until:
        query = query.where(t.c.date < until)
    query = query.order_by(t.c.date.desc(), t.c.id.desc()).limit(limit).offset(offset)
    with engine.connect() as conn:
        return [row_dict(r) for r in conn.execute(query)]


def indicators(engine: Engine, dimension: str | None = None, key: str | None = None,
               period: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Indicator series rows, oldest first."""
    t = signal_table(engine, "indicators")
    if t is None:
        return []
    query = sa.select(t)
    for col, value in (("dimension", dimension), ("key", key), ("period", period)):
        if value:
            query = query.where(t.c[col] == value)
    query = query.order_by(t.c.start, t.c.dimension, t.c.key).limit(limit)
    with engine.connect() as conn:
        return [row_dict(r) for r in conn.execute(query)]
