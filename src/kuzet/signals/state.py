"""In-memory state of the signals engine, one per store, so one article costs a few writes.

The database stays the record of truth; this is a cache of what linking and the alert
rules need for the last ``HORIZON_DAYS``: the linker over recent reports, each recent
story's compact records and merged events, per-key daily cells (which stories counted
how many conflict events), source coverage per day, and the last alert per key. A
generation counter in ``signals_state`` is bumped by every write; a cache that finds the
counter moved (another process wrote) reloads itself from the tables.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kuzet.signals import indicators as ind
from kuzet.signals import merge
from kuzet.signals import stories as st
from kuzet.signals.tables import alerts, coverage, events, signals_state, story_articles
from kuzet.store import Store
from kuzet.store.tables import analyses

HORIZON_DAYS = 90  # longest rule window (60 + 7 days) with room to spare
SERIES_DIMS = ("all", "country", "admin1", "dyad")
SERIES_RULES = ("burst", "count", "dyad_shift")
GENERATION = "generation"
# What merging a story needs from an analysis record; text and evidence stay in the store.
_KEEP = ("id", "published", "language", "source", "countries", "admin1", "killed",
         "event_date")
Cell = dict[str, list[float]]  # story id -> [conflict events, score sum, score count]
# A series' day at a glance: (stories with a conflict event, score sum, score count).
Day = tuple[int, float, int]


def compact(record: Mapping[str, Any]) -> dict[str, Any]:
    """The part of an analysis record that story merging reads."""
    out = {k: record.get(k) for k in _KEEP}
    out["themes"] = [{"id": t.get("id")} for t in record.get("themes") or ()]
    out["actors"] = [{"id": a.get("id"), "country": a.get("country")}
                     for a in record.get("actors") or ()]
    out["places"] = [{"name": p.get("name"), "kind": p.get("kind")}
                     for p in record.get("places") or ()]
    out["events"] = [{k: v for k, v in e.items() if k != "evidence"}
                     for e in record.get("events") or ()]
    return out


@dataclass
class State:
    """What the engine keeps between articles for one store."""

    params: st.LinkParams
    generation: int = -1
    linker: st.Linker = field(init=False)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    merges: dict[str, merge.StoryMerge] = field(default_factory=dict)  # counts of records
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    cells: dict[tuple[str, str], dict[str, Cell]] = field(default_factory=dict)
    coverage: dict[str, set[str]] = field(default_factory=dict)
    alerted: dict[tuple[str, str], str] = field(default_factory=dict)
    by_day: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # series per day
    # Per series and day, what the alert rules read (see ``Day``): kept up to date as
    # stories change, so evaluating a key reads a few numbers per day instead of
    # re-walking every story's cell of every day in the rule windows.
    days: dict[tuple[str, str], dict[str, Day]] = field(default_factory=dict)
    latest: str = ""

    def __post_init__(self) -> None:
        self.linker = st.Linker(self.params)

    def apply(self, sid: str, before: Iterable[Mapping[str, Any]],
              after: Iterable[Mapping[str, Any]]) -> set[tuple[str, str, str]]:
        """Replace a story's events in the cells; the (dim, key, day) series touched."""
        touched: set[tuple[str, str, str]] = set()
        for ev in before:
            for dim, key, day in _series_keys(ev):
                cell = self.cells.get((dim, key), {}).get(day)
                if cell is not None:
                    cell.pop(sid, None)
                touched.add((dim, key, day))
        for ev in after:
            conflict = 1.0 if (ev.get("quad_class") or 0) >= 3 else 0.0
            score = ev.get("goldstein")
            for dim, key, day in _series_keys(ev):
                row = self.cells.setdefault((dim, key), {}).setdefault(day, {}).setdefault(
                    sid, [0.0, 0.0, 0.0])
                self.by_day.setdefault(day, set()).add((dim, key))
                row[0] += conflict
                if score is not None:
                    row[1] += float(score)
                    row[2] += 1
                touched.add((dim, key, day))
        for dim, key, day in touched:
            self._summarise(dim, key, day)
        return touched

    def _summarise(self, dim: str, key: str, day: str) -> None:
        cell = self.cells.get((dim, key), {}).get(day)
        series = self.days.setdefault((dim, key), {})
        if not cell:
            series.pop(day, None)
            return
        # Summed in the cell's order, as the rules always did: the same floats.
        series[day] = (sum(1 for v in cell.values() if v[0] > 0),
                       sum(v[1] for v in cell.values()), int(sum(v[2] for v in cell.values())))

    def conflict(self, dim: str, key: str, day: str) -> int:
        """Stories with a conflict event counted under one series on one day."""
        got = self.days.get((dim, key), {}).get(day)
        return got[0] if got else 0

    def see(self, day: str) -> None:
        """Note the newest day and forget what fell out of every window."""
        if day <= self.latest:
            return
        self.latest = day
        cutoff = (date.fromisoformat(day) - timedelta(days=HORIZON_DAYS)).isoformat()
        if min(self.coverage, default=day) >= cutoff:
            return
        self.coverage = {d: s for d, s in self.coverage.items() if d >= cutoff}
        self.by_day = {d: s for d, s in self.by_day.items() if d >= cutoff}
        for key in list(self.cells):
            days = {d: c for d, c in self.cells[key].items() if d >= cutoff}
            if days:
                self.cells[key] = days
            else:
                del self.cells[key]
        for key in list(self.days):
            kept = {d: c for d, c in self.days[key].items() if d >= cutoff}
            if kept:
                self.days[key] = kept
            else:
                del self.days[key]
        self.linker.evict((date.fromisoformat(day)
                           - timedelta(days=2 * self.params.window_days + 2)).isoformat())
        live = set(self.linker.members)
        for sid in [s for s in self.records if s not in live]:
            del self.records[sid]
            self.merges.pop(sid, None)
            self.events.pop(sid, None)


