"""Jobs over the stored corpus: re-analysis after a pipeline upgrade.

Analyses are tagged with the pipeline version; after an upgrade, :func:`reanalyze`
replaces every stale analysis (never adding a second one) and then rebuilds the signals
from the fresh records, so stories, indicators and alerts follow the new pipeline. The
work is cut into batches (:func:`analyse_batch`), the unit :mod:`kuzet.scale` hands to the
workers of a Dask cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kuzet.annotate.pipeline import PIPELINE_VERSION, Pipeline
from kuzet.errors import KuzetError, Report
from kuzet.store import Store


@dataclass
class BatchResult:
    """What one batch came to: analysed count and one (code, subject, reason) per failure."""

    ok: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)

    def into(self, report: Report, echo: Callable[[str], None] | None = None) -> None:
        """Add this batch to ``report``, echoing each failure's line."""
        report.ok += self.ok
        for code, subject, reason in self.failed:
            line = report.reject(KuzetError(code, subject, reason))
            if echo:
                echo(line)


def batches(ids: Sequence[str], size: int) -> list[list[str]]:
    """``ids`` cut into lists of at most ``size`` (at least one id each)."""
    size = max(1, size)
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]


def analyse_batch(store: Store, pipeline: Pipeline, ids: Sequence[str]) -> BatchResult:
    """Analyse stored articles ``ids`` and save their records in one transaction."""
    result = BatchResult()
    records: list[tuple[str, dict[str, Any]]] = []
    for article_id in ids:
        try:
            article = store.get_article(article_id)
            if article is None:
                raise KuzetError("K150", article_id, "no stored article with this id")
            records.append((article_id, pipeline.record(article)))
        except KuzetError as err:
            result.failed.append((err.code, err.subject, err.reason))
        except Exception as exc:  # one bad article must not sink its batch
            result.failed.append(("K150", article_id, f"analysis failed: {exc!r}"[:300]))
    try:
        # one transaction for the batch: writers sharing a SQLite file take its lock once
        store.save_analyses(records, PIPELINE_VERSION)
        result.ok += len(records)
    except KuzetError:
        # an article removed meanwhile fails the batch's transaction: save one by one
        for article_id, record in records:
            try:
                store.save_analysis(article_id, record, PIPELINE_VERSION)
                result.ok += 1
            except KuzetError as err:
                result.failed.append((err.code, err.subject, err.reason))
    return result


def stale_ids(store: Store, force: bool = False) -> list[str]:
    """Ids of the articles whose analysis is missing or stale (every article with ``force``)."""
    if force:
        return [a.id for a in store.iter_articles()]
    return store.ids_needing_analysis(PIPELINE_VERSION)


def reanalyze(
    store: Store,
    settings: Mapping[str, Any],
    ids: Sequence[str] | None = None,
    force: bool = False,
    echo: Callable[[str], None] | None = None,
) -> Report:
    """Analyse stored articles whose analysis is missing or stale (all of them with ``force``)."""
    pipeline = Pipeline(str(settings.get("stages") or ""))
    report = Report()
    chosen = stale_ids(store, force) if ids is None else ids
    for batch in batches(chosen, int(settings.get("batch_size") or 200)):
        analyse_batch(store, pipeline, batch).into(report, echo)
    if report.ok:
        from kuzet.signals import rebuild

        rebuild(store, settings)
    return report
