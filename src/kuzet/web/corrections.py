"""Analysts' corrections: stored apart from the analyses, laid over them when read.

A correction names what it fixes by value (gazetteer id or name, actor id, theme id,
event type, country code) and optionally by offset, never by list position, so it still
applies after the article is analysed again. :func:`gold` exports corrected articles in
the format of ``../shared/eval/dev/news.jsonl`` for ``kuzet eval``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kuzet.errors import KuzetError
from kuzet.model import PARAGRAPH_SEP
from kuzet.store import db
from kuzet.store.tables import analyses, articles
from kuzet.web.tables import corrections

KINDS = ("place", "country", "actor", "theme", "event")
ACTIONS = ("remove", "add")
_LIST = {"place": "places", "actor": "actors", "theme": "themes", "event": "events"}


def add(engine: Engine, article_id: str, kind: str, action: str, value: str, username: str,
        start: int | None = None, end: int | None = None,
        data: Mapping[str, Any] | None = None) -> int:
    """Store one correction; its id."""
    value = value.strip()
    if kind not in KINDS or action not in ACTIONS or not value or len(value) > 200:
        raise KuzetError("K180", article_id, f"bad correction {kind!r} {action!r} {value!r}")
    with db.writing(engine) as conn:
        exists = conn.execute(sa.select(articles.c.id).where(articles.c.id == article_id)).first()
        if exists is None:
            raise KuzetError("K180", article_id, "no stored article with this id")
        from kuzet.web.auth import now

        return int(conn.execute(corrections.insert().values(
            article_id=article_id, kind=kind, action=action, value=value, start=start, end=end,
            data=dict(data or {}), username=username, created_at=now(), active=True,
        ).returning(corrections.c.id)).scalar_one())


def withdraw(engine: Engine, correction_id: int) -> str | None:
    """Deactivate a correction; the article id it belonged to, or None when unknown."""
    with db.writing(engine) as conn:
        found = conn.execute(sa.select(corrections.c.article_id)
                             .where(corrections.c.id == correction_id)).scalar_one_or_none()
        if found is not None:
            conn.execute(corrections.update().where(corrections.c.id == correction_id)
                         .values(active=False))
    return None if found is None else str(found)


def _as_dict(row: Any) -> dict[str, Any]:
    return {"id": int(row.id), "article_id": row.article_id, "kind": row.kind,
            "action": row.action, "value": row.value, "start": row.start, "end": row.end,
            "data": row.data or {}, "user": row.username,
            "at": row.created_at.isoformat(timespec="seconds")}


def active_by_article(conn: Connection, ids: Sequence[str] | None) -> dict[str, list[dict[str, Any]]]:
    """Active corrections grouped by article (of ``ids``, or of every article)."""
    query = sa.select(corrections).where(corrections.c.active.is_(True))
    if ids is not None:
        query = query.where(corrections.c.article_id.in_(list(ids)))
    out: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(query.order_by(corrections.c.id)):
        out.setdefault(row.article_id, []).append(_as_dict(row))
    return out


def for_article(engine: Engine, article_id: str) -> list[dict[str, Any]]:
    """The active corrections of one article, oldest first."""
    with engine.connect() as conn:
        return active_by_article(conn, [article_id]).get(article_id, [])


def _key(kind: str, item: Mapping[str, Any]) -> set[str]:
    if kind == "place":
        return {str(item.get("gazetteer_id") or ""), str(item.get("name") or "")} - {""}
    if kind == "event":
        return {str(item.get("type"))}
    return {str(item.get("id"))}


def _start(kind: str, item: Mapping[str, Any]) -> Any:
    return (item.get("evidence") or {}).get("start") if kind == "event" else item.get("start")


def _added(kind: str, c: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(c.get("data") or {})
    base = {"start": c.get("start"), "end": c.get("end"), "text": data.get("text", ""),
            "added": True, "corrected_by": c["user"]}
    if kind == "place":
        return {**base, "name": data.get("name") or c["value"], "gazetteer_id": c["value"],
                "kind": data.get("kind"), "country": data.get("country"),
                "admin1": data.get("admin1"), "lat": None, "lon": None}
    if kind == "actor":
        return {**base, "id": c["value"], "name": data.get("name") or c["value"],
                "country": data.get("country"), "type": None, "cameo": None, "role": None}
    if kind == "theme":
        return {"id": c["value"], "score": 1.0, "evidence": [], "added": True,
                "corrected_by": c["user"]}
    return {"type": c["value"], "evidence": {"start": c.get("start"), "end": c.get("end"),
                                             "text": data.get("text", "")},
            "negated": False, "added": True, "corrected_by": c["user"], "country": None,
            "admin1": data.get("admin1")}


def apply(record: dict[str, Any], fixes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``record`` with ``fixes`` laid over it: wrong items flagged, missing ones added."""
    out = dict(record)
    for name in ("places", "actors", "themes", "events", "countries", "admin1", "country_refs"):
        out[name] = [dict(x) if isinstance(x, Mapping) else x for x in record.get(name) or []]
    for c in fixes:
        kind, value = c["kind"], c["value"]
        if kind == "country":
            if c["action"] == "remove":
                out["countries"] = [x for x in out["countries"] if x != value]
                for ref in out["country_refs"]:
                    if ref.get("code") == value:
                        ref["rejected"] = True
            elif value not in out["countries"]:
                out["countries"] = sorted([*out["countries"], value])
            continue
        items = out[_LIST[kind]]
        if c["action"] == "add":
            items.append(_added(kind, c))
            continue
        for item in items:
            if value in _key(kind, item) and (c.get("start") is None
                                              or _start(kind, item) == c.get("start")):
                item["rejected"] = True
                item["corrected_by"] = c["user"]
    kept = [p for p in out["places"] if not p.get("rejected")]
    gone = {p.get("admin1") for p in out["places"] if p.get("rejected")}
    gone -= {p.get("admin1") for p in kept}
    out["admin1"] = sorted({a for a in out["admin1"] if a not in gone}
                           | {str(p["admin1"]) for p in kept if p.get("added") and p.get("admin1")})
    out["countries"] = sorted(set(out["countries"]) | {
        str(p["country"]) for p in kept if p.get("added") and p.get("country")})
    out["corrections"] = [dict(c) for c in fixes]
    return out