def _series_keys(ev: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    day = str(ev.get("date") or "")
    if len(day) != 10:
        return []
    keys = ind.keys(ev)
    return [(dim, key, day) for dim in SERIES_DIMS for key in keys.get(dim, ())]


_STATES: weakref.WeakKeyDictionary[Store, State] = weakref.WeakKeyDictionary()


def generation(conn: Connection) -> int:
    """The write counter of the signals tables (0 when never written)."""
    value = conn.execute(sa.select(signals_state.c.value)
                         .where(signals_state.c.name == GENERATION)).scalar()
    return int(value or 0)


# Built once: a statement built per call costs more than running it.
_BUMP = signals_state.update().where(signals_state.c.name == GENERATION).values(
    value=signals_state.c.value + 1).returning(signals_state.c.value)


def _bump(conn: Connection) -> int:
    """Count one write in the database; the counter after it."""
    value = conn.execute(_BUMP).scalar()
    if value is None:
        conn.execute(signals_state.insert().values(name=GENERATION, value=1))
        return 1
    return int(value)


def forget(store: Store) -> None:
    """Drop the cache of ``store`` (after the tables were cleared or rewritten)."""
    _STATES.pop(store, None)


def writer(store: Store, conn: Connection, params: st.LinkParams) -> State:
    """Count the write about to be made and give the up-to-date cache of ``store``.

    One statement both counts the write and tells whether another writer moved the
    counter since this cache's last write (then the cache reloads from the tables).
    The caller's transaction holds both, so a rollback undoes the count too (and the
    caller must :func:`forget` the cache).
    """
    gen = _bump(conn)
    state = _STATES.get(store)
    if state is None or state.generation != gen - 1 or state.params != params:
        state = load(conn, params)
        _STATES[store] = state
    state.generation = gen
    return state


def load(conn: Connection, params: st.LinkParams) -> State:
    """Build the cache from the tables (the last ``HORIZON_DAYS`` days)."""
    state = State(params)
    latest = conn.execute(sa.select(sa.func.max(story_articles.c.day))).scalar()
    if not latest:
        return state
    state.latest = str(latest)
    cutoff = (date.fromisoformat(state.latest) - timedelta(days=HORIZON_DAYS)).isoformat()
    recent = (date.fromisoformat(state.latest)
              - timedelta(days=2 * params.window_days + 2)).isoformat()
    rows = conn.execute(sa.select(story_articles.c.story_id, story_articles.c.features)
                        .where(story_articles.c.day >= recent)
                        .order_by(story_articles.c.day)).all()
    for sid, feats in rows:
        state.linker.load(str(sid), st.Features.from_json(feats))
    sids = sorted(state.linker.members)
    for i in range(0, len(sids), 500):
        chunk = sids[i:i + 500]
        for sid, rec in conn.execute(
                sa.select(story_articles.c.story_id, analyses.c.record)
                .join(analyses, analyses.c.article_id == story_articles.c.article_id)
                .where(story_articles.c.story_id.in_(chunk))).all():
            state.records.setdefault(str(sid), []).append(compact(rec))
    # Every event of a story that may still grow (whatever its date: a report can name an
    # incident of last year), else its next update would count the old ones again; of
    # other stories, the events within the rule windows.
    found = [r for i in range(0, len(sids), 500) for r in conn.execute(
        sa.select(events).where(events.c.origin == "kuzet",
                                events.c.story_id.in_(sids[i:i + 500]))).mappings().all()]
    live = set(sids)
    found += [r for r in conn.execute(sa.select(events).where(
        events.c.origin == "kuzet", events.c.date >= cutoff)).mappings().all()
        if str(r["story_id"]) not in live]  # those of live stories are read already
    for r in found:
        ev = {**dict(r), "dims": (r["extra"] or {}).get("dims") or {}}
        state.events.setdefault(str(r["story_id"]), []).append(ev)
    for sid, evs in state.events.items():
        state.apply(sid, (), evs)
    for day, source in conn.execute(sa.select(coverage.c.day, coverage.c.source)
                                    .where(coverage.c.day >= cutoff)).all():
        state.coverage.setdefault(str(day), set()).add(str(source))
    for dim, key, day in conn.execute(
            sa.select(alerts.c.dimension, alerts.c.key, sa.func.max(alerts.c.day))
            .where(alerts.c.rule.in_(SERIES_RULES), alerts.c.day >= cutoff)
            .group_by(alerts.c.dimension, alerts.c.key)).all():
        state.alerted[(str(dim), str(key))] = str(day)
    return state
