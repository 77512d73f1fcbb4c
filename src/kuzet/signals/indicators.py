"""Indicators: daily and weekly series per country, admin-1, theme, dyad and quad class.

Each cell ``(period, start, dimension, key)`` holds the number of stories and events,
the sum and count of Goldstein scores (mean = sum / count), conflict events (quad
class 3 or 4) and people killed. A story's events are its merged best estimate, so
three hundred reports of one abduction count once.

Two paths compute the same numbers: :func:`contributions` for one story (the
incremental update: subtract a story's old cells, add its new ones) and
:func:`compute` over any number of events with pyarrow (the full rebuild).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

DIMENSIONS: tuple[str, ...] = ("all", "country", "admin1", "theme", "dyad", "quad")
PERIODS: tuple[str, ...] = ("D", "W")
FIELDS: tuple[str, ...] = ("stories", "events", "score_sum", "score_n", "conflict", "killed")
Cell = tuple[str, str, str, str]  # period, start (YYYY-MM-DD), dimension, key
VERBAL = (1, 3)  # PLOVER quad classes of words (cooperation, conflict), not deeds


def week_start(day: str) -> str:
    """The Monday of the ISO week holding ``day``."""
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def keys(event: Mapping[str, Any]) -> dict[str, list[str]]:
    """The keys an event is counted under, per dimension (from its ``dims`` field)."""
    dims = event.get("dims") or {}
    out: dict[str, list[str]] = {"all": ["*"]}
    for name in ("country", "admin1", "theme", "dyad"):
        out[name] = sorted({str(v) for v in dims.get(name) or () if v})
    quad = event.get("quad_class")
    out["quad"] = [str(quad)] if quad else []
    return out


def contributions(events: Iterable[Mapping[str, Any]]) -> dict[Cell, list[float]]:
    """Cells touched by one story's events, with that story's contribution to each."""
    cells: dict[Cell, list[float]] = {}
    for ev in events:
        day = ev.get("date")
        if not day or len(str(day)) != 10:
            continue
        score = ev.get("goldstein")
        quad = ev.get("quad_class") or 0
        killed = int(ev.get("killed") or 0)
        starts = {"D": str(day), "W": week_start(str(day))}
        for dim, values in keys(ev).items():
            for key in values:
                for period in PERIODS:
                    cell = (period, starts[period], dim, key)
                    row = cells.setdefault(cell, [1, 0, 0.0, 0, 0, 0])
                    row[1] += 1
                    if score is not None:
                        row[2] += float(score)
                        row[3] += 1
                    row[4] += 1 if quad >= 3 else 0
                    row[5] += killed
    return cells


def _lists(events: Sequence[Mapping[str, Any]], dim: str) -> list[list[str]]:
    return [keys(ev)[dim] for ev in events]


def compute(events: Sequence[Mapping[str, Any]]) -> pa.Table:
    """Every indicator cell over many events (each with ``story_id``), as one table."""
    usable = [ev for ev in events if ev.get("date") and len(str(ev["date"])) == 10]
    epoch = date(1970, 1, 1).toordinal()
    day = pa.array([date.fromisoformat(str(ev["date"])).toordinal() - epoch for ev in usable],
                   pa.int32())
    base = {
        "story": pa.array([str(ev.get("story_id") or ev.get("origin_id")) for ev in usable]),
        "score": pa.array([ev.get("goldstein") for ev in usable], pa.float64()),
        "conflict": pa.array([1 if (ev.get("quad_class") or 0) >= 3 else 0 for ev in usable],
                             pa.int64()),
        "killed": pa.array([int(ev.get("killed") or 0) for ev in usable], pa.int64()),
    }
    return compute_columns(day, base, {d: pa.array(_lists(usable, d), pa.list_(pa.string()))
                                       for d in DIMENSIONS})


def compute_columns(day: pa.Array, base: Mapping[str, pa.Array],
                    dims: Mapping[str, pa.Array]) -> pa.Table:
    """The grouped cells from columnar events: ``day`` (days since 1970) and list keys."""
    weekday = pc.remainder(pc.add(day, 3), 7)  # 1970-01-01 was a Thursday; Monday = 0
    week = pc.subtract(day, weekday)
    parts: list[pa.Table] = []
    for dim, lists in dims.items():
        idx = pc.list_parent_indices(lists)
        flat = pc.list_flatten(lists)
        cols = {name: pc.take(col, idx) for name, col in base.items()}
        for period, start in (("D", day), ("W", week)):
            t = pa.table({"key": flat, "start": pc.take(start, idx), **cols})
            g = t.group_by(["key", "start"]).aggregate([
                ("story", "count_distinct"), ("story", "count"), ("score", "sum"),
                ("score", "count"), ("conflict", "sum"), ("killed", "sum"),
            ])
            n = g.num_rows
            parts.append(pa.table({
                "period": pa.array([period] * n), "start": g["start"],
                "dimension": pa.array([dim] * n), "key": g["key"],
                "stories": g["story_count_distinct"], "events": g["story_count"],
                "score_sum": pc.fill_null(g["score_sum"], 0.0), "score_n": g["score_count"],
                "conflict": g["conflict_sum"], "killed": g["killed_sum"],
            }))
    return pa.concat_tables(parts, promote_options="permissive") if parts else pa.table({})


def table_rows(table: pa.Table) -> list[dict[str, Any]]:
    """Rows of a :func:`compute` table, with ``start`` as YYYY-MM-DD."""
    if table.num_rows == 0:
        return []
    epoch = date(1970, 1, 1).toordinal()
    rows: list[dict[str, Any]] = table.to_pylist()
    for row in rows:
        row["start"] = date.fromordinal(epoch + int(row["start"])).isoformat()
        row["score_sum"] = float(row["score_sum"] or 0.0)
    return rows


def mean_score(row: Mapping[str, Any]) -> float | None:
    """The mean Goldstein score of a cell, or None without scored events."""
    n = int(row.get("score_n") or 0)
    return float(row["score_sum"]) / n if n else None


def dims_for(event: Mapping[str, Any], summary: Mapping[str, Any],
             themes: Sequence[str]) -> dict[str, list[str]]:
    """The keys a story event is counted under: where it happened, and its parties.

    Country: the event's located country; an event without a located place counts under
    the story's main countries that are its parties (else all of them), never under a
    country merely named (an outlet's home, a capital in a dateline, a mediator).
    Admin-1: only the located unit of a material event (quad class 2 or 4), since a
    province is never guessed from other names in the text.
    """
    main = list(summary.get("countries") or ())
    pair = sorted({c for c in (event.get("actor_country"), event.get("recipient_country"))
                   if c})
    if event.get("country"):
        countries = [str(event["country"])]
    else:
        countries = [c for c in main if c in pair] or main
    # Words (verbal quad classes 1 and 3: statements, demands, threats) are spoken where
    # governments sit, mostly capitals, about somewhere else: only deeds mark a province.
    verbal = event.get("quad_class") in VERBAL
    admin1 = [str(event["admin1"])] if event.get("admin1") and not verbal else []
    if len(pair) != 2:
        ranked = sorted(main)
        pair = ranked if len(ranked) == 2 else []
    return {"country": countries, "admin1": admin1, "theme": list(themes),
            "dyad": ["-".join(pair)] if len(pair) == 2 else []}