def gold_line(article: Mapping[str, Any], record: Mapping[str, Any]) -> dict[str, Any]:
    """One corrected article as a gold record (fields of ``eval/dev/news.jsonl``)."""
    title, text = article.get("title") or "", article.get("text") or ""
    published = article.get("published")
    who = sorted({str(c["user"]) for c in record.get("corrections") or []})
    return {
        "id": article["id"], "url": article.get("url"),
        "text": title + PARAGRAPH_SEP + text if title else text,
        "published": published.date().isoformat() if published else None,
        "lang": article.get("language"),
        "countries": sorted(set(record.get("countries") or [])),
        "admin1": sorted(set(record.get("admin1") or [])),
        "themes": sorted({t["id"] for t in record.get("themes") or [] if not t.get("rejected")}),
        "events": sorted({e["type"] for e in record.get("events") or []
                          if not e.get("rejected") and not e.get("negated")}),
        "killed": record.get("killed"), "event_date": record.get("event_date"),
        "story": None, "date_note": None,
        "notes": "corrected in Kuzet by " + ", ".join(who),
    }


def gold(engine: Engine) -> Iterator[dict[str, Any]]:
    """Every article with active corrections, as gold records, oldest correction first."""
    with engine.connect() as conn:
        fixes = active_by_article(conn, None)
        for article_id, items in fixes.items():
            row = conn.execute(sa.select(articles, analyses.c.record).outerjoin(
                analyses, analyses.c.article_id == articles.c.id)
                .where(articles.c.id == article_id)).first()
            if row is None:
                continue
            record = apply(dict(row.record or {}), items)
            yield gold_line(dict(row._mapping), record)
