"""Stories, events, indicators and alerts kept in the store as articles arrive.

``update_for_article`` is the incremental path (one article: link it, add it to its
story's merge, replace that story's events when they changed, apply the indicator delta,
evaluate alerts on the series touched); ``rebuild`` recomputes everything from the stored
analyses.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from kuzet.signals import alerts as rules
from kuzet.signals import config, state
from kuzet.signals import indicators as ind
from kuzet.signals import merge as mg
from kuzet.signals import stories as st
from kuzet.signals.tables import (
    alert_links,
    alerts,
    coverage,
    events,
    indicators,
    signals_state,
    stories,
    story_articles,
)
from kuzet.store import Store
from kuzet.store.tables import analyses, articles

ALERT_DIMENSIONS = ("country", "admin1", "dyad")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _insert(conn: Connection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def _event_row(ev: Mapping[str, Any]) -> dict[str, Any]:
    cols = {c.name for c in events.columns} - {"id", "extra"}
    row = {k: ev.get(k) for k in cols if k in ev}
    row["extra"] = {"dims": ev.get("dims") or {}}
    if row.get("actor1") is not None:
        row["actor1"] = str(row["actor1"])
    if row.get("actor2") is not None:
        row["actor2"] = str(row["actor2"])
    return row


def _net_delta(before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]
               ) -> dict[ind.Cell, list[float]]:
    """after − before, per cell, without the cells that do not change."""
    net = {c: list(v) for c, v in ind.contributions(after).items()}
    for c, v in ind.contributions(before).items():
        row = net.setdefault(c, [0.0] * len(ind.FIELDS))
        for i, x in enumerate(v):
            row[i] -= x
    return {c: v for c, v in net.items() if any(v)}


def _apply_delta(conn: Connection, cells: Mapping[ind.Cell, Sequence[float]]) -> None:
    """Add a delta to the indicator cells in one batched upsert."""
    if not cells:
        return
    conn.execute(_upserts(conn)[2], [{"period": c[0], "start": c[1], "dimension": c[2],
                                      "key": c[3], **dict(zip(ind.FIELDS, v, strict=True))}
                                     for c, v in cells.items()])
    gone = [c for c, v in cells.items() if v[0] < 0 or v[1] < 0]
    if gone:
        conn.execute(_EMPTY_CELLS, [{"p": c[0], "s": c[1], "d": c[2], "k": c[3]} for c in gone])


_EMPTY_CELLS = indicators.delete().where(
    indicators.c.period == sa.bindparam("p"), indicators.c.start == sa.bindparam("s"),
    indicators.c.dimension == sa.bindparam("d"), indicators.c.key == sa.bindparam("k"),
    indicators.c.events <= 0, indicators.c.stories <= 0)


def _db_story(conn: Connection, sid: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A story's compact records and merged events, read from the tables."""
    rows = conn.execute(
        sa.select(analyses.c.record)
        .join(story_articles, story_articles.c.article_id == analyses.c.article_id)
        .where(story_articles.c.story_id == sid)).all()
    evs = conn.execute(sa.select(events).where(events.c.story_id == sid,
                                               events.c.origin == "kuzet")).mappings()
    return ([state.compact(r[0]) for r in rows],
            [{**dict(r), "dims": (r["extra"] or {}).get("dims") or {}} for r in evs])


def update_for_article(store: Store, article_id: str, record: Mapping[str, Any],
                       settings: Mapping[str, Any] | None = None,
                       params: st.LinkParams | None = None) -> dict[str, Any]:
    """Link one stored, analysed article to its story and update indicators and alerts."""
    params = params or st.LinkParams()
    f = st.features(article_id, record)
    try:
        with store.writing() as conn:
            cache = state.writer(store, conn, params)
            out = _update(conn, cache, f, record, settings)
    except BaseException:
        state.forget(store)  # the transaction rolled back: the cache may be ahead of it
        raise
    return out


