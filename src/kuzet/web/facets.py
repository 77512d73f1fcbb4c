"""Facets: (article, kind, value) rows kept in step with the analyses, for fast filters.

Countries, admin-1 units, themes and (non-negated) event types of every analysis, with
analysts' corrections applied, are copied to ``article_facets``. :func:`sync` catches up
with analyses saved since the last run (a watermark on ``analysed_at`` in ``web_meta``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kuzet.store import db
from kuzet.store.tables import analyses, articles
from kuzet.web import corrections as corr
from kuzet.web.tables import facets, web_meta

KINDS = ("country", "admin1", "theme", "event")
_BATCH = 1000


def values_of(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (kind, value) facets of one analysis record."""
    out: set[tuple[str, str]] = set()
    out.update(("country", str(c)) for c in record.get("countries") or [])
    out.update(("admin1", str(a)) for a in record.get("admin1") or [])
    out.update(("theme", str(t["id"])) for t in record.get("themes") or []
               if not t.get("rejected"))
    out.update(("event", str(e["type"])) for e in record.get("events") or []
               if not e.get("negated") and not e.get("rejected"))
    return sorted((k, v[:40]) for k, v in out)


def _rows(conn: Connection, items: Sequence[tuple[str, Any, datetime | None]]) -> None:
    ids: list[str] = []
    rows: list[dict[str, Any]] = []
    by_article = corr.active_by_article(conn, [i for i, _, _ in items])
    for article_id, record, published in items:
        ids.append(article_id)
        fixed = corr.apply(dict(record), by_article.get(article_id, []))
        rows.extend({"article_id": article_id, "kind": k, "value": v, "published": published}
                    for k, v in values_of(fixed))
    if ids:
        conn.execute(facets.delete().where(facets.c.article_id.in_(ids)))
    if rows:
        conn.execute(facets.insert(), rows)


def _watermark(conn: Connection) -> str:
    found = conn.execute(sa.select(web_meta.c.value)
                         .where(web_meta.c.key == "facets_at")).scalar_one_or_none()
    return str(found) if found else ""


def sync(engine: Engine) -> int:
    """Bring the facets up to date with the analyses; the number of articles refreshed."""
    with engine.connect() as conn:
        mark = _watermark(conn)
        since = datetime.fromisoformat(mark) if mark else datetime.min
        pending = conn.execute(sa.select(analyses.c.article_id, analyses.c.analysed_at)
                               .where(analyses.c.analysed_at >= since)).all()
    if not pending:
        return 0
    newest = max(row.analysed_at for row in pending)
    ids = [row.article_id for row in pending]
    for lo in range(0, len(ids), _BATCH):
        # one short transaction per batch: readers and the pipeline are not held up
        with db.writing(engine) as conn:
            chunk = conn.execute(
                sa.select(analyses.c.article_id, analyses.c.record, articles.c.published)
                .join(articles, articles.c.id == analyses.c.article_id)
                .where(analyses.c.article_id.in_(ids[lo:lo + _BATCH]))).all()
            _rows(conn, [(r.article_id, r.record, r.published) for r in chunk])
    with db.writing(engine) as conn:
        conn.execute(web_meta.delete().where(web_meta.c.key == "facets_at"))
        conn.execute(web_meta.insert().values(key="facets_at", value=newest.isoformat()))
    return len(ids)


def refresh_article(engine: Engine, article_id: str) -> None:
    """Recompute one article's facets (after a correction)."""
    with db.writing(engine) as conn:
        row = conn.execute(sa.select(analyses.c.article_id, analyses.c.record,
                                     articles.c.published)
                           .join(articles, articles.c.id == analyses.c.article_id)
                           .where(analyses.c.article_id == article_id)).first()
        if row is not None:
            _rows(conn, [(row.article_id, row.record, row.published)])
