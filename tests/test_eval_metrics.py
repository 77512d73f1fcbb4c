import pytest

from kuzet.eval.gold import GSR_TYPE_MAP, read_conll
from kuzet.eval.metrics import ExactScore, SetScore
from kuzet.eval.runner import _in_region, below_floor, gold_view
from kuzet.text.normalize import fold


@pytest.mark.parametrize(
    ("docs", "p", "r", "f1"),
    [
        ([({"A"}, {"A"})], 1.0, 1.0, 1.0),
        ([({"A", "B"}, {"A"})], 1.0, 0.5, 2 / 3),
        ([({"A"}, {"A", "B", "C"})], 1 / 3, 1.0, 0.5),
        ([(set(), set())], 1.0, 1.0, 1.0),
        ([({"A"}, set())], 0.0, 0.0, 0.0),
        ([({"A"}, {"B"}), ({"B"}, {"B"})], 0.5, 0.5, 0.5),
    ],
)
def test_set_score(docs: list[tuple[set[str], set[str]]], p: float, r: float, f1: float) -> None:
    s = SetScore()
    for i, (gold, pred) in enumerate(docs):
        s.add(str(i), gold, pred)
    assert s.precision == pytest.approx(p)
    assert s.recall == pytest.approx(r)
    assert s.f1 == pytest.approx(f1)


def test_set_score_lists_misses_and_false_finds() -> None:
    s = SetScore()
    s.add("d1", {"KG", "TJ"}, {"KG", "RU"})
    d = s.as_dict()
    assert d["worst_misses"][0] == {"label": "TJ", "count": 1, "docs": ["d1"]}
    assert d["worst_false_finds"][0]["label"] == "RU"


@pytest.mark.parametrize(
    ("pairs", "acc"),
    [([(None, None)], 1.0), ([(24, 24), (24, 25)], 0.5), ([("2022-09-14", "2022-09")], 0.0)],
)
def test_exact_score(pairs: list[tuple[object, object]], acc: float) -> None:
    s = ExactScore()
    for i, (g, p) in enumerate(pairs):
        s.add(str(i), g, p)
    assert s.accuracy == pytest.approx(acc)


def test_gold_view_ignores_negated_events() -> None:
    record = {
        "language": "ru",
        "countries": ["KG"],
        "admin1": [],
        "themes": [{"id": "border", "score": 1.0, "evidence": []}],
        "events": [{"type": "ASSAULT", "negated": True}, {"type": "CONSULT", "negated": False}],
        "killed": None,
        "event_date": None,
    }
    view = gold_view(record)
    assert view["events"] == {"CONSULT"}
    assert view["themes"] == {"border"}


def test_below_floor_reports_drops() -> None:
    result = {
        "overall": {"themes": {"score": 0.8}},
        "languages": {"ru": {"themes": {"score": 0.9}}},
    }
    assert below_floor(result, {"overall.themes": 0.85, "ru.themes": 0.9}) == [
        "overall.themes: 0.8000 < floor 0.8500"
    ]


def test_read_conll_rebuilds_mentions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.txt"
    f.write_text("Жители O\nБишкека B-LOC\nи O\nОша B-LOC\nКара B-LOC\nСуу I-LOC\n\nX O\n", "utf-8")
    first, second = list(read_conll(f, " "))
    assert [m.text for m in first.mentions] == ["Бишкека", "Оша", "Кара Суу"]
    assert second.mentions == ()
    for m in first.mentions:
        assert first.text[m.start : m.end] == m.text


def test_gsr_map_targets_current_types() -> None:
    current = {"REQUEST", "ACCUSE", "ASSAULT"}
    assert set(GSR_TYPE_MAP.values()) <= current


_REGION = {fold(n) for n in ("Арыс", "Мари", "Бишкек", "اريس", "كابل", "Алматы")}


@pytest.mark.parametrize(("mention", "lang", "expected"), [
    ("Бишкеке", "ru", True),  # a case ending
    ("Алматыда", "kk", True),
    ("Арыстағы", "kk", True),
    ("Мариуполь", "ru", False),  # "уполь" is no ending
    ("بكابل", "ar", True),  # Arabic clitic
    ("باريس", "ar", True),  # the clitic reading of Paris: a known limit of the filter
    ("پاریس", "fa", False),  # Persian writes prepositions apart
    ("كابل", "fa", True),
])
def test_region_filter_of_ner_gold(mention: str, lang: str, expected: bool) -> None:
    assert _in_region(mention, _REGION, lang) is expected
