"""The main job on the embedded default: a fresh SQLite database from the demo corpus.

The demo corpus (``kuzet/data/demo``) is fictional: invented items in the forms real
sources take. :func:`run` ingests it through the same code as ``kuzet ingest``, runs the
pipeline, and summarises what every stage found.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Mapping
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from kuzet.errors import Report
from kuzet.store import Store

# The forms the corpus comes in; `_source` (the renderer's input) and labels are not news.
CORPUS_PARTS: tuple[str, ...] = ("html", "feeds", "text", "jsonl")


def corpus_paths(root: Path) -> list[str]:
    """The folders of the demo corpus to ingest."""
    return [str(root / part) for part in CORPUS_PARTS if (root / part).is_dir()]


def _signals_rebuild(store: Store, settings: Mapping[str, Any]) -> dict[str, Any] | None:
    """Rebuild stories, indicators and alerts when the signals area is installed."""
    try:
        signals = importlib.import_module("kuzet.signals")
    except ModuleNotFoundError:
        return None
    rebuild = getattr(signals, "rebuild", None)
    if rebuild is None:
        return None
    result = rebuild(store, settings)
    return dict(result) if isinstance(result, Mapping) else None


def findings(store: Store) -> dict[str, Any]:
    """What the stages found across every stored analysis."""
    countries: Counter[str] = Counter()
    admin1: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    events: Counter[str] = Counter()
    places = actors = 0
    killed: list[int] = []
    for article in store.iter_articles():
        record = store.get_analysis(article.id) or {}
        countries.update(record.get("countries") or [])
        admin1.update(record.get("admin1") or [])
        themes.update(t["id"] for t in record.get("themes") or [])
        events.update(e["type"] for e in record.get("events") or [] if not e.get("negated"))
        places += len(record.get("places") or [])
        actors += len(record.get("actors") or [])
        if record.get("killed") is not None:
            killed.append(int(record["killed"]))
    return {
        "place_mentions": places,
        "actor_mentions": actors,
        "countries": dict(countries.most_common()),
        "admin1": dict(admin1.most_common(12)),
        "themes": dict(themes.most_common()),
        "event_types": dict(events.most_common()),
        "articles_reporting_deaths": len(killed),
        "largest_death_toll": max(killed) if killed else None,
    }


def run(db: str, settings: Mapping[str, Any], echo: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Build ``db`` afresh from the demo corpus and return the summary."""
    from kuzet.ingest.run import ingest

    path = Path(db)
    if "://" not in db:
        for stale in (path, Path(db + "-wal"), Path(db + "-shm"), Path(db + ".feeds.json")):
            stale.unlink(missing_ok=True)
    report = Report()
    with as_file(files("kuzet") / "data" / "demo") as root, Store(db) as store:
        ingest(corpus_paths(Path(root)), store, settings, report, analyze=True, echo=echo)
        signals = _signals_rebuild(store, settings)
        summary = {"database": db, "ingest": report.summary(), "rejections": report.messages,
                   **store.counts(), "found": findings(store)}
        if signals is not None:
            summary["signals"] = signals
    return summary


def summary_text(summary: Mapping[str, Any]) -> str:
    """The summary for people."""

    def top(d: Mapping[str, Any], n: int = 12) -> str:
        items = sorted(d.items(), key=lambda kv: -int(kv[1]))[:n]
        return ", ".join(f"{k or '(no source named)'} {v}" for k, v in items) or "none"

    found = summary["found"]
    lines = [
        f"Kuzet demo (FICTIONAL corpus) → {summary['database']}",
        f"ingest: {summary['ingest']}",
        f"articles: {summary['articles']} ({summary['analyses']} analysed), "
        f"{summary['first_published']} … {summary['last_published']}",
        f"languages: {top(summary['by_language'])}",
        f"sources: {top(summary['by_source'], 20)}",
        f"places: {found['place_mentions']} mentions; countries: {top(found['countries'])}",
        f"admin-1 units: {top(found['admin1'])}",
        f"actors: {found['actor_mentions']} mentions",
        f"themes: {top(found['themes'])}",
        f"events: {top(found['event_types'], 16)}",
        f"deaths reported in {found['articles_reporting_deaths']} articles "
        f"(largest toll {found['largest_death_toll']})",
    ]
    for key, value in (summary.get("signals") or {}).items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)
