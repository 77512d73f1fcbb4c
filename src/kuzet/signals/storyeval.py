"""Story evaluation: pairwise and B-cubed precision/recall of story grouping.

The labelled set is the fictional demo corpus (every item's ``story`` in
``kuzet/data/demo/labels.json``) plus the real dev texts in
``../shared/eval/dev/news.jsonl``. A dev text with ``story: null`` is a background or
analysis piece: it is its own gold story (a singleton), so merging it with an incident
report costs precision. The two sets never share a story (different years), so they are
clustered together and any merge across them counts as an error.

Pairwise: over all pairs of reports, precision = pairs put together that belong
together / pairs put together; recall = pairs put together that belong together / pairs
that belong together. B-cubed: per report, the share of its predicted story that is in
its gold story (precision) and the share of its gold story that is in its predicted
story (recall), averaged over reports. Pairwise weighs big stories quadratically (the
18-report clash dominates); B-cubed weighs every report once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from kuzet.signals import stories as st

DEV_PATH = ("eval", "dev", "news.jsonl")


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of a clustering against gold labels."""
    ids = sorted(set(predicted) & set(gold))
    by_p: dict[str, set[str]] = {}
    by_g: dict[str, set[str]] = {}
    for a in ids:
        by_p.setdefault(predicted[a], set()).add(a)
        by_g.setdefault(gold[a], set()).add(a)
    # Pairs counted from cluster intersections: O(n) instead of O(n^2) pair loops.
    inter: dict[tuple[str, str], int] = {}
    for a in ids:
        inter[(predicted[a], gold[a])] = inter.get((predicted[a], gold[a]), 0) + 1
    tp = sum(n * (n - 1) // 2 for n in inter.values())
    pred_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_p.values())
    gold_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_g.values())
    n = max(len(ids), 1)
    bp = sum(inter[(predicted[a], gold[a])] / len(by_p[predicted[a]]) for a in ids) / n
    br = sum(inter[(predicted[a], gold[a])] / len(by_g[gold[a]]) for a in ids) / n
    pp = tp / pred_pairs if pred_pairs else 1.0
    pr = tp / gold_pairs if gold_pairs else 1.0
    return {
        "articles": len(ids), "gold_stories": len(by_g), "predicted_stories": len(by_p),
        "pair_precision": round(pp, 4), "pair_recall": round(pr, 4), "pair_f1": round(_f1(pp, pr), 4),
        "bcubed_precision": round(bp, 4), "bcubed_recall": round(br, 4),
        "bcubed_f1": round(_f1(bp, br), 4),
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def demo_labels() -> dict[str, Any]:
    """The demo corpus's labels.json."""
    with resources.as_file(resources.files("kuzet") / "data" / "demo" / "labels.json") as p:
        data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
    return data


def demo_gold(items: Iterable[tuple[str, Mapping[str, Any]]],
              labels: Mapping[str, Any]) -> dict[str, str]:
    """Gold story of every stored demo article (matched by id, URL or title)."""
    from kuzet.signals.backtest import find_label, label_index

    index = label_index(labels)
    gold: dict[str, str] = {}
    for aid, rec in items:
        label = find_label(index, aid, rec)
        if label is not None and label.get("story"):
            gold[aid] = "demo:" + str(label["story"])
    return gold


def dev_rows(shared: Path) -> list[dict[str, Any]]:
    """The dev texts (gold records) from ``shared``; empty when absent."""
    path = shared.joinpath(*DEV_PATH)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dev_gold(rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Gold story per dev text; a null story is the text's own singleton."""
    return {str(r["id"]): "dev:" + str(r.get("story") or "single:" + str(r["id"])) for r in rows}


def analyse_dev(rows: Sequence[Mapping[str, Any]], stages: str | None = None
                ) -> list[tuple[str, dict[str, Any]]]:
    """Analysis records of the dev texts, built as ingestion builds them from JSON Lines."""
    from kuzet.annotate.pipeline import Pipeline
    from kuzet.eval.runner import article_from_gold

    pipeline = Pipeline(stages) if stages else Pipeline()
    return [(str(r["id"]), pipeline.record(article_from_gold(r))) for r in rows]


def evaluate(items: Sequence[tuple[str, Mapping[str, Any]]], gold: Mapping[str, str],
             params: st.LinkParams | None = None) -> dict[str, Any]:
    """Cluster ``items`` as the engine does and score them against ``gold``."""
    predicted = st.cluster(items, params or st.LinkParams())
    result: dict[str, Any] = score(predicted, gold)
    result["errors"] = errors(predicted, gold)
    return result


def errors(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, list[Any]]:
    """Gold stories split over several predicted ones, and predicted ones mixing gold ones."""
    by_p: dict[str, list[str]] = {}
    by_g: dict[str, list[str]] = {}
    for a in sorted(set(predicted) & set(gold)):
        by_p.setdefault(predicted[a], []).append(a)
        by_g.setdefault(gold[a], []).append(a)
    split = [{"gold": g, "parts": sorted({predicted[a] for a in ids}).__len__(),
              "articles": {predicted[a]: [b for b in ids if predicted[b] == predicted[a]]
                           for a in ids}}
             for g, ids in sorted(by_g.items()) if len({predicted[a] for a in ids}) > 1]
    mixed = [{"predicted": p, "gold": sorted({gold[a] for a in ids}), "articles": ids}
             for p, ids in sorted(by_p.items()) if len({gold[a] for a in ids}) > 1]
    return {"split": split, "merged": mixed}


def evaluate_store(store: Any, shared: Path | None, stages: str | None = None) -> dict[str, Any]:
    """Score story linking on the labelled set: the store's demo articles plus the dev texts."""
    from kuzet.signals import engine

    items = [(a, r) for a, r in engine.analysed(store)]
    gold = demo_gold(items, demo_labels())
    items = [(a, r) for a, r in items if a in gold]
    rows = dev_rows(shared) if shared is not None else []
    items += analyse_dev(rows, stages) if rows else []
    gold.update(dev_gold(rows))
    result = evaluate(items, gold)
    predicted = st.cluster(items)
    result["sep_2022_clashes_parts"] = story_of(predicted, gold, "dev:kg-tj-2022-09-clashes") \
        if rows else None
    result["dev_texts"] = len(rows)
    return result


def story_of(predicted: Mapping[str, str], gold: Mapping[str, str], story: str) -> int:
    """How many predicted stories the reports of gold ``story`` fall into."""
    return len({predicted[a] for a, g in gold.items() if g == story and a in predicted})
