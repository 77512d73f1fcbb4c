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

    def facet_pairs(self) -> list[tuple[str, str]]:
        """The (kind, value) facet filters that are set."""
        return [(k, v) for k, v in (("country", self.country), ("admin1", self.admin1),
                                    ("theme", self.theme), ("event", self.event)) if v]

    def conditions(self, dialect: str, driver: sa.FromClause | None = None
                   ) -> list[sa.ColumnElement[bool]]:
        """SQL conditions on ``articles`` (and on the driving facet rows, when given)."""
        cond: list[sa.ColumnElement[bool]] = []
        published = driver.c.published if driver is not None else articles.c.published
        if self.since is not None:
            cond.append(published >= self.since)
        if self.until is not None:
            cond.append(published < self.until)
        if self.language:
            cond.append(articles.c.language == self.language)
        if self.source:
            cond.append(articles.c.source == self.source)
        pairs = self.facet_pairs()
        if driver is not None and pairs:
            cond += [driver.c.kind == pairs[0][0], driver.c.value == pairs[0][1]]
            pairs = pairs[1:]
        for kind, value in pairs:
            other = facets.alias()
            cond.append(sa.exists().where(other.c.article_id == articles.c.id,
                                          other.c.kind == kind, other.c.value == value))
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

    def select(self, dialect: str, *cols: Any) -> tuple[sa.Select[Any], list[Any]]:
        """SELECT ``cols`` of matching articles and the newest-first ordering.

        With a facet filter the facet rows drive the query: the (kind, value, published)
        index yields them newest first, so no sort of every match is needed.
        """
        if self.facet_pairs():
            driver = facets.alias("driver")
            query = (sa.select(*cols).select_from(driver.join(
                articles, articles.c.id == driver.c.article_id))
                .where(*self.conditions(dialect, driver)))
            return query, [driver.c.published.desc(), driver.c.article_id.desc()]
        query = sa.select(*cols).where(*self.conditions(dialect))
        return query, [articles.c.published.desc(), articles.c.pk.desc()]


COUNT_CAP = 1000  # totals above this are reported as COUNT_CAP + 1 ("more than")
_LIST_COLS = (articles.c.id, articles.c.title, articles.c.language, articles.c.source,
              articles.c.published, articles.c.url)
SORTS = ("newest", "relevance")


def list_articles(engine: Engine, f: ArticleFilter, limit: int = 50, offset: int = 0,
                  with_total: bool = True, sort: str = "newest",
                  ) -> tuple[list[dict[str, Any]], int | None]:
    """A page of articles (newest first, or best match first for a full-text query) and
    the number matching, counted up to :data:`COUNT_CAP` + 1 (when asked)."""
    if f.q and engine.dialect.name == "sqlite" and f == ArticleFilter(q=f.q):
        return _text_only(engine, f.q, limit, offset, sort)
    query, order = f.select(engine.dialect.name, *_LIST_COLS)
    with engine.connect() as conn:
        items = [row_dict(r) for r in conn.execute(query.order_by(*order).limit(limit)
                                                   .offset(offset))]
        total = None
        if with_total:
            # counted up to a cap: an exact count of 100,000 matches costs more than the page
            capped = f.select(engine.dialect.name, articles.c.pk)[0].limit(COUNT_CAP + 1).subquery()
            total = int(conn.execute(sa.select(sa.func.count()).select_from(capped)).scalar_one())
    return items, total


_FTS_ROWIDS = sa.text("SELECT rowid FROM article_fts WHERE article_fts MATCH :match LIMIT :cap")
_FTS_BEST = sa.text("SELECT rowid FROM article_fts WHERE article_fts MATCH :match "
                    "ORDER BY rank LIMIT :limit OFFSET :offset")
