"""Jobs over the stored corpus: re-analysis after a pipeline upgrade.

Analyses are tagged with the pipeline version; after an upgrade, :func:`reanalyze`
replaces every stale analysis (never adding a second one) and then rebuilds the signals
from the fresh records, so stories, indicators and alerts follow the new pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kuzet.annotate.pipeline import PIPELINE_VERSION, Pipeline
from kuzet.errors import KuzetError, Report
from kuzet.store import Store


def reanalyze(
    store: Store,
    settings: Mapping[str, Any],
    ids: Sequence[str] | None = None,
    force: bool = False,
    echo: Callable[[str], None] | None = None,
) -> Report:
    """Analyse stored articles whose analysis is missing or stale (all of them with ``force``)."""
    pipeline = Pipeline(str(settings.get("stages") or ""))
    if ids is None:
        ids = [a.id for a in store.iter_articles()] if force else store.ids_needing_analysis(
            PIPELINE_VERSION)
    report = Report()
    for article_id in ids:
        article = store.get_article(article_id)
        if article is None:
            err = KuzetError("K150", article_id, "no stored article with this id")
            line = report.reject(err)
            if echo:
                echo(line)
            continue
        try:
            store.save_analysis(article_id, pipeline.record(article), PIPELINE_VERSION)
        except KuzetError as err:
            line = report.reject(err)
            if echo:
                echo(line)
            continue
        report.ok += 1
    if report.ok:
        from kuzet.signals import rebuild

        rebuild(store, settings)
    return report
