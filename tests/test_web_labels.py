"""Names the analyst reads: alert sentences, places from the gazetteer, Russian plurals,
and the Russian UI naming themes, event types, statuses and places instead of ids."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.annotate.events import EVENT_TYPES
from kuzet.annotate.themes import THEMES
from kuzet.store import Store
from kuzet.web import labels
from kuzet.web.i18n import plural, translator
from tests.test_web_api import TestClient, login, store, template_db  # noqa: F401


@pytest.mark.parametrize(("alert", "lang", "expect"), [
    ({"rule": "burst", "dimension": "admin1", "key": "TJ-SU",
      "numbers": {"current": 5.0, "past_mean": 0.4}}, "en",
     "Burst of conflict stories: Sughd (TJ-SU) — 5 stories vs 0.4/day"),
    ({"rule": "burst", "dimension": "admin1", "key": "TJ-SU",
      "numbers": {"current": 5.0, "past_mean": 0.4}}, "ru",
     "Всплеск конфликтных сюжетов: Согдийская область (TJ-SU) — 5 сюжетов против 0,4 в день"),
    ({"rule": "count", "dimension": "country", "key": "KZ",
      "numbers": {"current": 1, "expected": 0.03}}, "en",
     "Unusual number of conflict stories: Kazakhstan — 1 story vs 0.0 expected"),
    ({"rule": "count", "dimension": "country", "key": "KZ",
      "numbers": {"current": 2, "expected": 0.5}}, "ru",
     "Необычное число конфликтных сюжетов: Казахстан — 2 сюжета при ожидаемых 0,5"),
    ({"rule": "dyad_shift", "dimension": "dyad", "key": "KG-TJ",
      "numbers": {"recent_mean": -6, "baseline_mean": 1.25}}, "en",
     "Relations worsening: Kyrgyzstan – Tajikistan — mean score -6.0 vs 1.2 before"),
    ({"rule": "watchlist", "dimension": "watchlist", "key": "Batken water", "numbers": {}},
     "en", "Watchlist matched: «Batken water»"),
    ({"rule": "spike", "dimension": "admin1", "key": "XX-YY", "numbers": None}, "en",
     "spike: XX-YY"),
])
def test_alert_sentence(alert: dict[str, Any], lang: str, expect: str) -> None:
    assert labels.alert_sentence(alert, lang) == expect


@pytest.mark.parametrize(("code", "lang", "expect"), [
    ("KG", "en", "Kyrgyzstan"), ("UZ", "ru", "Узбекистан"), ("TJ-SU", "en", "Sughd"),
    ("KZ-35", "ru", "Карагандинская область"), ("TM-M", "ru", "Марыйский велаят"),
    ("KG-GO", "ru", "Город Ош"), ("AF-HER", "ru", "Герат"), ("KZ-63", "ru",
                                                            "Восточно-Казахстанская область"),
    ("ZZ-1", "ru", "ZZ-1"), (None, "en", ""),
])
def test_place_names(code: str | None, lang: str, expect: str) -> None:
    assert labels.place(code, lang) == expect


def test_every_unit_and_id_has_a_russian_name() -> None:
    from kuzet.web import render

    for shape in render.map_shapes()[0]:
        name = labels.place(shape["code"], "ru")
        assert name and name != shape["code"] and not name.endswith("~"), shape["code"]
    ru = labels.Labels("ru")
    assert all(ru.theme(t) != t for t in THEMES)
    assert all(ru.event(e) != e for e in EVENT_TYPES)
    assert [ru.risk(n) for n in (0, 4, 9, "x")] == ["нет", "очень высокий", "очень высокий", ""]


@pytest.mark.parametrize(("n", "expect"), [(1, "1 день"), (2, "2 дня"), (5, "5 дней"),
                                           (11, "11 дней"), (21, "21 день"), (24, "24 дня"),
                                           (112, "112 дней")])
def test_russian_plural(n: int, expect: str) -> None:
    assert plural(n, ("{n} день", "{n} дня", "{n} дней")) == expect


@given(st.integers(min_value=0, max_value=10**6))
def test_map_heading_names_its_number(n: int) -> None:
    for lang in ("en", "ru"):
        heading = translator(lang)("Map: last {n} days", n=n)
        assert "{n}" not in heading and (str(n) in heading or (n == 1 and lang == "en"))


@pytest.fixture()
def client(store: Store) -> TestClient:  # noqa: F811
    from kuzet.web.app import create_app

    return TestClient(create_app(store))


def test_russian_pages_name_things(client: TestClient) -> None:
    login(client, "analyst")
    overview = client.get("/?lang=ru").text
    assert "Карта: последние 30 дней" in overview and "Киргизия" in overview
    assert "last days" not in overview
    article = client.get("/article/a-border").text
    assert "Нападение" in article and "Границы" in article and "Баткенская область" in article
    assert ">ASSAULT<" not in article
    alert = client.get("/alerts/1").text
    assert "новый" in alert and "Баткенская область (KG-B)" in alert
    search = client.get("/search?q=Batken&theme=border").text
    assert '<option value="border" selected>Границы</option>' in search


def test_english_alert_feed_says_what_happened(client: TestClient) -> None:
    login(client, "viewer")
    html = client.get("/?lang=en").text
    assert "Map: last 30 days" in html
    assert "spike: Batken (KG-B)" in html  # a rule this version does not know: its id
