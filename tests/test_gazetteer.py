"""The gazetteer: shipped data, matching keys and endings."""

from __future__ import annotations

import json

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.annotate import morph
from kuzet.annotate.gazetteer import (
    CURRENCY,
    build,
    data_path,
    key_table,
    keys_for,
    load,
    load_keys,
    load_raw,
    parse_names,
)
from kuzet.annotate.morph import prefix_ok, script_of, spaced, suffix_ok
from kuzet.text.normalize import fold

SIX = ("KZ", "KG", "TJ", "TM", "UZ", "AF")


def test_every_country_and_unit_is_there() -> None:
    ids = {e["id"] for e in load_raw()}
    assert {f"country:{c.alpha_2}" for c in pycountry.countries} <= ids
    units = {s.code for c in SIX for s in pycountry.subdivisions.get(country_code=c)}
    assert units <= ids
    assert {"KZ-10", "KZ-33", "KZ-62", "KZ-71", "KZ-75", "KZ-79"} <= ids


def test_entries_have_required_fields() -> None:
    for e in load_raw():
        assert e["id"] and e["name"] and e["kind"] and e["names"]
        if e.get("admin1"):
            assert e["admin1"].startswith(e["country"] + "-")


@pytest.mark.parametrize(
    ("name", "code"),
    [("Nur-Sultan", "KZ-71"), ("Tselinograd", "KZ-71"), ("Alma-Ata", "KZ-75"),
     ("Frunze", "KG-GB"), ("Ленинабадская", "TJ-SU"), ("Krasnovodsk", "TM-B")],
)
def test_former_names(name: str, code: str) -> None:
    gaz = load()
    key = fold(name).rstrip("ая")
    hits = [n for k in (fold(name), key) for n in gaz.lookup(k)]
    assert any(gaz.entries[n.entry].admin1 == code for n in hits)


@pytest.mark.parametrize(
    ("form", "kind", "keys"),
    [("Баткенская", "admin1", {"баткенск", "баткенская"}),
     ("Фергана", "city", {"фергана", "ферган"}),
     ("الصين", "country", {"الصين", "صين"}),
     ("Kara-Suu", "city", {"kara-suu", "kara suu", "karasuu"}),
     ("Almaty Region", "admin1", {"almaty region", "almaty"})],
)
def test_keys_for(form: str, kind: str, keys: set[str]) -> None:
    assert {k.key for k in keys_for(form, kind)} == keys


@pytest.mark.parametrize(
    ("suffix", "script", "ok"),
    [("е", "Cyrl", True), ("ом", "Cyrl", True), ("ской", "Cyrl", False),
     (fold("ның"), "Cyrl", True), (fold("дағы"), "Cyrl", True), ("da", "Latn", True),
     ("ning", "Latn", True), ("'da", "Latn", True), ("xyzq", "Latn", False),
     ("ي", "Arab", True), ("ها", "Arab", True), ("كم", "Arab", False)],
)
def test_suffixes(suffix: str, script: str, ok: bool) -> None:
    assert suffix_ok(suffix, script) is ok


def test_prefixes() -> None:
    assert prefix_ok("و", "Arab", False) and prefix_ok("بال", "Arab", True)
    assert not prefix_ok("x", "Latn", False) and not prefix_ok("", "Arab", True)


@given(st.text(max_size=30))
def test_parse_names_never_crashes(spec: str) -> None:
    out = parse_names(spec)
    assert all(isinstance(v, list) for v in out.values())


@given(st.text(max_size=20))
def test_script_of_is_total(key: str) -> None:
    assert script_of(key) in {"Arab", "Cyrl", "Latn"}
    first = next((c for c in key if "\u0400" <= c <= "\u04ff" or "\u0600" <= c <= "\u06ff"), "")
    assert script_of(key) == ("Latn" if not first else "Arab" if first >= "\u0600" else "Cyrl")


@pytest.mark.parametrize(("key", "script"), [
    ("kabul", "Latn"), ("кабул", "Cyrl"), ("كابل", "Arab"), ("q كابل", "Arab"), ("к كابل", "Cyrl"),
])
def test_script_of(key: str, script: str) -> None:
    assert script_of(key) == script