# Newest matches of a common word: the (published, pk) index is walked newest first and
# each pk checked against the set of matching rowids, so no article row is read until the
# page is known (reading every match's row costs ~10x more on a large store).
_FTS_NEWEST = sa.text(
    "SELECT pk FROM articles INDEXED BY ix_articles_published WHERE pk IN "
    "(SELECT rowid FROM article_fts WHERE article_fts MATCH :match) "
    "ORDER BY published DESC, pk DESC LIMIT :limit OFFSET :offset")


def _text_only(engine: Engine, q: str, limit: int, offset: int, sort: str
               ) -> tuple[list[dict[str, Any]], int]:
    """A full-text query with no other filter, driven by the FTS5 index (SQLite).

    The index yields matching rowids and stops at the cap, so the count costs at most
    COUNT_CAP + 1 index entries, never a pass over every match. When that is all of them
    the page is sorted from those rows alone; a common word instead walks the
    publication-date index (see ``_FTS_NEWEST``). ``relevance`` orders by FTS5's bm25 rank.
    """
    terms = fts.query_terms(q)
    if not terms:
        return [], 0
    match = fts.fts5_match(terms)
    page = {"match": match, "limit": limit, "offset": offset}
    with engine.connect() as conn:
        found = [int(r) for r in conn.execute(_FTS_ROWIDS, {"match": match,
                                                            "cap": COUNT_CAP + 1}).scalars()]
        if sort == "relevance":
            pks = [int(r) for r in conn.execute(_FTS_BEST, page).scalars()]
        elif len(found) > COUNT_CAP:
            pks = [int(r) for r in conn.execute(_FTS_NEWEST, page).scalars()]
        else:
            pks = [int(r) for r in conn.execute(
                sa.select(articles.c.pk).where(articles.c.pk.in_(found))
                .order_by(articles.c.published.desc(), articles.c.pk.desc())
                .limit(limit).offset(offset)).scalars()]
        rows = {r.pk: r for r in conn.execute(
            sa.select(articles.c.pk, *_LIST_COLS).where(articles.c.pk.in_(pks)))}
    items = [row_dict(rows[pk]) for pk in pks if pk in rows]
    for item in items:
        del item["pk"]
    return items, len(found)


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


# One index seek per distinct value (a "loose index scan"), then a count of that value's
# rows since the date, both on the (kind, value, published) index. A GROUP BY over the
# kind with a date condition reads every row of the kind (110 ms at 200k articles).
_COUNTS = sa.text(
    "WITH RECURSIVE v(x) AS ("
    " SELECT min(value) FROM article_facets WHERE kind = :kind"
    " UNION ALL SELECT (SELECT min(value) FROM article_facets WHERE kind = :kind AND value > v.x)"
    " FROM v WHERE x IS NOT NULL)"
    " SELECT x, (SELECT count(*) FROM article_facets"
    "  WHERE kind = :kind AND value = x AND published >= :since) FROM v WHERE x IS NOT NULL"
).bindparams(sa.bindparam("since", type_=sa.DateTime))


def facet_counts(engine: Engine, kind: str, since: datetime | None = None,
                 extra: tuple[str, str] | None = None) -> dict[str, int]:
    """Articles per value of ``kind`` (published since ``since``; within another facet)."""
    if extra is None:
        with engine.connect() as conn:
            rows = conn.execute(_COUNTS, {"kind": kind, "since": since or datetime.min}).all()
        return {str(v): int(n) for v, n in rows if n}
    query = sa.select(facets.c.value, sa.func.count()).where(facets.c.kind == kind)
    if since is not None:
        query = query.where(facets.c.published >= since)
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
    query = sa.select(facets.c.value, day, sa.func.count()).where(facets.c.kind == kind)
    if within is None:
        query = query.where(facets.c.published >= start, facets.c.published <= end)
    else:
        # driven by the other facet's rows in the window ((kind, value, published) index),
        # then each article's rows: an IN over every article of a country took seconds
        other = facets.alias("other")
        query = (query.select_from(other.join(facets, facets.c.article_id == other.c.article_id))
                 .where(other.c.kind == within[0], other.c.value == within[1],
                        other.c.published >= start, other.c.published <= end))
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