def _update(conn: Connection, cache: state.State, f: st.Features, record: Mapping[str, Any],
            settings: Mapping[str, Any] | None) -> dict[str, Any]:
    article_id = f.article_id
    old = cache.linker.story_of.get(article_id) or conn.execute(
        _STORY_OF, {"a": article_id}).scalar()
    if old is None:
        sid = cache.linker.assign(f)
        conn.execute(_LINK_INSERT, dict(
            article_id=article_id, story_id=sid, url=record.get("url"),
            language=record.get("language"), source=record.get("source"),
            published=mg.published(record), day=f.day if f.dated else None,
            features=f.to_json()))
        if f.dated:
            _count_source(conn, cache, f.day, str(record.get("source") or "?"))
    else:
        sid = str(old)
    if sid not in cache.records:
        recs, evs = _db_story(conn, sid) if old is not None else ([], [])
        cache.records[sid], cache.events[sid] = recs, evs
    new = state.compact(record)
    counts = cache.merges.get(sid)
    if counts is None:
        counts = cache.merges[sid] = mg.StoryMerge.of(cache.records[sid])
    if new.get("id") in counts.ids:
        # A re-analysed report replaces its earlier record: count the story afresh.
        cache.records[sid] = [r for r in cache.records[sid] if r.get("id") != new.get("id")]
        counts = cache.merges[sid] = mg.StoryMerge.of(cache.records[sid])
    cache.records[sid].append(new)
    counts.add(new)
    touched = _refresh_story(conn, cache, sid, counts)
    if f.dated:
        cache.see(f.day)
    p = config.alert_params(settings)
    new_alerts = _evaluate(conn, cache, touched, p)
    new_alerts += _watch(conn, sid, article_id, record, f.day, settings)
    return {"story_id": sid, "alerts": new_alerts}


# Statements built once per dialect: building and keying one per call cost more than
# running it (a third of the incremental update).
_LINK_INSERT = story_articles.insert()
_STORY_OF = sa.select(story_articles.c.story_id).where(
    story_articles.c.article_id == sa.bindparam("a"))
_EVENTS_DELETE = events.delete().where(events.c.story_id == sa.bindparam("s"),
                                       events.c.origin == "kuzet")
_UPSERTS: dict[str, tuple[Any, Any, Any]] = {}


def _upserts(conn: Connection) -> tuple[Any, Any, Any]:
    """(coverage count, story row, indicator delta) upserts for this connection's dialect."""
    name = conn.dialect.name
    if name not in _UPSERTS:
        ins = _insert(conn)
        cov = ins(coverage).on_conflict_do_update(
            index_elements=["day", "source"], set_={"articles": coverage.c.articles + 1})
        story = ins(stories)
        story = story.on_conflict_do_update(
            index_elements=["id"],
            set_={c.name: getattr(story.excluded, c.name) for c in stories.columns
                  if c.name != "id"})
        cells = ins(indicators)
        cells = cells.on_conflict_do_update(
            index_elements=["period", "start", "dimension", "key"],
            set_={f: getattr(indicators.c, f) + getattr(cells.excluded, f) for f in ind.FIELDS})
        _UPSERTS[name] = (cov, story, cells)
    return _UPSERTS[name]


def _count_source(conn: Connection, cache: state.State, day: str, source: str) -> None:
    conn.execute(_upserts(conn)[0], {"day": day, "source": source, "articles": 1})
    cache.coverage.setdefault(day, set()).add(source)


def _refresh_story(conn: Connection, cache: state.State, sid: str,
                   counts: mg.StoryMerge) -> set[tuple[str, str, str]]:
    """Store a story's merged estimate, its events and the indicator delta; series touched."""
    summary = counts.summary()
    row = {"first_seen": counts.first_seen, "last_seen": counts.last_seen,
           "date": summary["date"], "killed": summary["killed"], "n_articles": counts.n,
           "summary": summary, "updated_at": _now()}
    conn.execute(_upserts(conn)[1], {"id": sid, **row})
    before = cache.events.get(sid, [])
    after = counts.events(sid, summary)
    rows = [_event_row(e) for e in after]
    # Most new reports of a story leave its merged events as they were: then neither the
    # events nor the indicators change (events read back from the tables carry columns
    # the merge does not set, so they never compare equal and are rewritten once).
    if rows != [_event_row(e) for e in before]:
        if before:
            conn.execute(_EVENTS_DELETE, {"s": sid})
        if rows:
            conn.execute(events.insert(), rows)
        _apply_delta(conn, _net_delta(before, after))
    cache.events[sid] = after
    return cache.apply(sid, before, after)