def test_boundaries_keyed_by_current_codes() -> None:
    body = json.loads(data_path("boundaries", "admin1.geojson").read_text(encoding="utf-8"))
    codes = {f["properties"]["iso_3166_2"] for f in body["features"]}
    assert "KZ-63" in codes and "KZ-VOS" not in codes
    assert set(body["missing"]) >= {"KZ-10", "KZ-33", "KZ-62"}
    every = {s.code for c in SIX for s in pycountry.subdivisions.get(country_code=c)}
    assert codes | set(body["missing"]) == every


def test_lookup_tells_keys_apart_by_punctuation() -> None:
    gaz = load()
    assert gaz.lookup(fold("Nur-Sultan")) and gaz.lookup(fold("Nur Sultan"))
    assert gaz.lookup("no such place") == ()


TINY = [{"id": "ca:t1", "name": "Toktogul", "kind": "city", "country": "KG", "admin1": "KG-J",
         "names": {"en": ["Toktogul"]}},
        {"id": "ca:t2", "name": "Dollar Bay", "kind": "village", "country": "KG",
         "names": {"fa": ["دلار"]}}]


def test_shared_keys_ride_on_the_name_automata() -> None:
    """Another matcher's keys: an actor-only reading has no names; a name key keeps its
    names and carries the other meaning too; lookups see names only."""
    gaz = build(TINY[:1], shared={" toktogul": (8, "toktogul", False, "same letters"),
                                  " tokayev": (7, "tokayev", False, "an actor")})
    assert gaz.shared == 2 and gaz.currency
    both, alone = gaz.automaton.get(" toktogul"), gaz.automaton.get(" tokayev")
    assert both.names and both.actor == "same letters"
    assert alone.names == () and alone.actor == "an actor"
    assert gaz.lookup("toktogul") and gaz.lookup("tokayev") == ()
    hits = gaz.hits(spaced(fold("Tokayev visited Toktogul")))
    assert sorted(r.actor for _, r in hits if r.actor) == ["an actor", "same letters"]


def test_currency_words_left_to_the_places_stage_when_they_are_names() -> None:
    """A currency word that is also a key cannot ride on the automata: find looks for it."""
    assert fold("دلار") in CURRENCY
    assert build(TINY).currency is False
    assert build(TINY[:1]).currency is True


def test_shipped_key_table_is_up_to_date() -> None:
    shipped = load_keys()
    assert shipped is not None, "keys.json.gz is older than its sources: run scripts/gazetteer_keys.py"
    assert shipped == key_table(load_raw())


def test_package_data_is_small() -> None:
    size = sum(p.stat().st_size for p in data_path("gazetteer").iterdir())
    assert size < 3_000_000


_CYRL_SLOTS = (morph._TURKIC_CYRL_DERIV, morph._TURKIC_CYRL_PLURAL, morph._TURKIC_CYRL_POSS,
               morph._TURKIC_CYRL_CASE)
_LATN_SLOTS = (morph._LATN_DERIV, morph._LATN_PLURAL, morph._LATN_POSS, morph._LATN_CASE)


@given(st.tuples(*(st.sampled_from(slot) for slot in _CYRL_SLOTS)),
       st.tuples(*(st.sampled_from(slot) for slot in _LATN_SLOTS)))
def test_every_combined_ending_is_accepted(cyrl: tuple[str, ...], latn: tuple[str, ...]) -> None:
    assert suffix_ok(fold("".join(cyrl)), "Cyrl")
    assert suffix_ok(fold("".join(latn)), "Latn")


@pytest.mark.parametrize(("suffix", "script"), [
    ("дадада", "Cyrl"), ("ларлар", "Cyrl"), ("ныда", "Cyrl"), ("dadan", "Latn"),
    ("larlar", "Latn"), ("ingx", "Latn"), ("q", "Latn"),
])
def test_endings_out_of_slot_order_are_rejected(suffix: str, script: str) -> None:
    assert not suffix_ok(suffix, script)


@given(st.text(st.characters(), max_size=60) | st.text("ab -الی۱\ufeff", max_size=20)
       | st.text("«»“”„…№،؛؟‹›•·аб 1_—\u00a0\ud800", max_size=20))
def test_spaced_keeps_letters_and_offsets(text: str) -> None:
    out = spaced(text)
    assert len(out.text) == len(text) + 1 and out.text[0] == " "
    assert all(o == (c if c.isalnum() else " ") for o, c in zip(out.text[1:], text, strict=True))
    if any(script_of(c) == "Arab" for c in text):
        assert out.arabic
