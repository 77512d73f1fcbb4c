from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.annotate import themes
from kuzet.annotate.themes import THEMES, Term, _Matcher, check, parse_line, uz_cyrillic
from kuzet.model import Annotations, Article, Place


@pytest.fixture(scope="module")
def stage() -> Any:
    return themes.make_stage()


def ids(stage: Any, text: str, lang: str, found: Annotations | None = None) -> set[str]:
    art = Article(id="t", text=text, language=lang)
    result = stage(art, found or Annotations())
    return {t.id for t in result["themes"]}


def test_shipped_lexicons_are_valid() -> None:
    assert check() == []


def test_every_language_covers_every_theme() -> None:
    paths = themes.lexicon_paths()
    assert set(paths) == set(themes.LANGUAGES)
    for lang, path in paths.items():
        terms, errors = themes.read_lexicon(path, lang)
        assert not errors
        assert {t.theme for t in terms} >= set(THEMES), lang


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("weather\train\t1", "unknown theme"),
        ("water\triver\tx", "bad weight"),
        ("water\triver\t0", "outside"),
        ("water\triver\t9", "outside"),
        ("water\tri*\t1", "literal head"),
        ("water\triv*\t1", "stem shorter"),
        ("water\triver", "columns"),
        ("water\triver\t1\tclose:dam", "bad rule"),
        ("water\triver\t1\tnear:da", "context word shorter"),
    ],
)
def test_parse_line_rejects(line: str, message: str) -> None:
    result = parse_line(line, "en", 1)
    assert isinstance(result, str)
    assert message in result


@pytest.mark.parametrize(
    ("line", "pattern", "weight"),
    [
        ("water\tReservoir*\t1", "reservoir*", 1.0),
        ("drugs\tUN\t0.5", "un", 0.5),
        ("border\tҚазақ шекара*\t2", "казак шекара*", 2.0),
        ("not\tborderline\t1", "borderline", 1.0),
        ("# a comment", None, None),
        ("", None, None),
    ],
)
def test_parse_line_accepts(line: str, pattern: str | None, weight: float | None) -> None:
    result = parse_line(line, "en", 1)
    if pattern is None:
        assert result is None
    else:
        assert isinstance(result, Term)
        assert (result.pattern, result.weight) == (pattern, weight)


def test_duplicates_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "en.tsv"
    path.write_text("water\tdam\t1\nwater\tDam\t0.5\n", encoding="utf-8")
    _, errors = themes.read_lexicon(path, "en")
    assert len(errors) == 1 and "duplicate" in errors[0]


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("suv ombor*", "сув омбор*"),
        ("chegara", "чегара"),
        ("qo'shin", "қўшин"),
        ("yo'l", "йўл"),
        ("ekstremizm", "экстремизм"),
        ("g'alla", "ғалла"),
    ],
)
def test_uz_cyrillic(latin: str, cyrillic: str) -> None:
    assert uz_cyrillic(latin) == cyrillic


def _matcher(*lines: str, lang: str = "en") -> _Matcher:
    terms = [parse_line(line, lang, i) for i, line in enumerate(lines)]
    return _Matcher.build([t for t in terms if isinstance(t, Term)])