@functools.lru_cache(maxsize=1024)
def _window(day: str, length: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The ``length`` days ending on ``day`` and their weekdays (Monday = 0)."""
    last = date.fromisoformat(day).toordinal()
    dates = [date.fromordinal(last - length + 1 + i) for i in range(length)]
    return tuple(d.isoformat() for d in dates), tuple(d.weekday() for d in dates)


def _evaluate(conn: Connection, cache: state.State, touched: Iterable[tuple[str, str, str]],
              p: rules.AlertParams) -> list[int]:
    """Run the series rules on the series an article changed; ids of alerts raised."""
    by_day: dict[str, set[tuple[str, str]]] = {}
    for dim, key, day in touched:
        if dim in ALERT_DIMENSIONS:
            by_day.setdefault(day, set()).add((dim, key))
    length = max(p.burst_window, p.count_baseline, p.shift_recent + p.shift_baseline) + 1
    raised: list[int] = []
    none: state.Day = (0, 0.0, 0)
    for day in sorted(by_day):
        dlist, weekdays = _window(day, length)
        cov: list[float] | None = None
        factors: list[float] = []
        tests = 0
        for dim, key in sorted(by_day[day]):
            series = cache.days.get((dim, key), {})
            last = cache.alerted.get((dim, key))
            if not series.get(day, none)[0] or (
                    last is not None and 0 <= _gap(last, day) < p.episode_days):
                continue  # no conflict today, or the episode of an alert already raised
            x = [float(series.get(d, none)[0]) for d in dlist]
            if sum(x[-max(p.evidence_days, 1):]) < p.evidence_stories:
                continue  # minimum evidence not met: no rule need run
            if cov is None:
                cov = [float(len(cache.coverage.get(d, ()))) for d in dlist]
                total = cache.cells.get(("all", "*"), {})
                factors = rules.weekday_factors([float(len(total.get(d, {}))) for d in dlist],
                                                list(weekdays))
            if not tests:
                # Bonferroni: every series with a conflict story today is one test of the day.
                tests = sum(1 for d, k in cache.by_day.get(day, ())
                            if d in ALERT_DIMENSIONS and cache.conflict(d, k, day))
            sums = counts = None
            if dim == "dyad":
                sums = [series.get(d, none)[1] for d in dlist]
                counts = [series.get(d, none)[2] for d in dlist]
            found = rules.evaluate_series(x, cov, list(weekdays), factors, p, tests, sums,
                                          counts)
            if found is None:
                continue
            rule, numbers = found
            aid = _raise(conn, rule, dim, key, day, numbers, _evidence(cache, dim, key, day))
            if aid is not None:
                cache.alerted[(dim, key)] = max(day, last or day)
                raised.append(aid)
    return raised


def _gap(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def _raise(conn: Connection, rule: str, dim: str, key: str, day: str,
           numbers: Mapping[str, Any], links: Sequence[tuple[str, str]]) -> int | None:
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
    if links:
        conn.execute(_insert(conn)(alert_links).on_conflict_do_nothing(),
                     [{"alert_id": aid, "story_id": s, "article_id": a} for s, a in links])
    return aid


def _evidence(cache: state.State, dim: str, key: str, day: str) -> list[tuple[str, str]]:
    """Stories (and their articles) with conflict events counted under this key this day."""
    sids = sorted(s for s, v in cache.cells.get((dim, key), {}).get(day, {}).items() if v[0] > 0)
    return [(sid, str(r.get("id"))) for sid in sids for r in cache.records.get(sid, ())
            if r.get("id")]


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
        # Move the counter so that every process's cache reloads.
        conn.execute(signals_state.update().values(value=signals_state.c.value + 1))
    state.forget(store)


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
    # Undated reports last: they link by content to stories already formed.
    items = sorted(analysed(store), key=lambda item: not item[1].get("published"))
    for aid, rec in items:
        raised += len(update_for_article(store, aid, rec, settings)["alerts"])
    with store.engine.connect() as conn:
        n_stories = conn.execute(sa.select(sa.func.count()).select_from(stories)).scalar_one()
        n_events = conn.execute(sa.select(sa.func.count()).select_from(events)
                                .where(events.c.origin == "kuzet")).scalar_one()
    return {"articles": len(items), "stories": int(n_stories), "events": int(n_events),
            "alerts raised": raised}
