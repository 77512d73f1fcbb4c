"""Story linking and its evaluation: metrics on known clusterings, linking rules, shared set."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from kuzet.signals import stories as st
from kuzet.signals import storyeval
from kuzet.signals.alerts import AlertParams, evaluate_series
from tests.shared import SHARED, needs_shared


@pytest.mark.parametrize(("predicted", "gold", "expected"), [
    # perfect clustering
    ({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "y"},
     {"pair_precision": 1.0, "pair_recall": 1.0, "bcubed_precision": 1.0, "bcubed_recall": 1.0}),
    # everything merged: 1 good pair of 3
    ({"a": "1", "b": "1", "c": "1"}, {"a": "x", "b": "x", "c": "y"},
     {"pair_precision": 0.3333, "pair_recall": 1.0, "bcubed_precision": 0.5556,
      "bcubed_recall": 1.0}),
    # everything split
    ({"a": "1", "b": "2", "c": "3"}, {"a": "x", "b": "x", "c": "y"},
     {"pair_precision": 1.0, "pair_recall": 0.0, "bcubed_precision": 1.0,
      "bcubed_recall": 0.6667}),
])
def test_scores_on_known_clusterings(predicted: dict[str, str], gold: dict[str, str],
                                     expected: dict[str, float]) -> None:
    got = storyeval.score(predicted, gold)
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=1e-4), key


@given(hs.dictionaries(hs.text("abcdef", min_size=1, max_size=3), hs.sampled_from("xyz"),
                       min_size=1, max_size=12))
def test_identity_scores_one(gold: dict[str, str]) -> None:
    got = storyeval.score(dict(gold), gold)
    assert got["pair_precision"] == got["bcubed_recall"] == got["bcubed_precision"] == 1.0


def test_dev_gold_null_story_is_a_singleton() -> None:
    gold = storyeval.dev_gold([{"id": "a", "story": None}, {"id": "b", "story": None},
                               {"id": "c", "story": "s"}, {"id": "d", "story": "s"}])
    assert gold["a"] != gold["b"] and gold["c"] == gold["d"]


def _rec(aid: str, day: str | None, title_type: str, killed: int | None = None,
         place: str = "v1", lang: str = "en", body: str = "") -> dict[str, Any]:
    title = f"Headline {aid}"
    return {
        "id": aid, "title": title, "paragraphs": [body or f"Body of {aid} with words {aid}."],
        "language": lang, "published": f"{day}T10:00" if day else None, "event_date": day,
        "countries": ["KG", "TJ"], "places": [{"gazetteer_id": place, "kind": "village"}],
        "actors": [], "killed": killed,
        "events": [{"type": title_type, "evidence": {"start": 0, "end": 3, "text": "Hea"}}],
    }


@pytest.mark.parametrize(("a", "b", "same"), [
    # deadly clash reported in two languages the same day: one story
    (_rec("a", "2026-05-04", "ASSAULT", 5), _rec("b", "2026-05-05", "ASSAULT", 7, lang="ru"),
     True),
    # the ceasefire after it, same villages, next day: another story
    (_rec("a", "2026-05-04", "ASSAULT", 5), _rec("c", "2026-05-05", "AGREE", lang="ru"), False),
    # same kind of event, other village, a week apart: another story
    (_rec("a", "2026-05-04", "ASSAULT", 5), _rec("d", "2026-05-11", "ASSAULT", 5, "v2"), False),
    # an undated report with the same toll of deadly fighting in the same dyad: joins
    (_rec("a", "2026-05-04", "ASSAULT", 5), _rec("e", None, "ASSAULT", 5, lang="ar"), True),
    # an undated report without deaths: stays alone
    (_rec("a", "2026-05-04", "ASSAULT", 5), _rec("f", None, "PROTEST", lang="ar"), False),
    # undated, same toll, but the day it names is months away: another incident
    (_rec("a", "2026-05-04", "ASSAULT", 5),
     _rec("g", None, "ASSAULT", 5, lang="ar", body="Fighting on 14 September."), False),
    # undated, naming no day, another toll: nothing ties it to this clash
    (_rec("a", "2026-05-04", "ASSAULT", 5), _rec("h", None, "ASSAULT", 9, lang="ar"), False),
    # undated, another toll, but it names the clash's day: deadly fighting in the dyad joins
    (_rec("a", "2026-05-04", "ASSAULT", 5),
     _rec("i", None, "ASSAULT", 9, lang="ar", body="Fighting on 5 May went on."), True),
    # a meeting opened and closed four days apart at one venue: one story
    (_rec("a", "2026-05-04", "CONSULT"), _rec("j", "2026-05-08", "CONSULT", lang="ru"), True),
    # meetings four days apart at other venues: two stories
    (_rec("a", "2026-05-04", "CONSULT"), _rec("k", "2026-05-08", "CONSULT", place="v2"), False),
])
def test_linking_rules(a: dict[str, Any], b: dict[str, Any], same: bool) -> None:
    got = st.cluster([(a["id"], a), (b["id"], b)])
    assert (got[a["id"]] == got[b["id"]]) is same


def test_features_round_trip() -> None:
    f = st.features("a", _rec("a", "2026-05-04", "ASSAULT", 5))
    assert st.Features.from_json(f.to_json()) == f
    assert f.lead == frozenset({"ASSAULT"}) and f.dated
    assert not st.features("u", _rec("u", None, "ASSAULT")).dated
    u = st.features("u", _rec("u", None, "ASSAULT", body="On 16 September and 1 Oct."))
    assert u.monthdays == frozenset({"09-16", "10-01"}) and st.Features.from_json(u.to_json()) == u


def test_linker_evicts_old_reports() -> None:
    linker = st.Linker()
    for i, day in enumerate(["2026-01-01", "2026-01-02", "2026-03-01"]):
        linker.assign(st.features(f"r{i}", _rec(f"r{i}", day, "ASSAULT", place=f"p{i}")))
    linker.evict("2026-02-01")
    assert set(linker.story_of) == {"r2"}


@pytest.mark.parametrize(("series", "tests", "fires"), [
    ([0.0] * 27 + [2.0], 1, True),  # two conflict stories after a quiet month
    ([0.0] * 27 + [1.0], 1, False),  # one story: minimum evidence not met
    ([0.0] * 25 + [1.0, 0.0, 1.0], 1, False),  # evidence met, but one story is no surprise
    ([0.0] * 26 + [1.0, 2.0], 1, True),  # three stories in two days after a quiet month
    ([2.0] * 28, 1, False),  # as usual: no surprise
    ([0.0] * 27 + [2.0], 10_000, False),  # α shared by 10,000 series tested that day
])
def test_evaluate_series(series: list[float], tests: int, fires: bool) -> None:
    n = len(series)
    p = replace(AlertParams(), burst_ratio=1e9)  # the count model alone
    found = evaluate_series(series, [5.0] * n, [i % 7 for i in range(n)], None, p, tests)
    assert (found is not None) is fires


@needs_shared
def test_sep_2022_reports_are_one_story() -> None:
    rows = storyeval.dev_rows(SHARED)
    items = storyeval.analyse_dev(rows)
    gold = storyeval.dev_gold(rows)
    predicted = st.cluster(items)
    # Background pieces (story null) and other incidents must not join the September reports.
    sep = {a for a, g in gold.items() if g == "dev:kg-tj-2022-09-clashes"}
    assert len(sep) >= 2
    for a in sep:
        assert all(gold[b] == gold[a] for b in predicted if predicted[b] == predicted[a])
    assert storyeval.story_of(predicted, gold, "dev:kg-tj-2022-09-clashes") == 1


@needs_shared
def test_labelled_set_scores(tmp_path: Path) -> None:
    from kuzet import demo
    from kuzet.settings import load
    from kuzet.store import Store

    db = str(tmp_path / "demo.db")
    demo.run(db, load())
    result = storyeval.evaluate_store(Store(db), SHARED)
    assert result["sep_2022_clashes_parts"] == 1
    assert result["bcubed_precision"] >= 0.9 and result["bcubed_recall"] >= 0.9
