"""A story's merged estimate, kept up to date report by report.

Re-merging a story from all its reports on every new one costs O(reports) per article, and
a story retold by hundreds of outlets is exactly the one that keeps arriving. A
:class:`StoryMerge` keeps what the merge reads as counts (values named per report, tolls,
per event type and day: scores, quad classes, located places, first actor), so a new report
costs its own size. :func:`merged_events` and ``stories.merge_summary`` give the same
numbers from a list of records; ties are broken the same way (first seen wins).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kuzet.signals import indicators as ind
from kuzet.signals import stories as st

Tie = list[int]  # [count, order of first sighting]: the most counted wins, then the first


def _see(d: dict[Any, Tie], key: Any, seq: int) -> None:
    got = d.get(key)
    if got is None:
        d[key] = [1, seq]
    else:
        got[0] += 1


def _top(d: Mapping[Any, Tie]) -> Any:
    """The most counted key, the first seen among equals (as ``Counter.most_common(1)``)."""
    return min(d.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[0] if d else None


def _joined(a: Mapping[Any, Tie], b: Mapping[Any, Tie]) -> dict[Any, Tie]:
    out = {k: list(v) for k, v in a.items()}
    for k, (n, seq) in b.items():
        got = out.get(k)
        out[k] = [n, seq] if got is None else [got[0] + n, min(got[1], seq)]
    return out


@dataclass
class Group:
    """The events of one type on one day (or undated, of one type) within a story."""

    scores: list[float] = field(default_factory=list)  # kept sorted
    quads: dict[int, Tie] = field(default_factory=dict)
    killed: int | None = None
    countries: dict[str, Tie] = field(default_factory=dict)  # of located events
    units: dict[str, dict[str, Tie]] = field(default_factory=dict)  # country -> admin-1
    first: tuple[int, Any, Any] | None = None  # (order, actor, recipient) of the first event

    def add(self, seq: int, e: Mapping[str, Any]) -> None:
        """Count one event (``seq``: its order in the story)."""
        if e.get("goldstein") is not None:
            bisect.insort(self.scores, float(e["goldstein"]))
        if e.get("quad_class"):
            _see(self.quads, int(e["quad_class"]), seq)
        if e.get("killed") is not None:
            k = int(e["killed"])
            self.killed = k if self.killed is None else max(self.killed, k)
        if e.get("location") and e.get("country"):
            _see(self.countries, str(e["country"]), seq)
            if e.get("admin1"):
                _see(self.units.setdefault(str(e["country"]), {}), str(e["admin1"]), seq)
        if self.first is None:
            self.first = (seq, e.get("actor"), e.get("recipient"))

    def join(self, other: Group) -> Group:
        """Both groups' events as one group."""
        killed = [k for k in (self.killed, other.killed) if k is not None]
        units = {c: _joined(self.units.get(c, {}), other.units.get(c, {}))
                 for c in set(self.units) | set(other.units)}
        firsts = [f for f in (self.first, other.first) if f is not None]
        return Group(sorted(self.scores + other.scores), _joined(self.quads, other.quads),
                     max(killed) if killed else None,
                     _joined(self.countries, other.countries), units,
                     min(firsts, key=lambda f: f[0]) if firsts else None)


@dataclass
class StoryMerge:
    """Counts behind a story's summary and merged events."""

    n: int = 0
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {name: {} for name in st.TALLIES})
    killed: list[int] = field(default_factory=list)  # kept sorted
    languages: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    actor_country: dict[str, Any] = field(default_factory=dict)  # the last report's wins
    dated: dict[tuple[str, str], Group] = field(default_factory=dict)
    undated: dict[str, Group] = field(default_factory=dict)  # placed on the story's date
    seq: int = 0
    ids: set[Any] = field(default_factory=set)  # report ids, to tell a re-analysed one

    @classmethod
    def of(cls, records: Sequence[Mapping[str, Any]]) -> StoryMerge:
        """The counts of a story's reports, in order."""
        m = cls()
        for rec in records:
            m.add(rec)
        return m

    def add(self, rec: Mapping[str, Any]) -> None:
        """Count one more report."""
        self.n += 1
        self.ids.add(rec.get("id"))
        st.tally(rec, self.counts, self.killed)
        if rec.get("language"):
            self.languages.add(str(rec["language"]))
        if rec.get("source"):
            self.sources.add(str(rec["source"]))
        t = published(rec)
        if t is not None:
            self.first_seen = t if self.first_seen is None else min(self.first_seen, t)
            self.last_seen = t if self.last_seen is None else max(self.last_seen, t)
        for a in rec.get("actors") or ():
            self.actor_country[str(a.get("id"))] = a.get("country")
        for e in rec.get("events") or ():
            if e.get("negated"):
                continue
            day = str(e.get("date") or "")
            group = (self.dated.setdefault((str(e.get("type")), day), Group()) if len(day) == 10
                     else self.undated.setdefault(str(e.get("type")), Group()))
            group.add(self.seq, e)
            self.seq += 1

    def summary(self) -> dict[str, Any]:
        """The story's summary (as ``stories.merge_summary``) with its languages and sources."""
        out = st.summarise(self.n, killed=self.killed, **self.counts)
        out.update(languages=sorted(self.languages), sources=sorted(self.sources))
        return out

    def events(self, story_id: str, summary: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The story's best estimate of its events: one per event type and date."""
        groups = dict(self.dated)
        day0 = str(summary.get("date") or "")
        if len(day0) == 10:
            for etype, g in self.undated.items():
                got = groups.get((etype, day0))
                groups[(etype, day0)] = g if got is None else got.join(g)
        return _events(story_id, summary, groups, self.actor_country)


def published(record: Mapping[str, Any]) -> datetime | None:
    """A record's publication time, or None."""
    try:
        return datetime.fromisoformat(str(record.get("published")))
    except ValueError:
        return None


def _events(story_id: str, summary: Mapping[str, Any], groups: Mapping[tuple[str, str], Group],
            countries: Mapping[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    themes = list(summary.get("themes") or ())
    toll, toll_given = summary.get("killed"), False
    for (etype, day), g in sorted(groups.items()):
        scores, killed, quad = g.scores, g.killed, _top(g.quads)
        if killed is None and toll and not toll_given and quad == 4:
            killed, toll_given = int(toll), True  # the story's toll, counted once
        elif killed is not None:
            toll_given = True
        # Where it happened: the places the events stage located the event at. An event's
        # bare ``country`` is its actor's (a ministry's statement, an outlet's capital),
        # which says who acted, not where.
        country = _top(g.countries)
        unit = _top(g.units.get(country, {})) if country else None
        _, actor, recipient = g.first or (0, None, None)
        ev: dict[str, Any] = {
            "origin": "kuzet", "origin_id": f"{story_id}:{etype}:{day}", "story_id": story_id,
            "date": day, "type": etype, "quad_class": quad,
            "goldstein": scores[len(scores) // 2] if scores else None, "killed": killed,
            "country": country, "admin1": unit, "actor1": actor, "actor2": recipient,
            "actor_country": countries.get(str(actor), actor),
            "recipient_country": countries.get(str(recipient), recipient),
        }
        ev["dims"] = ind.dims_for(ev, summary, themes)
        out.append(ev)
    return out


def merged_events(story_id: str, summary: Mapping[str, Any],
                  records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The story's best estimate of its events from its reports' records."""
    return StoryMerge.of(records).events(story_id, summary)
