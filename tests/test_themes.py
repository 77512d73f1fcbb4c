from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.annotate import themes
from kuzet.annotate.themes import THEMES, Term, _Matcher, check, parse_line, uz_cyrillic
from kuzet.model import Annotations, Article, Place, Span, Theme


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
        # Weak words count only beside another term of the theme in the same sentence.
        (("diplomacy\tembassy\t0.5", "diplomacy\turged\t0.5"),
         "The embassy said so. Police urged calm.", set()),
        (("diplomacy\tembassy\t0.5", "diplomacy\turged\t0.5"),
         "The embassy urged calm.", {"diplomacy"}),
        (("diplomacy\tembassy\t0.5", "diplomacy\turged\t0.5"),
         "The embassy, the embassy. Then the embassy urged calm.", {"diplomacy"}),
        (("diplomacy\ttalks\t1", "diplomacy\tembassy\t0.5"),
         "Talks began. The embassy said so.", {"diplomacy"}),
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


@pytest.mark.parametrize(
    ("lines", "text", "expected"),
    [
        (("water\tdam\t1",), "(dam)", {"water"}),  # punctuation is a word boundary
        (("water\tdam\t1",), "«dam»,", {"water"}),
        (("water\tdam\t1",), "dam's level", {"water"}),  # apostrophe ends the word
        (("water\tdam\t1",), "'dam'", {"water"}),  # a quote, not part of a word
        (("water\tdam\t1",), "o'dam", set()),  # word-internal apostrophe (Uzbek o'z)
        (("water\tdam\t1",), "dam_x", set()),
        (("water\tdam\t1",), "dam😀", {"water"}),
        (("water\twater supply\t1",), "water, supply", set()),  # phrases never cross punctuation
        (("water\twater supply\t1",), "water,supply", set()),
        (("water\twater supply\t1",), "water-supply", {"water"}),
        (("water\tc5+1\t1",), "the C5+1 format", {"water"}),
        (("water\tc5+1\t1",), "the C5 1 format", set()),
        (("water\treservoir*\t1",), "reservoir's", {"water"}),
        (("water\triver* dam*\t1",), "rivers dams", {"water"}),  # an inner '*' needs the regex
        (("water\triver* dam*\t1",), "rivers, dams", set()),
    ],
)
def test_boundaries(lines: tuple[str, ...], text: str, expected: set[str]) -> None:
    found = {t.id for t in themes.score_themes(text, _matcher(*lines))}
    assert found == expected


def test_match_offsets_and_word_ends() -> None:
    matcher = _matcher("water\treservoir*\t1", "water\tdam\t1")
    assert matcher.matches("a reservoirs' dam.") == [(2, 12, "reservoir*"), (14, 17, "dam")]


@pytest.mark.parametrize(
    ("lang", "line", "variant"),
    [
        ("tk", "diplomacy\tduşuşyk*\t1", "diplomacy\tduşuşyg*\t1"),
        ("ky", "border\tкоопсуздук*\t1", "border\tкоопсуздуг*\t1"),
        ("tk", "water\tsuw\t1", None),  # whole words are not inflected
        ("tk", "water\tsuwaryş*\t1", None),
    ],
)
def test_turkic_voicing(lang: str, line: str, variant: str | None) -> None:
    got = themes._variant_lines(line, lang)
    assert got == ([variant] if variant else [])


def test_kazakh_voicing_also_in_latin() -> None:
    got = themes._variant_lines("diplomacy\tынтымақтастық*\t1", "kk")
    assert "diplomacy\tынтымақтастығ*\t1" in got
    assert any("ıntımaqtastığ*" in line for line in got)


def test_fast_built_objects_equal_dataclasses(stage: Any) -> None:
    art = Article(id="t", text="Водохранилище и ирригация.", language="ru")
    theme = stage(art, Annotations())["themes"][0]
    rebuilt = Theme(theme.id, theme.score,
                    tuple(Span(s.start, s.end, s.text) for s in theme.evidence))
    assert theme == rebuilt and hash(theme) == hash(rebuilt)
    with pytest.raises(AttributeError):
        theme.evidence[0].start = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lang", "text", "present"),
    [
        ("tk", "Duşuşygyň dowamynda taraplar ylalaşdylar.", "diplomacy"),
        ("tk", "Ýaragly toparlar serhet postuna hüjüm etdi.", "terrorism"),
        ("tk", "Ýerleriň çölleşmegi we şorlaşmagy artýar.", "environment"),
        ("ky", "Лаңкестикке каршы күрөш күчөтүлдү.", "terrorism"),
        ("ky", "Эки өлкөнүн кызматташтыгы тууралуу келишимге кол коюлду.", "diplomacy"),
    ],
)
def test_turkic_recall(stage: Any, lang: str, text: str, present: str) -> None:
    assert present in ids(stage, text, lang)


def _starts_word(text: str, i: int) -> bool:
    """Reference rule: a word starts after a non-word character that is not an apostrophe
    inside a word."""
    def word(c: str) -> bool:
        return c.isalnum() or c == "_"
    return i == 0 or (not word(text[i - 1]) and not (
        text[i - 1] == "'" and i > 1 and word(text[i - 2])))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("dam river'-,.() \n_😀")), max_size=60))
def test_matches_agree_with_a_plain_scan(text: str) -> None:
    import re

    matcher = _matcher("water\tdam\t1", "water\triver*\t1")
    spaced = themes._spaces(text)
    want = [(m.start(), m.end(), "dam") for m in re.finditer(r"dam(?!\w)", spaced)
            if _starts_word(spaced, m.start())]
    want += [(m.start(), m.end(), "river*") for m in re.finditer(r"river\w*", spaced)
             if _starts_word(spaced, m.start())]
    assert matcher.matches(text) == sorted(want)
