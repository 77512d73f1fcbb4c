"""Signals: stories, indicators, alerts, risk levels, ground-truth importers, backtests.

Entry points for ingestion: :func:`update_for_article` after each article is stored
and analysed, :func:`rebuild` to recompute everything from the stored analyses.
"""

from kuzet.signals.engine import rebuild, update_for_article

__all__ = ["rebuild", "update_for_article"]
