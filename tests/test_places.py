"""The places stage: names, endings, clitics, demonyms, context and offsets."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, asdict, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.annotate.gazetteer import build, load, load_keys, load_raw
from kuzet.annotate.places import find, make_stage
from kuzet.model import Annotations, Article
from kuzet.text.normalize import fold
from tests.shared import SHARED, needs_shared

STAGE = make_stage()


def run(text: str, title: str = "") -> Annotations:
    art = Article(id="t", text=text, title=title)
    return Annotations(**STAGE(art, Annotations()))


@pytest.mark.parametrize(
    ("text", "countries", "admin1"),
    [
        # endings: Russian, Kazakh, Uzbek Latin, Turkish, English-ish
        ("Переговоры прошли в Бишкеке во вторник.", ["KG"], ["KG-GB"]),
        ("Граница с Таджикистаном закрыта.", ["TJ"], []),
        ("Qirg'izistonda saylov bo'ldi.", ["KG"], []),
        ("Тәжікстанмен шекара ашылды.", ["TJ"], []),
        ("Heyet Tacikistan'da temaslarda bulundu.", ["TJ"], []),
        ("Delegacija iz Kyrgyzstana pribyla.", ["KG"], []),
        # demonyms and adjectives
        ("Kyrgyz border guards opened fire.", ["KG"], []),
        ("кыргызская сторона заявила протест", ["KG"], []),
        ("وقال الجانب القرغيزي إن", ["KG"], []),
        ("тәжік тарапы мәлімдеді", ["TJ"], []),
        ("tojik tomoni bildirdi", ["TJ"], []),
        # Arabic clitics and the article
        ("وصل الوفد إلى عشق أباد أمس", ["TM"], ["TM-S"]),
        ("وبالصين ولروسيا علاقات", ["CN", "RU"], []),
        # admin-1 units, Russian adjectives in every case, former names
        ("В Баткенской области прошли учения.", ["KG"], ["KG-B"]),
        ("Жители Ферганской области и Согдийской области", ["TJ", "UZ"], ["TJ-SU", "UZ-FA"]),
        ("The meeting took place in Nur-Sultan.", ["KZ"], ["KZ-71"]),
        ("Он родился во Фрунзе.", ["KG"], ["KG-GB"]),
        ("Protests in Almaty, Kazakhstan", ["KZ"], ["KZ-75"]),
        # curated border places
        ("Столкновения у села Ворух", ["TJ"], ["TJ-SU"]),
        ("Kok-Tash and Ak-Sai villages in Kyrgyzstan", ["KG"], ["KG-B"]),
        ("The Qosh Tepa canal will take water from the Amu Darya.", ["AF"], []),
        # a name after any symbol, and a name with punctuation in it
        ("Пресс-релиз ►Бишкек ¶Ташкент", ["KG", "UZ"], ["KG-GB", "UZ-TK"]),
        ("«Кабул»—Mazar-i-Sharif", ["AF"], ["AF-BAL", "AF-KAB"]),
    ],
)
def test_finds(text: str, countries: list[str], admin1: list[str]) -> None:
    ann = run(text)
    assert ann.country_codes() == countries
    assert ann.admin1_codes() == admin1


@pytest.mark.parametrize(
    "text",
    [
        "No place is named in this sentence.",
        "",
        "The report was published in Russian.",  # a language, not Russia
        "Mary went to the market with Osh.",  # short and common names need context
        "Встреча в Оше прошла спокойно.",  # Ош without Kyrgyzstan in the text
        "Malika met her friends.",  # Mali + an ending is not Mali
        "Цены выросли на 5 долларов США.",  # a currency is not a reference
        "Это было того не стоит.",  # Того (Togo) is a common word
    ],
)
def test_no_place(text: str) -> None:
    ann = run(text)
    assert ann.places == () or all(p.kind != "country" for p in ann.places)
    assert ann.country_codes() == []


def test_context_allows_short_names() -> None:
    ann = run("Кыргызстан: встреча в Оше прошла спокойно.")
    assert "KG" in ann.country_codes()
    assert any(p.text == "Оше" for p in ann.places)


def test_demonym_as_language_skipped_but_other_uses_count() -> None:
    assert run("Uzbek troops arrived; the text is in Uzbek.").country_codes() == ["UZ"]
    assert run("The text is in Uzbek.").country_codes() == []


def test_dateline_not_counted() -> None:
    assert run("TOSHKENT, 5 iyun. Yig'ilish bo'ldi.").country_codes() == []


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("ТАДЖИКИСТАН И КЫРГЫЗСТАН", "Стороны договорились в Душанбе."),
        ("Қазақстан мен Өзбекстан", "Ташкентте кездесу өтті."),
        ("", "ولاية بلخ في أفغانستان"),
    ],
)
def test_offsets_point_into_doc(title: str, text: str) -> None:
    art = Article(id="t", text=text, title=title)
    ann = Annotations(**STAGE(art, Annotations()))
    assert ann.countries
    for item in (*ann.places, *ann.countries):
        assert art.doc[item.start:item.end] == item.text


def test_earlier_countries_are_kept() -> None:
    from kuzet.model import CountryRef

    found = Annotations(countries=(CountryRef("RU", "Kremlin", 0, 7, "institution"),))
    result = STAGE(Article(id="t", text="Kremlin and Kazakhstan"), found)
    assert [c.code for c in result["countries"]] == ["RU", "KZ"]


_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCKZ'’-., \n") + list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяҚҒӨҮӘІ")
    + list("ابتثجحخدذرسشصضطظعغفقكلمنهويةءأإآىپچژگکی") + ["\u0301", "\u200c", "\u064e", "\u00ad"]
)
_WORDS = st.sampled_from(["Бишкек", "Ош", "KYRGYZSTAN", "Tojikiston", "عشق أباد", "والصين",
                          "Mary", "Qirg'iziston", "Ташкентской", "آمودریا"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(_ALPHABET, max_size=12), _WORDS), max_size=12))
def test_never_crashes_and_offsets_hold(parts: list[str]) -> None:
    text = " ".join(parts)
    art = Article(id="t", text=text, title=text.upper()[:40])
    ann = Annotations(**STAGE(art, Annotations()))
    for item in (*ann.places, *ann.countries):
        assert art.doc[item.start:item.end] == item.text


@needs_shared
def test_reference_article() -> None:
    text = (SHARED / "seed" / "unrcca-kazakhstan-2023-08-26.ar.txt").read_text(encoding="utf-8")
    ann = run(text)
    assert ann.country_codes() == ["AF", "KZ", "TM"]
    ashgabat = [p for p in ann.places if p.admin1 == "TM-S"]
    assert ashgabat and ashgabat[0].text == "عشق أباد"


def _f1(gold: list[set[str]], got: list[set[str]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, got, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, got, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, got, strict=True))
    return 2 * tp / (2 * tp + fp + fn)


@needs_shared
def test_dev_set_targets() -> None:
    rows = [json.loads(line) for line in
            (SHARED / "eval" / "dev" / "news.jsonl").read_text(encoding="utf-8").splitlines()]
    anns = [run(r["text"]) for r in rows]
    countries = _f1([set(r["countries"]) for r in rows], [set(a.country_codes()) for a in anns])
    admin1 = _f1([set(r["admin1"]) for r in rows], [set(a.admin1_codes()) for a in anns])
    assert countries >= 0.95
    assert admin1 >= 0.85


def test_annotations_are_ordinary_dataclasses() -> None:
    # the stage copies prototypes instead of calling __init__: the result must not differ
    ann = run("Переговоры прошли в Бишкеке. Kyrgyz border guards met Tajik ones in Batken.")
    assert ann.places and ann.countries
    for a in ann.places + ann.countries:
        fresh = type(a)(**asdict(a))
        assert a == fresh and repr(a) == repr(fresh) and hash(a) == hash(fresh)
        with pytest.raises(FrozenInstanceError):
            a.start = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "Цены выросли на 5 долларов США.",
        "AQSh dollari kursi oshdi, Qozog'iston tengesi tushdi.",
        "نرخ دلار آمریکا در کابل بالا رفت.",
        "ارتفع سعر الدولار الأمريكي في طشقند.",
        "Курс юаня Китая и евродолларов США в Алматы.",
        "US dollar, Chinese yuan, Kazakh tenge.",
    ],
)
def test_currency_words_found_by_the_automata_as_by_search(text: str) -> None:
    """The automata find currency words wherever str.find would (Reading.money)."""
    gaz = load()
    assert gaz.currency
    t = fold(text)
    assert [m[:5] for m in find(gaz, t)] == [m[:5] for m in find(replace(gaz, currency=False), t)]


def test_actor_keys_in_the_automata_change_no_place() -> None:
    """The actors' keys share the gazetteer's automata; places read past them."""
    alone = build(load_raw(), load_keys())
    assert alone.shared == 0 and load().shared > 0
    for text in ("Kassym-Jomart Tokayev met the German and Uzbek ministers in Astana.",
                 "Президент Садыр Жапаров посетил Баткен и Ош; ОДКБ и ШОС.",
                 "استقبل قاسم جومارت توكاييف الوفد في كابل وهرات."):
        t = fold(text)
        assert [m[:5] for m in find(load(), t)] == [m[:5] for m in find(alone, t)]
