"""The quality gate: dev-set scores never fall below their committed floors."""

import json
from collections.abc import Mapping
from typing import Any

from kuzet.annotate.pipeline import Pipeline
from kuzet.eval.runner import below_floor, evaluate_dev, scores_of
from kuzet.model import Annotations, Article
from tests.shared import ROOT, SHARED, needs_shared

DEV = SHARED / "eval" / "dev" / "news.jsonl"


@needs_shared
def test_dev_scores_hold_their_floors() -> None:
    floor = json.loads((ROOT / "quality_floor.json").read_text(encoding="utf-8"))["dev"]
    result = evaluate_dev(DEV)
    assert below_floor(result, floor) == []


HELDOUT = ROOT / "eval" / "heldout" / "news.jsonl"


def test_heldout_scores_hold_their_floors() -> None:
    floors = json.loads((ROOT / "quality_floor.json").read_text(encoding="utf-8"))
    if "heldout" not in floors or not HELDOUT.exists():
        import pytest

        pytest.skip("no held-out floors yet")
    assert below_floor(evaluate_dev(HELDOUT), floors["heldout"]) == []


def test_floor_file_is_well_formed() -> None:
    data = json.loads((ROOT / "quality_floor.json").read_text(encoding="utf-8"))
    assert data["dev"], "floors must not be empty"
    for key, value in [*data["dev"].items(), *data.get("heldout", {}).items()]:
        scope, _, field = key.partition(".")
        assert scope and field in {
            "lang", "countries", "admin1", "themes", "events", "killed", "event_date"
        }
        assert 0.0 <= value <= 1.0


@needs_shared
def test_scores_come_from_the_pipeline_output() -> None:
    """Swap the stages for one that always says 'water' and nothing else: scores must follow."""

    def always_water(article: Article, found: Annotations) -> Mapping[str, Any]:
        from kuzet.model import Theme

        return {"themes": (Theme("water", 1.0),)}

    result = evaluate_dev(DEV, Pipeline.from_stages([("water", always_water)]))
    scores = scores_of(result)
    themes = result["overall"]["themes"]
    gold_water = sum(
        1 for line in DEV.read_text(encoding="utf-8").splitlines()
        if line.strip() and "water" in json.loads(line)["themes"]
    )
    assert themes["tp"] == gold_water
    assert themes["fp"] == result["documents"] - gold_water
    assert scores["overall.countries"] < 0.5  # no places stage: countries cannot be found
