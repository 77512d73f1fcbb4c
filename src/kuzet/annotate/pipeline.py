"""The analysis pipeline: stages run in an order that is data, not code.

A stage is a callable ``(article, found) -> dict`` that reads the article and what
earlier stages found, and returns the :class:`~kuzet.model.Annotations` fields it owns
(with offsets into ``article.doc``). The pipeline merges them. Stages are registered by
name in :data:`STAGES` and imported lazily, so that loading a gazetteer only happens
when a stage that needs it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from kuzet.errors import KuzetError
from kuzet.model import Annotations, Article, analysis_record

# Bump when any stage's output changes: stored analyses of older versions are replaced.
PIPELINE_VERSION = "0.1.0"

StageFn = Callable[[Article, Annotations], Mapping[str, Any]]

# name -> "module:factory"; the factory returns the stage callable (loading its data once).
STAGES: dict[str, str] = {
    "places": "kuzet.annotate.places:make_stage",
    "actors": "kuzet.annotate.actors:make_stage",
    "themes": "kuzet.annotate.themes:make_stage",
    "events": "kuzet.annotate.events:make_stage",
}

DEFAULT_ORDER: tuple[str, ...] = ("places", "actors", "themes", "events")

_FIELDS = set(Annotations.__dataclass_fields__)


def check_stage(name: str) -> None:
    """Raise K170 unless ``name`` is a known stage (nothing is loaded)."""
    if name not in STAGES:
        raise KuzetError("K170", "stages", f"unknown stage {name!r}; known: {', '.join(STAGES)}")


def load_stage(name: str) -> StageFn:
    """Import and build one registered stage."""
    check_stage(name)
    module_name, _, factory = STAGES[name].partition(":")
    module = importlib.import_module(module_name)
    stage: StageFn = getattr(module, factory)()
    return stage


class Pipeline:
    """A configured sequence of stages."""

    def __init__(self, order: Sequence[str] | str = DEFAULT_ORDER) -> None:
        if isinstance(order, str):
            order = [s.strip() for s in order.split(",") if s.strip()]
        self.order = tuple(order)
        self._stages: list[tuple[str, StageFn]] | None = None

    @classmethod
    def from_stages(cls, stages: Sequence[tuple[str, StageFn]]) -> Pipeline:
        """A pipeline of ready-made stage callables (for tests and experiments)."""
        pipeline = cls(tuple(name for name, _ in stages))
        pipeline._stages = list(stages)
        return pipeline

    @property
    def stages(self) -> list[tuple[str, StageFn]]:
        """The loaded stages, in order (loaded on first use)."""
        if self._stages is None:
            self._stages = [(name, load_stage(name)) for name in self.order]
        return self._stages

    def annotate(self, article: Article) -> Annotations:
        """Run every stage on one article and merge what they return."""
        found = Annotations()
        for name, stage in self.stages:
            result = stage(article, found)
            unknown = set(result) - _FIELDS
            if unknown:
                raise KuzetError("K170", name, f"stage returned unknown fields {sorted(unknown)}")
            found = replace(found, **result)
        return found

    def record(self, article: Article) -> dict[str, Any]:
        """The analysis record of one article."""
        return analysis_record(article, self.annotate(article), PIPELINE_VERSION)

    def records(self, articles: Iterable[Article]) -> Iterable[dict[str, Any]]:
        """Analysis records for many articles, lazily."""
        for article in articles:
            yield self.record(article)
