"""Alert rules, indicators and stories on constructed inputs where the answer is known."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from kuzet.signals import alerts as rules
from kuzet.signals import indicators as ind
from kuzet.signals import stories as st

P = rules.AlertParams()


@pytest.mark.parametrize(("counts", "fires"), [
    ([0] * 14 + [5], True),
    ([1] * 14 + [2], False),  # twice the mean is below the ratio
    ([1] * 14 + [3], True),
    ([0] * 14 + [1], False),  # below the minimum count
    ([4] * 14 + [8], False),
])
def test_burst(counts: list[float], fires: bool) -> None:
    assert (rules.burst(counts, P) is not None) is fires


def test_count_model_coverage_and_weekday() -> None:
    weekdays = [i % 7 for i in range(29)]
    counts = [1.0] * 28 + [5.0]
    full = [10.0] * 29
    assert rules.count_model(counts, full, weekdays, None, P) is not None
    # Three times the sources today explains most of the rise: no alert.
    busy = [10.0] * 28 + [40.0]
    assert rules.count_model(counts, busy, weekdays, None, P) is None
    # A quiet feed day lowers the expectation: a zero is not read as calm nor as alarm.
    assert rules.count_model([1.0] * 28 + [0.0], [10.0] * 28 + [1.0], weekdays, None, P) is None


def test_weekday_factors() -> None:
    weekdays = [i % 7 for i in range(70)]
    counts = [5.0 if w < 5 else 0.0 for w in weekdays]
    f = rules.weekday_factors(counts, weekdays)
    assert f[0] > 1 > f[6]


@given(hs.integers(0, 30), hs.floats(0.01, 30))
def test_poisson_sf_is_a_probability(x: int, lam: float) -> None:
    p = rules.poisson_sf(x, lam)
    assert 0.0 <= p <= 1.0
    assert rules.poisson_sf(x + 1, lam) <= p + 1e-12


@pytest.mark.parametrize(("recent", "fires"), [(-6.0, True), (2.0, False), (1.0, False)])
def test_dyad_shift(recent: float, fires: bool) -> None:
    sums = [4.0] * 60 + [recent] * 7
    counts = [1] * 67
    assert (rules.dyad_shift(sums, counts, P) is not None) is fires


@pytest.mark.parametrize(("rule", "hit"), [
    ({"name": "w", "event_types": ["ASSAULT"]}, True),
    ({"name": "w", "event_types": ["ASSAULT"], "countries": ["UZ"]}, False),
    ({"name": "w", "words": ["VORUKH"]}, True),
    ({"name": "w", "themes": ["water"]}, False),
    ({"name": "w"}, False),
])
def test_watchlist(rule: dict[str, object], hit: bool) -> None:
    record = {"title": "Clash near Vorukh", "paragraphs": [], "countries": ["KG", "TJ"],
              "events": [{"type": "ASSAULT"}], "themes": [{"id": "border"}]}
    assert (rules.watch(record, rule) is not None) is hit


def _event(story: str, day: str, quad: int, score: float, countries: list[str]
           ) -> dict[str, object]:
    return {"story_id": story, "date": day, "quad_class": quad, "goldstein": score,
            "killed": 1 if quad == 4 else 0, "dims": {"country": countries, "dyad": ["KG-TJ"]}}


@given(hs.lists(hs.tuples(hs.sampled_from("abc"), hs.integers(1, 20), hs.integers(1, 4),
                          hs.floats(-10, 10), hs.sampled_from([["KG"], ["TJ"], ["KG", "TJ"]])),
                max_size=30))
def test_incremental_equals_rebuild(raw: list[tuple[str, int, int, float, list[str]]]) -> None:
    evs = [_event(s, f"2026-05-{d:02d}", q, g, c) for s, d, q, g, c in raw]
    total: dict[ind.Cell, list[float]] = {}
    for story in "abc":
        for cell, v in ind.contributions([e for e in evs if e["story_id"] == story]).items():
            row = total.setdefault(cell, [0] * 6)
            total[cell] = [a + b for a, b in zip(row, v, strict=True)]
    rows = ind.table_rows(ind.compute(evs)) if evs else []
    assert len(rows) == len(total)
    for r in rows:
        got = total[(r["period"], r["start"], r["dimension"], r["key"])]
        assert got[:2] == [r["stories"], r["events"]]
        assert got[2] == pytest.approx(r["score_sum"])
        assert got[3:] == [r["score_n"], r["conflict"], r["killed"]]


def _rec(title: str, body: str, lang: str, day: str, places: list[str], types: list[str],
         countries: list[str]) -> dict[str, object]:
    return {"title": title, "paragraphs": [body], "language": lang, "published": day + "T10:00",
            "countries": countries, "places": [{"gazetteer_id": p, "kind": "village",
                                                "name": p} for p in places],
            "events": [{"type": t} for t in types], "actors": [], "killed": None}


def test_stories_link_and_separate() -> None:
    body = "Border guards exchanged fire near the village on Tuesday, officials said " * 3
    recs = {
        "en1": _rec("Clash", body, "en", "2026-05-05", ["v1", "v2"], ["ASSAULT"], ["KG", "TJ"]),
        "en2": _rec("Clash again", body + " More.", "en", "2026-05-05", ["v1", "v2"],
                    ["ASSAULT"], ["KG", "TJ"]),
        "ru1": _rec("Столкновение", "Пограничники открыли огонь", "ru", "2026-05-06",
                    ["v1", "v2"], ["ASSAULT"], ["KG", "TJ"]),
        "far": _rec("Clash", "Other words entirely here", "en", "2026-06-20", ["v1", "v2"],
                    ["ASSAULT"], ["KG", "TJ"]),
        "talk": _rec("Talks", "Ministers met in the capital", "en", "2026-05-05", ["c9"],
                     ["CONSULT"], ["KZ", "UZ"]),
    }
    got = st.cluster(recs.items())
    assert got["en1"] == got["en2"] == got["ru1"]
    assert len({got["en1"], got["far"], got["talk"]}) == 3


def test_pairwise_scores() -> None:
    s = st.pairwise_scores({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})
    assert s["pair_precision"] == 1.0 and s["pair_recall"] == pytest.approx(1 / 3)


@given(hs.text(max_size=200))
def test_numbers_ignore_years(text: str) -> None:
    for n in st.numbers(text):
        assert n.isdigit() and not 1900 <= int(n) <= 2100


_KG_TJ = {"countries": ["KG", "TJ"], "admin1": ["KG-B", "KG-GB"]}


@pytest.mark.parametrize(("event", "country", "admin1", "dyad"), [
    # Located: its own country and unit, whatever else the story names.
    ({"country": "KG", "admin1": "KG-B", "actor_country": "KG", "recipient_country": "TJ",
      "quad_class": 4}, ["KG"], ["KG-B"], ["KG-TJ"]),
    # A demand made in the capital: its country, but words mark no province.
    ({"country": "TJ", "admin1": "TJ-DU", "actor_country": "TJ", "quad_class": 3},
     ["TJ"], [], ["KG-TJ"]),
    # Unlocated, parties known: the parties the story is about, no province guessed
    # (the capital in the dateline, KG-GB, is not where it happened).
    ({"actor_country": "KG", "recipient_country": "TJ"}, ["KG", "TJ"], [], ["KG-TJ"]),
    # A mediator's statement: its party is not a main country, so the story's countries.
    ({"actor_country": "UZ"}, ["KG", "TJ"], [], ["KG-TJ"]),
])
def test_dims_for_counts_where_it_happened(event: dict[str, str], country: list[str],
                                           admin1: list[str], dyad: list[str]) -> None:
    dims = ind.dims_for(event, _KG_TJ, ["border"])
    assert (dims["country"], dims["admin1"], dims["dyad"]) == (country, admin1, dyad)
