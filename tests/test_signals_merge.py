"""Incremental story merge and cache reloads give what merging from scratch gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as hs

from kuzet.model import Article
from kuzet.signals import engine, state
from kuzet.signals import merge as mg
from kuzet.signals import stories as st
from kuzet.signals.tables import indicators
from kuzet.store import Store

_EVENT = hs.fixed_dictionaries({
    "type": hs.sampled_from(["ASSAULT", "CONSULT", "PROTEST"]),
    "date": hs.sampled_from([None, "2026-04-01", "2026-04-02"]),
    "quad_class": hs.sampled_from([None, 1, 3, 4]),
    "goldstein": hs.sampled_from([None, -10.0, -2.5, 4.0]),
    "killed": hs.sampled_from([None, 0, 2, 5]),
    "location": hs.sampled_from([None, "v1", "v2"]),
    "country": hs.sampled_from([None, "KG", "TJ"]),
    "admin1": hs.sampled_from([None, "KG-B", "TJ-SU"]),
    "actor": hs.sampled_from([None, "KG", "kg.mfa"]),
    "recipient": hs.sampled_from([None, "TJ"]),
    "negated": hs.booleans(),
})
_RECORD = hs.fixed_dictionaries({
    "published": hs.sampled_from([None, "2026-04-01T10:00", "2026-04-02T08:00"]),
    "event_date": hs.sampled_from([None, "2026-04-01"]),
    "language": hs.sampled_from(["en", "ru"]),
    "source": hs.sampled_from(["a", "b", None]),
    "countries": hs.lists(hs.sampled_from(["KG", "TJ", "UZ"]), unique=True),
    "admin1": hs.lists(hs.sampled_from(["KG-B", "KG-GB", "TJ-SU"]), unique=True),
    "themes": hs.lists(hs.sampled_from([{"id": "border"}, {"id": "water"}]), max_size=2),
    "actors": hs.lists(hs.sampled_from([{"id": "kg.mfa", "country": "KG"},
                                        {"id": "tj.mfa", "country": "TJ"}]), max_size=2),
    "places": hs.lists(hs.sampled_from([{"name": "V", "kind": "village"},
                                        {"name": "Kyrgyzstan", "kind": "country"}]),
                       max_size=2),
    "killed": hs.sampled_from([None, 2, 7]),
    "events": hs.lists(_EVENT, max_size=4),
})


def _scratch(sid: str, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Events merged from scratch with Counters, the way the merge is specified."""
    summary = st.merge_summary(records)
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    countries = {str(a.get("id")): a.get("country") for r in records for a in r["actors"]}
    for rec in records:
        for e in rec["events"]:
            day = str(e.get("date") or "")
            day = day if len(day) == 10 else str(summary.get("date") or "")
            if not e.get("negated") and len(day) == 10:
                groups.setdefault((str(e["type"]), day), []).append(e)
    out = []
    for (etype, day), evs in sorted(groups.items()):
        scores = sorted(float(e["goldstein"]) for e in evs if e["goldstein"] is not None)
        quads = Counter(int(e["quad_class"]) for e in evs if e["quad_class"]).most_common(1)
        located = [e for e in evs if e["location"] and e["country"]]
        first = Counter(str(e["country"]) for e in located).most_common(1)
        units = Counter(str(e["admin1"]) for e in located
                        if e["admin1"] and first and e["country"] == first[0][0])
        out.append({"key": (etype, day), "quad": quads[0][0] if quads else None,
                    "goldstein": scores[len(scores) // 2] if scores else None,
                    "country": first[0][0] if first else None,
                    "admin1": units.most_common(1)[0][0] if units else None,
                    "actor1": evs[0]["actor"],
                    "actor_country": countries.get(str(evs[0]["actor"]), evs[0]["actor"])})
    return out


@settings(max_examples=150, deadline=None)
@given(hs.lists(_RECORD, min_size=1, max_size=6))
def test_incremental_merge_is_the_scratch_merge(records: list[dict[str, Any]]) -> None:
    for i, r in enumerate(records):
        r["id"] = f"r{i}"
    m = mg.StoryMerge()
    for r in records:
        m.add(r)  # one report at a time, as articles arrive
    summary = m.summary()
    assert {k: v for k, v in summary.items() if k not in ("languages", "sources")} \
        == st.merge_summary(records)
    got = [{"key": (e["type"], e["date"]), "quad": e["quad_class"],
            "goldstein": e["goldstein"], "country": e["country"], "admin1": e["admin1"],
            "actor1": e["actor1"], "actor_country": e["actor_country"]}
           for e in m.events("s", summary)]
    assert got == _scratch("s", records)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(str(tmp_path / "k.db"))
    yield s
    s.close()


def _record(aid: str, day: str, event_day: str) -> dict[str, Any]:
    return {"id": aid, "title": f"Report {aid}", "paragraphs": [f"Constructed text {aid}."],
            "language": "en", "source": f"s-{aid}", "published": day + "T10:00",
            "countries": ["KZ"], "admin1": ["KZ-47"], "actors": [], "themes": [],
            "places": [{"name": "V", "kind": "village"}], "killed": None,
            "event_date": event_day,
            "events": [{"type": "PROTEST", "date": event_day, "quad_class": 4,
                        "goldstein": -6.5, "country": "KZ", "location": "v",
                        "admin1": "KZ-47"}]}


def _cells(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(indicators).order_by(*indicators.primary_key.columns)).all()]


@pytest.mark.parametrize("reload", [False, True])
def test_reloaded_cache_counts_an_old_incident_once(store: Store, reload: bool) -> None:
    # Reports of today about an incident of last year: a cache reloaded from the tables
    # (another process wrote) must know the story's old events, or it counts them twice.
    for i in range(3):
        rec = _record(f"a{i}", "2026-04-01", "2025-06-25")
        store.add_article(Article(id=rec["id"], text=rec["paragraphs"][0], title=rec["title"]))
        store.save_analysis(rec["id"], rec, "t")
        if reload:
            state.forget(store)
        engine.update_for_article(store, rec["id"], rec)
    old = [c for c in _cells(store) if c[1] == "2025-06-25" and c[2] == "country"]
    assert [(c[4], c[5]) for c in old] == [(1, 1)]  # one story, one merged event
