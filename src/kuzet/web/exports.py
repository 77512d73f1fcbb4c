"""Exports: articles as CSV or JSON Lines, places as GeoJSON, corrections as gold data.

Each export is a generator of text chunks, read page by page so memory stays flat.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kuzet.store.tables import analyses, articles
from kuzet.web import corrections
from kuzet.web.queries import ArticleFilter, jsonable

_PAGE = 500
CSV_FIELDS = ("id", "published", "language", "source", "title", "url", "countries", "admin1",
              "themes", "events", "killed")
MEDIA = {"articles.csv": "text/csv; charset=utf-8",
         "articles.jsonl": "application/x-ndjson; charset=utf-8",
         "places.geojson": "application/geo+json; charset=utf-8",
         "gold.jsonl": "application/x-ndjson; charset=utf-8"}


def safe_cell(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _rows(engine: Engine, f: ArticleFilter, limit: int) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(article row, corrected analysis) pairs matching ``f``, newest first."""
    base, order = f.select(engine.dialect.name, articles.c.id)
    given = 0
    while given < limit:
        ids = base.order_by(*order).limit(min(_PAGE, limit - given)).offset(given).subquery()
        query = (sa.select(articles, analyses.c.record).join(ids, ids.c.id == articles.c.id)
                 .outerjoin(analyses, analyses.c.article_id == articles.c.id)
                 .order_by(articles.c.published.desc(), articles.c.pk.desc()))
        with engine.connect() as conn:
            rows = conn.execute(query).all()
            fixes = corrections.active_by_article(conn, [r.id for r in rows])
        for row in rows:
            yield row, corrections.apply(dict(row.record or {}), fixes.get(row.id, []))
        given += len(rows)
        if len(rows) < _PAGE:
            return


def _summary(row: Any, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row.id, "published": jsonable(row.published), "language": row.language,
        "source": row.source, "title": row.title, "url": row.url,
        "countries": record.get("countries") or [], "admin1": record.get("admin1") or [],
        "themes": sorted({t["id"] for t in record.get("themes") or [] if not t.get("rejected")}),
        "events": sorted({e["type"] for e in record.get("events") or []
                          if not e.get("rejected") and not e.get("negated")}),
        "killed": record.get("killed"),
    }


def articles_csv(engine: Engine, f: ArticleFilter, limit: int) -> Iterator[str]:
    """Articles as CSV, one row each (lists joined by ``;``)."""
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(CSV_FIELDS)
    for row, record in _rows(engine, f, limit):
        s = _summary(row, record)
        out.writerow([safe_cell(";".join(s[k]) if isinstance(s[k], list) else s[k])
                      for k in CSV_FIELDS])
        if buf.tell() > 65536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def articles_jsonl(engine: Engine, f: ArticleFilter, limit: int) -> Iterator[str]:
    """Articles with their corrected analysis, one JSON object a line."""
    for row, record in _rows(engine, f, limit):
        yield json.dumps({**_summary(row, record), "analysis": record},
                         ensure_ascii=False, default=str) + "\n"


def places_geojson(engine: Engine, f: ArticleFilter, limit: int) -> Iterator[str]:
    """Every located place mention as a GeoJSON point feature."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for row, record in _rows(engine, f, limit):
        for p in record.get("places") or []:
            if p.get("lat") is None or p.get("lon") is None or p.get("rejected"):
                continue
            feature = {"type": "Feature",
                       "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                       "properties": {"article_id": row.id, "name": p.get("name"),
                                      "text": p.get("text"), "admin1": p.get("admin1"),
                                      "country": p.get("country"),
                                      "published": jsonable(row.published)}}
            yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
            first = False
    yield "]}\n"


def gold_jsonl(engine: Engine, f: ArticleFilter, limit: int) -> Iterator[str]:
    """Corrected articles in the gold format of ``eval/dev/news.jsonl``."""
    for n, line in enumerate(corrections.gold(engine)):
        if n >= limit:
            return
        yield json.dumps(line, ensure_ascii=False) + "\n"


_MAKERS = {"articles.csv": articles_csv, "articles.jsonl": articles_jsonl,
           "places.geojson": places_geojson, "gold.jsonl": gold_jsonl}


def stream(engine: Engine, name: str, f: ArticleFilter, limit: int) -> tuple[Iterator[str], str]:
    """The chunks and media type of export ``name``."""
    return _MAKERS[name](engine, f, limit), MEDIA[name]
