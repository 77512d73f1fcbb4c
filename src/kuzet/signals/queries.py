"""Reading signals back: stories, alerts with evidence, lifecycle, export, risk."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa

from kuzet.errors import KuzetError
from kuzet.signals import notify
from kuzet.signals.tables import alert_history, alert_links, alerts, indicators, stories, story_articles
from kuzet.store import Store

STATUSES = ("new", "acknowledged", "closed")


def iter_stories(store: Store) -> Iterator[dict[str, Any]]:
    """Every story with its articles (id, url, language, source), oldest first."""
    with store.engine.connect() as conn:
        members: dict[str, list[dict[str, Any]]] = {}
        for r in conn.execute(sa.select(story_articles).order_by(story_articles.c.published)
                              ).mappings():
            members.setdefault(str(r["story_id"]), []).append({
                "id": r["article_id"], "url": r["url"], "language": r["language"],
                "source": r["source"]})
        for s in conn.execute(sa.select(stories).order_by(stories.c.first_seen)).mappings():
            yield {"id": s["id"], "first_seen": _iso(s["first_seen"]), "date": s["date"],
                   "killed": s["killed"], **(s["summary"] or {}),
                   "articles": members.get(str(s["id"]), [])}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def list_alerts(store: Store, status: str | None = None, rule: str | None = None,
                key: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
    """Alerts, newest first, filtered, with their evidence links and history."""
    cond: list[Any] = []
    if status:
        cond.append(alerts.c.status == status)
    if rule:
        cond.append(alerts.c.rule == rule)
    if key:
        cond.append(alerts.c.key == key)
    if since:
        cond.append(alerts.c.day >= since)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            sa.select(alerts).where(*cond).order_by(alerts.c.day.desc(), alerts.c.id.desc())
        ).mappings()]
        for r in rows:
            r["links"] = [dict(x) for x in conn.execute(
                sa.select(alert_links.c.story_id, alert_links.c.article_id)
                .where(alert_links.c.alert_id == r["id"])).mappings()]
            r["history"] = [{"status": h["status"], "by": h["by"], "at": _iso(h["at"]),
                             "note": h["note"]} for h in conn.execute(
                sa.select(alert_history).where(alert_history.c.alert_id == r["id"])
                .order_by(alert_history.c.id)).mappings()]
            r["created_at"], r["updated_at"] = _iso(r["created_at"]), _iso(r["updated_at"])
    return rows


def set_status(store: Store, alert_id: int, status: str, by: str, note: str | None = None
               ) -> None:
    """Move an alert through its lifecycle (new → acknowledged → closed), recording who."""
    if status not in STATUSES:
        raise KuzetError("K170", "status", f"must be one of {', '.join(STATUSES)}")
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.writing() as conn:
        done = conn.execute(alerts.update().where(alerts.c.id == alert_id)
                            .values(status=status, updated_at=now)).rowcount
        if not done:
            raise KuzetError("K150", str(alert_id), "no such alert")
        conn.execute(alert_history.insert().values(alert_id=alert_id, status=status, by=by,
                                                   at=now, note=note))


def notify_new(store: Store, settings: Mapping[str, Any] | None) -> int:
    """Send every alert not yet notified by webhook and e-mail; how many were sent."""
    sent = 0
    for alert in list_alerts(store):
        if alert["notified"]:
            continue
        notify.webhook(alert, settings)
        notify.email(alert, settings)
        with store.writing() as conn:
            conn.execute(alerts.update().where(alerts.c.id == alert["id"])
                         .values(notified=True))
        sent += 1
    return sent


def indicator_rows(store: Store, period: str | None = None, dimension: str | None = None
                   ) -> list[dict[str, Any]]:
    """Stored indicator cells with mean score and conflict share."""
    cond: list[Any] = []
    if period:
        cond.append(indicators.c.period == period)
    if dimension:
        cond.append(indicators.c.dimension == dimension)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sa.select(indicators).where(*cond).order_by(
            indicators.c.period, indicators.c.dimension, indicators.c.key,
            indicators.c.start)).mappings()]
    for r in rows:
        r["mean_score"] = round(r["score_sum"] / r["score_n"], 4) if r["score_n"] else None
        r["conflict_share"] = round(r["conflict"] / r["events"], 4) if r["events"] else None
    return rows


def export(store: Store, path: Path, fmt: str | None = None) -> int:
    """Write the indicators to CSV or Parquet (by suffix or ``fmt``); rows written."""
    rows = indicator_rows(store)
    fmt = fmt or ("parquet" if path.suffix == ".parquet" else "csv")
    columns = ["period", "start", "dimension", "key", "stories", "events", "mean_score",
               "conflict_share", "conflict", "killed", "score_sum", "score_n"]
    if fmt == "parquet":
        pq.write_table(pa.table({c: [r[c] for r in rows] for c in columns}), path)
    else:
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    return len(rows)


def risk(store: Store, dimension: str = "country", today: str | None = None,
         days: int = 30) -> list[dict[str, Any]]:
    """Risk level 0–4 per country or admin-1 unit over the last ``days``, with components.

    One point each for: any conflict event; conflict share above one half; anyone
    killed; ten or more killed or an open (new or acknowledged) alert. Capped at 4.
    """
    with store.engine.connect() as conn:
        last = today or conn.execute(sa.select(sa.func.max(indicators.c.start)).where(
            indicators.c.period == "D")).scalar() or date.today().isoformat()
        first = (date.fromisoformat(last) - timedelta(days=days - 1)).isoformat()
        rows = conn.execute(sa.select(indicators).where(
            indicators.c.period == "D", indicators.c.dimension == dimension,
            indicators.c.start >= first, indicators.c.start <= last)).mappings().all()
        open_alerts: dict[str, int] = dict(conn.execute(
            sa.select(alerts.c.key, sa.func.count()).where(
                alerts.c.dimension == dimension, alerts.c.status != "closed",
                alerts.c.day >= first, alerts.c.day <= last).group_by(alerts.c.key)
        ).all())  # type: ignore[arg-type]
    agg: dict[str, dict[str, float]] = {}
    for r in rows:
        a = agg.setdefault(str(r["key"]), {"events": 0, "conflict": 0, "killed": 0,
                                           "stories": 0})
        for f in a:
            a[f] += r[f]
    out = []
    for key, a in sorted(agg.items()):
        share = a["conflict"] / a["events"] if a["events"] else 0.0
        n_open = int(open_alerts.get(key, 0))
        parts = {"conflict_events": int(a["conflict"] > 0), "conflict_share": int(share > 0.5),
                 "killed": int(a["killed"] > 0),
                 "severe": int(a["killed"] >= 10 or n_open > 0)}
        out.append({"dimension": dimension, "key": key, "from": first, "to": last,
                    "level": min(4, sum(parts.values())), "points": parts,
                    "events": int(a["events"]), "conflict": int(a["conflict"]),
                    "conflict_share": round(share, 3), "killed": int(a["killed"]),
                    "stories": int(a["stories"]), "open_alerts": n_open})
    return out
