"""``kuzet watch``: poll the configured feeds on an interval.

One :class:`~kuzet.ingest.run.Ingestor` lives for the whole watch, so robots.txt rules,
per-host delays, loaded annotation stages and feed memory carry over between polls.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from kuzet.errors import KuzetError, Report
from kuzet.ingest.fetch import Fetcher
from kuzet.ingest.run import ArticleStore, Echo, Ingestor, Stats, summary
from kuzet.ingest.sources import configured


def watch(store: ArticleStore, settings: Mapping[str, Any], *, feeds: str | None = None,
          polls: int | None = None, interval: float | None = None,
          sleep: Callable[[float], None] = time.sleep, fetcher: Fetcher | None = None,
          echo: Echo | None = None, analyze: bool = True) -> Report:
    """Poll the configured feeds every ``watch_interval`` seconds (``polls`` times, or forever)."""
    sources = configured(settings, feeds)
    if not sources:
        raise KuzetError("K170", "feeds", "nothing to watch: add [[sources]] to kuzet.toml "
                         "or use --feeds default")
    wait = float(settings.get("watch_interval", 900) if interval is None else interval)
    total = Report()
    ingestor = Ingestor(store, settings, total, analyze=analyze, fetcher=fetcher, echo=echo)
    done = 0
    try:
        while True:
            poll = Report()
            ingestor.report = poll
            ingestor.stats = Stats()
            try:
                ingestor.run(sources)
            except KuzetError as err:  # e.g. the database went away: try again next poll
                poll.reject(err)
                if echo is not None:
                    echo(err.line())
            _merge(total, poll)
            done += 1
            if echo is not None:
                stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
                echo(f"{stamp} poll {done}: {summary(poll, ingestor.stats)}")
            if polls is not None and done >= polls:
                return total
            sleep(wait)
    finally:
        ingestor.close()


def _merge(total: Report, part: Report) -> None:
    total.ok += part.ok
    total.duplicates += part.duplicates
    total.rejected.update(part.rejected)
    total.messages.extend(part.messages)
