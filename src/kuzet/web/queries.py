"""Read-side queries of the dashboard and API: articles with filters, counts, signals.

The signals area's tables (stories, story_articles, events, indicators, alerts,
alert_links, alert_history) are reflected by name, so a database without them (or an
older schema) gives empty lists instead of errors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from kuzet.store import fts
from kuzet.store.tables import article_fts_pg, articles
from kuzet.web.tables import facets

_REFLECTED: dict[tuple[int, str], sa.Table | None] = {}


def signal_table(engine: Engine, name: str) -> sa.Table | None:
    """The signals table ``name`` reflected from the database, or None when absent."""
    key = (id(engine), name)
    if key not in _REFLECTED:
        try:
            _REFLECTED[key] = sa.Table(name, sa.MetaData(), autoload_with=engine)
        except SQLAlchemyError:
            _REFLECTED[key] = None
    return _REFLECTED[key]


def jsonable(value: Any) -> Any:
    """A database value as JSON (timestamps as ISO text)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_dict(row: Any) -> dict[str, Any]:
    """A result row as a JSON-ready dict."""
    return {str(k): jsonable(v) for k, v in row._mapping.items()}


@dataclass(frozen=True)
class ArticleFilter:
    """Filters of article lists (every field optional)."""

    since: datetime | None = None
    until: datetime | None = None
    country: str | None = None
    admin1: str | None = None
    theme: str | None = None
    language: str | None = None
    source: str | None = None
    event: str | None = None
    q: str | None = None

    def conditions(self, dialect: str) -> list[sa.ColumnElement[bool]]:
        """SQL conditions on ``articles`` for these filters."""
        cond: list[sa.ColumnElement[bool]] = []
        if self.since is not None:
            cond.append(articles.c.published >= self.since)
        if self.until is not None:
            cond.append(articles.c.published < self.until)
        if self.language:
            cond.append(articles.c.language == self.language)
        if self.source:
            cond.append(articles.c.source == self.source)
        for kind, value in (("country", self.country), ("admin1", self.admin1),
                            ("theme", self.theme), ("event", self.event)):
            if value:
                cond.append(articles.c.id.in_(sa.select(facets.c.article_id).where(
                    facets.c.kind == kind, facets.c.value == value)))
        if self.q:
            terms = fts.query_terms(self.q)
            if not terms:
                cond.append(sa.false())
            elif dialect == "postgresql":
                tsq = sa.cast(fts.pg_tsquery(terms), sa.dialects.postgresql.TSQUERY)
                cond.append(articles.c.pk.in_(sa.select(article_fts_pg.c.article_pk)
                                              .where(article_fts_pg.c.tsv.op("@@")(tsq))))
            else:
                match = fts.fts5_match(terms)
                cond.append(articles.c.pk.in_(
                    sa.select(sa.column("rowid")).select_from(sa.table("article_fts"))
                    .where(sa.text("article_fts MATCH :match").bindparams(match=match))))
        return cond


COUNT_CAP = 10_000  # totals above this are reported as COUNT_CAP + 1 ("more than")
_LIST_COLS = (articles.c.id, articles.c.title, articles.c.language, articles.c.source,
              articles.c.published, articles.c.url)


def list_articles(engine: Engine, f: ArticleFilter, limit: int = 50, offset: int = 0,
                  with_total: bool = True) -> tuple[list[dict[str, Any]], int | None]:
    """A page of articles, newest first, and the number matching (when asked)."""
    cond = f.conditions(engine.dialect.name)
    query = (sa.select(*_LIST_COLS).where(*cond)
             .order_by(articles.c.published.desc(), articles.c.pk.desc())
             .limit(limit).offset(offset))
    with engine.connect() as conn:
        items = [row_dict(r) for r in conn.execute(query)]
        total = None
        if with_total:
            # counted up to a cap: an exact count of 100,000 matches costs more than the page
            capped = sa.select(articles.c.pk).where(*cond).limit(COUNT_CAP + 1).subquery()
            total = int(conn.execute(sa.select(sa.func.count()).select_from(capped)).scalar_one())
    return items, total


def article_row(engine: Engine, article_id: str) -> dict[str, Any] | None:
    """The stored article as a dict (text included), or None."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
    return None if row is None else dict(row._mapping)


def latest(engine: Engine) -> datetime:
    """The newest publication time in the store (the dashboard's 'now')."""
    with engine.connect() as conn:
        found = conn.execute(sa.select(sa.func.max(articles.c.published))).scalar()
    return found if isinstance(found, datetime) else datetime(2000, 1, 1)


def facet_counts(engine: Engine, kind: str, since: datetime | None = None,
                 extra: tuple[str, str] | None = None) -> dict[str, int]:
    """Articles per value of ``kind`` (published since ``since``; within another facet)."""
    query = sa.select(facets.c.value, sa.func.count()).where(facets.c.kind == kind)
    if since is not None:
        query = query.where(facets.c.published >= since)
    if extra is not None:
        other = facets.alias("other")
        query = query.where(facets.c.article_id.in_(
            sa.select(other.c.article_id).where(other.c.kind == extra[0],
                                                other.c.value == extra[1])))
    with engine.connect() as conn:
        rows = conn.execute(query.group_by(facets.c.value)).all()
    return {str(v): int(n) for v, n in rows}


def weekly(engine: Engine, kind: str, end: datetime, weeks: int = 12,
           within: tuple[str, str] | None = None) -> dict[str, list[int]]:
    """Articles per week (oldest first, ``weeks`` weeks ending at ``end``) per value."""
    start = end - timedelta(weeks=weeks)
    day = sa.func.date(facets.c.published)
    query = (sa.select(facets.c.value, day, sa.func.count())
             .where(facets.c.kind == kind, facets.c.published >= start,
                    facets.c.published <= end))
    if within is not None:
        other = facets.alias("other")
        query = query.where(facets.c.article_id.in_(
            sa.select(other.c.article_id).where(other.c.kind == within[0],
                                                other.c.value == within[1])))
    out: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    with engine.connect() as conn:
        for value, d, n in conn.execute(query.group_by(facets.c.value, day)):
            when = d if isinstance(d, date) else date.fromisoformat(str(d))
            index = min(weeks - 1, max(0, (when - start.date()).days // 7))
            out[str(value)][index] += int(n)
    return dict(out)


def sources(engine: Engine) -> list[dict[str, Any]]:
    """Sources with their article counts."""
    query = (sa.select(articles.c.source, sa.func.count(), sa.func.max(articles.c.published))
             .group_by(articles.c.source).order_by(sa.func.count().desc()))
    with engine.connect() as conn:
        return [{"name": s, "articles": int(n), "last_published": jsonable(last)}
                for s, n, last in conn.execute(query)]