@pytest.mark.parametrize(
    ("lines", "text", "expected"),
    [
        (("military\tmine*\t1\tnear:land|explo*",), "a land mine exploded", {"military"}),
        (("military\tmine*\t1\tnear:land|explo*",), "this book is mine", set()),
        (("unrest\tstrike\t1\tunless:drone",), "a drone strike hit", set()),
        (("unrest\tstrike\t1\tunless:drone",), "workers went on strike", {"unrest"}),
        (("border\tborder*\t1", "not\tborderline\t1"), "a borderline case", set()),
        (("border\tborder*\t1", "not\tborderline\t1"), "the border was shut", {"border"}),
        (("water\triver*\t0.5",), "rivers and rivers", set()),
        (("water\triver*\t0.5", "water\tdam\t0.5"), "a river dam", {"water"}),
        (("water\twater supply\t1",), "the water\nsupply failed", {"water"}),
        (("water\tcanal*\t1",), "a Canalside flat", {"water"}),
        (("water\tcanal\t1",), "a Canalside flat", set()),
        (("water\tdam\t1",), "Amsterdam", set()),
    ],
)
def test_rules(lines: tuple[str, ...], text: str, expected: set[str]) -> None:
    found = {t.id for t in themes.score_themes(text, _matcher(*lines))}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("للإرهاب", {"terrorism"}),  # clitic ل + article
        ("والمخدرات", {"drugs"}),
        ("بإرهاب", {"terrorism"}),
        ("مصارهاب", set()),  # not a clitic: inside another word
    ],
)
def test_arabic_clitics(text: str, expected: set[str]) -> None:
    matcher = _matcher("terrorism\tارهاب\t1", "drugs\tمخدرات\t1", lang="ar")
    assert {t.id for t in themes.score_themes(text, matcher)} == expected


@pytest.mark.parametrize(
    ("lang", "text", "present", "absent"),
    [
        ("en", "Farmers downstream fear the new reservoir will cut irrigation.", "water", "border"),
        ("en", "A borderline decision by the superpower.", None, "border"),
        ("ru", "Пограничники задержали группу контрабандистов с героином.", "drugs", "water"),
        ("ru", "На границе прошли переговоры глав МИД.", "diplomacy", "unrest"),
        ("ar", "الموارد المائية العابرة للحدود", "water", "border"),
        ("ar", "اشتباكات بين حرس الحدود", "border", "water"),
        ("uz", "Suv omborlari va irrigatsiya tizimi", "water", "drugs"),
        ("uz", "Сув омборлари ва ирригация тизими", "water", "drugs"),
        ("kk", "Шекарада қақтығыс болды, шекарашылар жараланды.", "border", "water"),
        ("fa", "طالبان و آب رودخانه آمو", "afghanistan", "unrest"),
        ("kk", "Şekarada qaqtığıs boldı, şekaraşılar jaralandı.", "border", "water"),
        ("ps", "ترهگرو برید وکړ", "terrorism", "water"),  # Persian gaf for Pashto ګ
        ("tk", "Serhetabat etrabynda toý boldy.", None, "border"),
    ],
)
def test_languages(stage: Any, lang: str, text: str, present: str | None,
                   absent: str) -> None:
    found = ids(stage, text, lang)
    if present:
        assert present in found
    assert absent not in found


def test_unknown_language_falls_back_to_script(stage: Any) -> None:
    art = Article(id="t", text="Наркотрафик и героин", script="Cyrl")
    assert "drugs" in {t.id for t in stage(art, Annotations())["themes"]}


def test_found_places_support_water(stage: Any) -> None:
    text = "They met by the Vakhsh dam on Monday."
    start = text.index("Vakhsh")
    place = Place("Vakhsh", "Vakhsh", start, start + 6, "dam")
    assert "water" in ids(stage, text, "en", Annotations(places=(place,)))


def test_evidence_points_into_doc(stage: Any) -> None:
    art = Article(id="t", title="Вода́ и ГЭС", text="Строительство водохранилища на реке.",
                  language="ru")
    result = stage(art, Annotations())
    water = [t for t in result["themes"] if t.id == "water"]
    assert water and water[0].score >= themes.THRESHOLD
    for span in water[0].evidence:
        assert art.doc[span.start:span.end] == span.text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("аводхрнилщ ГЭСالمياهحدود\u064e\u0640 \n'")),
               max_size=80))
def test_spans_always_valid(stage: Any, text: str) -> None:
    for lang in ("ru", "ar"):
        art = Article(id="t", text=text, language=lang)
        for theme in stage(art, Annotations())["themes"]:
            for span in theme.evidence:
                assert art.doc[span.start:span.end] == span.text
