"""Stories, events, indicators and alerts kept in the store as articles arrive.

``update_for_article`` is the incremental path (one article: link it, re-merge its
story, replace that story's events, apply the indicator delta, evaluate alerts for
that day); ``rebuild`` recomputes everything from the stored analyses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from kuzet.signals import alerts as rules
from kuzet.signals import config
from kuzet.signals import indicators as ind
from kuzet.signals import stories as st
from kuzet.signals.tables import alert_links, alerts, coverage, events, indicators, stories, story_articles
from kuzet.store import Store
from kuzet.store.tables import analyses, articles

ALERT_DIMENSIONS = ("country", "admin1", "dyad")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _insert(conn: Connection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def merged_events(story_id: str, summary: Mapping[str, Any],
                  records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The story's best estimate of its events: one per event type and date."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    countries: dict[str, str | None] = {}
    for rec in records:
        for a in rec.get("actors") or ():
            countries[str(a.get("id"))] = a.get("country")
        for e in rec.get("events") or ():
            if e.get("negated"):
                continue
            day = str(e.get("date") or "")
            day = day if len(day) == 10 else str(summary.get("date") or "")
            if len(day) == 10:
                groups.setdefault((str(e.get("type")), day), []).append(e)
    out: list[dict[str, Any]] = []
    themes = list(summary.get("themes") or ())
    toll, toll_given = summary.get("killed"), False
    for (etype, day), evs in sorted(groups.items()):
        scores = sorted(float(e["goldstein"]) for e in evs if e.get("goldstein") is not None)
        quads = Counter(int(e["quad_class"]) for e in evs if e.get("quad_class"))
        killed = max((int(e["killed"]) for e in evs if e.get("killed") is not None),
                     default=None)
        quad = quads.most_common(1)[0][0] if quads else None
        if killed is None and toll and not toll_given and quad == 4:
            killed, toll_given = int(toll), True  # the story's toll, counted once
        elif killed is not None:
            toll_given = True
        first = Counter(str(e.get("country")) for e in evs if e.get("country")).most_common(1)
        ev: dict[str, Any] = {
            "origin": "kuzet", "origin_id": f"{story_id}:{etype}:{day}", "story_id": story_id,
            "date": day, "type": etype, "quad_class": quad,
            "goldstein": scores[len(scores) // 2] if scores else None, "killed": killed,
            "country": first[0][0] if first else None,
            "admin1": None, "actor1": evs[0].get("actor"), "actor2": evs[0].get("recipient"),
            "actor_country": countries.get(str(evs[0].get("actor")), evs[0].get("actor")),
            "recipient_country": countries.get(str(evs[0].get("recipient")),
                                               evs[0].get("recipient")),
        }
        ev["dims"] = ind.dims_for(ev, summary, themes)
        out.append(ev)
    return out


def _event_row(ev: Mapping[str, Any]) -> dict[str, Any]:
    cols = {c.name for c in events.columns} - {"id", "extra"}
    row = {k: ev.get(k) for k in cols if k in ev}
    row["extra"] = {"dims": ev.get("dims") or {}}
    if row.get("actor1") is not None:
        row["actor1"] = str(row["actor1"])
    if row.get("actor2") is not None:
        row["actor2"] = str(row["actor2"])
    return row


def _story_events(conn: Connection, story_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(sa.select(events).where(events.c.story_id == story_id,
                                                events.c.origin == "kuzet")).mappings()
    return [{**dict(r), "dims": (r["extra"] or {}).get("dims") or {}} for r in rows]


def _apply_delta(conn: Connection, cells: Mapping[ind.Cell, Sequence[float]], sign: int) -> None:
    if not cells:
        return
    ins = _insert(conn)
    for (period, start, dim, key), v in cells.items():
        values = dict(zip(ind.FIELDS, (sign * x for x in v), strict=True))
        stmt = ins(indicators).values(period=period, start=start, dimension=dim, key=key,
                                      **values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["period", "start", "dimension", "key"],
            set_={f: getattr(indicators.c, f) + getattr(stmt.excluded, f) for f in ind.FIELDS})
        conn.execute(stmt)
    conn.execute(indicators.delete().where(indicators.c.events <= 0, indicators.c.stories <= 0))


def _linker(conn: Connection, f: st.Features, params: st.LinkParams) -> st.Linker:
    linker = st.Linker(params)
    day = date.fromisoformat(f.day)
    lo = datetime.combine(day - timedelta(days=params.window_days + 3), datetime.min.time())
    hi = datetime.combine(day + timedelta(days=params.window_days + 4), datetime.min.time())
    rows = conn.execute(sa.select(story_articles.c.story_id, story_articles.c.features)
                        .where(story_articles.c.published >= lo,
                               story_articles.c.published < hi)).all()
    for sid, feats in rows:
        linker.load(str(sid), st.Features.from_json(feats))
    return linker


def _records(conn: Connection, story_id: str) -> tuple[list[dict[str, Any]], list[str]]:
    rows = conn.execute(
        sa.select(analyses.c.article_id, analyses.c.record)
        .join(story_articles, story_articles.c.article_id == analyses.c.article_id)
        .where(story_articles.c.story_id == story_id)).all()
    return [dict(r[1]) for r in rows], [str(r[0]) for r in rows]


def update_for_article(store: Store, article_id: str, record: Mapping[str, Any],
                       settings: Mapping[str, Any] | None = None,
                       params: st.LinkParams | None = None) -> dict[str, Any]:
    """Link one stored, analysed article to its story and update indicators and alerts."""
    params = params or st.LinkParams()
    params = params or st.LinkParams()
    f = st.features(article_id, record)
    published = _published(record)
    with store.writing() as conn:
        old = conn.execute(sa.select(story_articles.c.story_id)
                           .where(story_articles.c.article_id == article_id)).scalar()
        if old is None:
            sid = _linker(conn, f, params).assign(f)
            conn.execute(story_articles.insert().values(
                article_id=article_id, story_id=sid, url=record.get("url"),
                language=record.get("language"), source=record.get("source"),
                published=published, features=f.to_json()))
            _count_source(conn, f.day, str(record.get("source") or "?"))
        else:
            sid = str(old)
        recs, _ = _records(conn, sid)
        if not any(r.get("id") == record.get("id") for r in recs):
            recs.append(dict(record))  # analysis not saved yet: use the one given
        days = _refresh_story(conn, sid, recs)
        new_alerts = evaluate(conn, sorted(days), settings)
        new_alerts += _watch(conn, sid, article_id, record, f.day, settings)
    return {"story_id": sid, "alerts": new_alerts}


def _published(record: Mapping[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(record.get("published")))
    except ValueError:
        return None


def _count_source(conn: Connection, day: str, source: str) -> None:
    stmt = _insert(conn)(coverage).values(day=day, source=source, articles=1)
    conn.execute(stmt.on_conflict_do_update(index_elements=["day", "source"],
                                            set_={"articles": coverage.c.articles + 1}))


def _refresh_story(conn: Connection, sid: str, recs: Sequence[Mapping[str, Any]]) -> set[str]:
    """Re-merge a story, replace its events and apply the indicator delta; days touched."""
    summary = st.merge_summary(recs)
    langs = sorted({str(r.get("language")) for r in recs if r.get("language")})
    srcs = sorted({str(r.get("source")) for r in recs if r.get("source")})
    times = sorted(t for t in (_published(r) for r in recs) if t)
    summary.update(languages=langs, sources=srcs)
    row = {"first_seen": times[0] if times else None, "last_seen": times[-1] if times else None,
           "date": summary["date"], "killed": summary["killed"], "n_articles": len(recs),
           "summary": summary, "updated_at": _now()}
    stmt = _insert(conn)(stories).values(id=sid, **row)
    conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=row))
    before = _story_events(conn, sid)
    after = merged_events(sid, summary, recs)
    _apply_delta(conn, ind.contributions(before), -1)
    conn.execute(events.delete().where(events.c.story_id == sid, events.c.origin == "kuzet"))
    if after:
        conn.execute(events.insert(), [_event_row(e) for e in after])
    _apply_delta(conn, ind.contributions(after), +1)
    return {str(e["date"]) for e in after}


def _series(conn: Connection, dim: str, day: str, length: int
            ) -> dict[str, list[dict[str, Any]]]:
    start = (date.fromisoformat(day) - timedelta(days=length - 1)).isoformat()
    rows = conn.execute(sa.select(indicators).where(
        indicators.c.period == "D", indicators.c.dimension == dim,
        indicators.c.start >= start, indicators.c.start <= day)).mappings().all()
    by_key: dict[str, dict[str, Any]] = {}
    for r in rows:
        by_key.setdefault(str(r["key"]), {})[str(r["start"])] = r
    days = _days(start, length)
    empty = {f: 0 for f in ind.FIELDS}
    return {k: [dict(v.get(d, empty)) for d in days] for k, v in by_key.items()}


def _days(start: str, length: int) -> list[str]:
    first = date.fromisoformat(start)
    return [(first + timedelta(days=i)).isoformat() for i in range(length)]


def _coverage(conn: Connection, days: Sequence[str]) -> list[float]:
    rows: dict[str, int] = dict(conn.execute(
        sa.select(coverage.c.day, sa.func.count()).where(coverage.c.day >= days[0],
                                                         coverage.c.day <= days[-1])
        .group_by(coverage.c.day)).all())  # type: ignore[arg-type]
    return [float(rows.get(d, 0)) for d in days]


def evaluate(conn: Connection, days: Iterable[str],
             settings: Mapping[str, Any] | None = None) -> list[int]:
    """Run the series rules for each day given; ids of the alerts newly raised."""
    p = config.alert_params(settings)
    length = max(p.burst_window, p.count_baseline, p.shift_recent + p.shift_baseline) + 1
    raised: list[int] = []
    for day in days:
        dlist = _days((date.fromisoformat(day) - timedelta(days=length - 1)).isoformat(), length)
        cov = _coverage(conn, dlist)
        weekdays = [date.fromisoformat(d).weekday() for d in dlist]
        total = _series(conn, "all", day, length).get("*")
        factors = rules.weekday_factors([r["stories"] for r in total], weekdays) \
            if total else None
        for dim in ALERT_DIMENSIONS:
            for key, series in _series(conn, dim, day, length).items():
                if not series[-1]["events"]:
                    continue
                conflict = [float(r["conflict"]) for r in series]
                found = [
                    ("burst", rules.burst(conflict, p)),
                    ("count", rules.count_model(conflict, cov, weekdays, factors, p)),
                ]
                if dim == "dyad":
                    found.append(("dyad_shift", rules.dyad_shift(
                        [float(r["score_sum"]) for r in series],
                        [int(r["score_n"]) for r in series], p)))
                for rule, numbers in found:
                    if numbers is not None:
                        aid = _raise(conn, rule, dim, key, day, numbers)
                        if aid is not None:
                            raised.append(aid)
    return raised


def _raise(conn: Connection, rule: str, dim: str, key: str, day: str,
           numbers: Mapping[str, Any], links: Sequence[tuple[str, str]] | None = None
           ) -> int | None:
    score = numbers.get("ratio") or numbers.get("p") or numbers.get("drop")
    now = _now()
    stmt = _insert(conn)(alerts).values(rule=rule, dimension=dim, key=key, day=day,
                                        score=float(score) if score is not None else None,
                                        numbers=dict(numbers), status="new", created_at=now,
                                        updated_at=now)
    stmt = stmt.on_conflict_do_nothing(index_elements=["rule", "dimension", "key", "day"])
    if conn.execute(stmt).rowcount == 0:
        return None
    aid = int(conn.execute(sa.select(alerts.c.id).where(
        alerts.c.rule == rule, alerts.c.dimension == dim, alerts.c.key == key,
        alerts.c.day == day)).scalar_one())
    for story_id, article_id in links if links is not None else _evidence(conn, dim, key, day):
        conn.execute(_insert(conn)(alert_links).values(
            alert_id=aid, story_id=story_id, article_id=article_id).on_conflict_do_nothing())
    return aid


def _evidence(conn: Connection, dim: str, key: str, day: str) -> list[tuple[str, str]]:
    """Stories (and their articles) with events counted under this key on this day."""
    rows = conn.execute(sa.select(events.c.story_id, events.c.extra).where(
        events.c.origin == "kuzet", events.c.date == day)).all()
    sids = sorted({str(s) for s, extra in rows
                   if key in ((extra or {}).get("dims") or {}).get(dim, ())})
    if not sids:
        return []
    arts = conn.execute(sa.select(story_articles.c.story_id, story_articles.c.article_id)
                        .where(story_articles.c.story_id.in_(sids))).all()
    return [(str(s), str(a)) for s, a in arts]


def _watch(conn: Connection, sid: str, article_id: str, record: Mapping[str, Any], day: str,
           settings: Mapping[str, Any] | None) -> list[int]:
    raised = []
    for rule in config.watchlists(settings):
        found = rules.watch(record, rule)
        if found is not None:
            aid = _raise(conn, "watchlist", "watchlist", found["watchlist"], day, found,
                         [(sid, article_id)])
            if aid is not None:
                raised.append(aid)
    return raised


def clear(store: Store) -> None:
    """Forget stories, Kuzet's own events, indicators and coverage (alerts stay)."""
    with store.writing() as conn:
        for table in (story_articles, stories, indicators, coverage):
            conn.execute(table.delete())
        conn.execute(events.delete().where(events.c.origin == "kuzet"))


def analysed(store: Store) -> list[tuple[str, dict[str, Any]]]:
    """Every stored analysis, in publication order."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(analyses.c.article_id, analyses.c.record)
            .join(articles, articles.c.id == analyses.c.article_id)
            .order_by(articles.c.published, articles.c.pk)).all()
    return [(str(a), dict(r)) for a, r in rows]


def rebuild(store: Store, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Recompute stories, events, indicators and alerts from every stored analysis."""
    clear(store)
    raised = 0
    items = analysed(store)
    for aid, rec in items:
        raised += len(update_for_article(store, aid, rec, settings)["alerts"])
    with store.engine.connect() as conn:
        n_stories = conn.execute(sa.select(sa.func.count()).select_from(stories)).scalar_one()
        n_events = conn.execute(sa.select(sa.func.count()).select_from(events)
                                .where(events.c.origin == "kuzet")).scalar_one()
    return {"articles": len(items), "stories": int(n_stories), "events": int(n_events),
            "alerts raised": raised}
