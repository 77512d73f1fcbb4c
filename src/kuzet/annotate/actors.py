"""The actors stage (placeholder until its issue lands: returns nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kuzet.model import Annotations, Article


def make_stage() -> Any:
    """Build the actors stage."""

    def stage(article: Article, found: Annotations) -> Mapping[str, Any]:
        return {}

    return stage
