"""Backtests: replay a labelled corpus in date order, and the dyad-shift rule on TFDD.

For each labelled crisis the report says whether an alert fired on one of its
countries, admin-1 units or dyads between its start (less a week) and its peak, and
how many days before the peak; alerts matching no crisis are false alarms, counted per
country-month.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kuzet.signals import engine
from kuzet.signals.alerts import AlertParams, dyad_shift
from kuzet.signals.tables import alert_links, alerts
from kuzet.store import Store

LEAD_IN_DAYS = 7  # an alert up to a week before a crisis's labelled start still counts


def _key(title: str) -> str:
    return "".join(ch for ch in title if unicodedata.category(ch) in ("Lu", "Ll", "Lo", "Nd"))


def label_index(labels: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Labelled items by id, URL and title letters (ingestion may rename ids)."""
    index: dict[str, Mapping[str, Any]] = {}
    for item in labels.get("items") or ():
        for k in (item.get("id"), item.get("url"), _key(str(item.get("title") or ""))):
            if k:
                index[str(k)] = item
    return index


def find_label(index: Mapping[str, Mapping[str, Any]], article_id: str,
               record: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The label of a stored article, by id, then URL, then title."""
    for k in (article_id, record.get("url"), _key(str(record.get("title") or ""))):
        if k and str(k) in index:
            return index[str(k)]
    return None


def _places(dim: str, key: str) -> set[str]:
    return set(key.split("-")) if dim == "dyad" else {key}


def _matches(alert: Mapping[str, Any], crisis: Mapping[str, Any]) -> bool:
    dim, key = str(alert["dimension"]), str(alert["key"])
    if dim == "country":
        return key in crisis.get("countries", ())
    if dim == "admin1":
        return key in crisis.get("admin1", ())
    if dim == "dyad":
        return set(key.split("-")) <= set(crisis.get("countries", ()))
    return False


def replay(store: Store, labels: Mapping[str, Any],
           settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Rebuild the store's signals article by article in date order and score the alerts."""
    engine.clear(store)
    with store.writing() as conn:
        conn.execute(alerts.delete())
    fired_on: dict[int, str] = {}
    items = engine.analysed(store)
    index = label_index(labels)
    storyline_of: dict[str, str] = {}
    for aid, rec in items:
        label = find_label(index, aid, rec)
        storyline_of[aid] = str(label.get("storyline")) if label else "?"
        day = str(rec.get("published") or "")[:10]
        for alert_id in engine.update_for_article(store, aid, rec, settings)["alerts"]:
            fired_on[alert_id] = day
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(alerts)).mappings()]
        links = conn.execute(sa.select(alert_links.c.alert_id, alert_links.c.article_id)).all()
    arts: dict[int, set[str]] = defaultdict(set)
    for alert_id, article_id in links:
        arts[int(alert_id)].add(str(article_id))
    months = {str(rec.get("published") or "")[:7] for _, rec in items} - {""}
    return score(rows, fired_on, labels.get("crises") or (), arts, storyline_of,
                 max(len(months), 1))


def score(rows: Sequence[Mapping[str, Any]], fired_on: Mapping[int, str],
          crises: Sequence[Mapping[str, Any]], arts: Mapping[int, set[str]],
          storyline_of: Mapping[str, str], months: int = 1) -> dict[str, Any]:
    """Lead times per crisis, false alarms per country-month, alerts on routine stories."""
    report: list[dict[str, Any]] = []
    matched: set[int] = set()
    for crisis in crises:
        start = date.fromisoformat(crisis["start"]) - timedelta(days=LEAD_IN_DAYS)
        peak, end = date.fromisoformat(crisis["peak"]), date.fromisoformat(crisis["end"])
        hits = []
        for a in rows:
            if not _matches(a, crisis):
                continue
            when = date.fromisoformat(fired_on.get(int(a["id"]), str(a["day"])))
            if start <= when <= end:
                matched.add(int(a["id"]))
                if when <= peak:
                    hits.append((when, a))
        hits.sort(key=lambda h: h[0])
        first = hits[0] if hits else None
        report.append({
            "storyline": crisis.get("storyline"), "peak": crisis["peak"],
            "alerted_before_peak": first is not None,
            "first_alert": first[0].isoformat() if first else None,
            "first_rule": f"{first[1]['rule']} {first[1]['dimension']}={first[1]['key']}"
            if first else None,
            "lead_days": (peak - first[0]).days if first else None,
            "alerts_before_peak": len(hits),
        })
    false: dict[str, int] = defaultdict(int)
    for a in rows:
        if int(a["id"]) in matched or a["dimension"] == "watchlist":
            continue
        month = fired_on.get(int(a["id"]), str(a["day"]))[:7]
        for c in sorted(_places(str(a["dimension"]), str(a["key"]))):
            false[f"{c[:2]} {month}"] += 1
    routine = [int(a["id"]) for a in rows
               if arts.get(int(a["id"])) and all(storyline_of.get(x) == "routine"
                                                 for x in arts[int(a["id"])])]
    return {
        "crises": report, "alerts": len(rows), "false_alarms": sum(false.values()),
        "false_alarms_by_country_month": dict(sorted(false.items())),
        "false_alarms_per_country_month": round(sum(false.values()) / (6 * months), 3),
        "alerts_on_routine_stories": len(routine),
    }


def load_labels(path: Path) -> dict[str, Any]:
    """A labels.json file (demo corpus format)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def water_history(path: Path, p: AlertParams | None = None) -> dict[str, Any]:
    """Dyad-shift rule over TFDD water events (BAR scale), by quarter: flagged periods."""
    p = p or AlertParams(shift_recent=4, shift_baseline=16, shift_drop=2.0,
                         shift_min_events=2)
    by: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                d = date.fromisoformat(row["DATE"][:10])
                bar = float(row["BAR_Scale"])
            except (KeyError, ValueError):
                continue
            by[row.get("DYAD_CODE") or "?"][d.year * 4 + (d.month - 1) // 3].append(bar)
    flagged: list[dict[str, Any]] = []
    for dyad, quarters in sorted(by.items()):
        first, last = min(quarters), max(quarters)
        sums = [sum(quarters.get(q, ())) for q in range(first, last + 1)]
        counts = [len(quarters.get(q, ())) for q in range(first, last + 1)]
        for i in range(len(sums)):
            if not counts[i]:
                continue
            found = dyad_shift(sums[:i + 1], counts[:i + 1], p)
            if found:
                q = first + i
                flagged.append({"dyad": dyad, "quarter": f"{q // 4}-Q{q % 4 + 1}", **found})
    return {"dyads": len(by), "events": sum(sum(len(v) for v in q.values())
                                            for q in by.values()),
            "flagged": flagged}
