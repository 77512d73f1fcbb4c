import json
from dataclasses import fields
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.annotate.casualties import cue_kinds
from kuzet.annotate.events import (
    BAR,
    EVENT_TYPES,
    LANGUAGES,
    analyse,
    cameo_table,
    check,
    make_stage,
    parse_lexicon,
)
from kuzet.annotate.events import _langs as langs_of
from kuzet.annotate.events import _scan as scan
from kuzet.model import Annotations, Article, CountryRef, Event
from kuzet.text.normalize import fold

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PUB = datetime(2022, 9, 16, 12, 0)


def types(text: str, lang: str | None) -> set[str]:
    art = Article(id="t", text=text, language=lang, published=PUB)
    return {e.type for e in analyse(art)["events"] if not e.negated}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Border guards exchanged fire near the village.", "en", {"ASSAULT"}),
        ("The ministers held talks in the capital.", "en", {"CONSULT"}),
        ("The two sides agreed to meet next week.", "en", {"AGREE"}),
        ("The opposition called for talks.", "en", {"REQUEST"}),
        ("The ministry denied that its troops attacked the post.", "en", {"REJECT"}),
        ("Officials fear the fighting may resume.", "en", set()),
        ("The army threatened to attack the town.", "en", {"THREATEN"}),
        ("Police detained ten protesters.", "en", {"COERCE", "PROTEST"}),
        ("Стороны договорились о прекращении огня.", "ru", {"AGREE"}),
        ("На границе произошла перестрелка.", "ru", {"ASSAULT"}),
        ("Министры провели переговоры в Бишкеке.", "ru", {"CONSULT"}),
        ("Власти не подтвердили обстрел.", "ru", set()),
        ("Президенты подписали договор о границе.", "ru", {"SUPPORT"}),
        ("Чек арада атышуу болду.", "ky", {"ASSAULT"}),
        ("Шекарада қақтығыс болды.", "kk", {"ASSAULT"}),
        ("Vazirlar muzokara o'tkazdi.", "uz", {"CONSULT"}),
        ("Chegarada otishma bo'ldi.", "uz", {"ASSAULT"}),
        ("Дар сарҳад задухӯрд рух дод.", "tg", {"ASSAULT"}),
        ("Serhetde atyşyk boldy.", "tk", {"ASSAULT"}),
        ("وقعت اشتباكات على الحدود.", "ar", {"ASSAULT"}),
        ("واجتمع الوزير مع السفير.", "ar", {"CONSULT"}),
        ("أفادت وزارة الخارجية بذلك.", "ar", set()),
        ("در مرز درگیری رخ داد.", "fa", {"ASSAULT"}),
        ("په پوله نښته وشوه.", "ps", {"ASSAULT"}),
        ("Şekarada qaqtığıs boldı.", "kk", {"ASSAULT"}),
        ("Ekı taraptıñ ökılderı kezdesıp, kelıssöz ötkızdı.", "kk", {"CONSULT"}),
        ("Şekaraşılar eki azamattı wstağan.", "kk", {"COERCE"}),
        ("The union said it will impose a trade embargo.", "en", {"THREATEN"}),
        ("Norway will send humanitarian aid.", "en", {"AGREE"}),
        ("The ministry apologized for the incident.", "en", {"CONCEDE"}),
        ("Министр принес извинения.", "ru", {"CONCEDE"}),
        ("د تورخم لاره تړلې ده.", "ps", {"COERCE"}),
        ("د وزیر مرستیال کابل ته راغی.", "ps", set()),
        ("پولیس دو نفر را به اتهام قاچاق دستگیر کرد.", "fa", {"COERCE", "ACCUSE"}),
        ("مؤسسه تحقیقاتی گزارش داد.", "fa", set()),
    ],
)
def test_event_types(text: str, lang: str, expected: set[str]) -> None:
    assert types(text, lang) == expected


def test_negated_event_is_flagged() -> None:
    art = Article(id="t", text="Власти не подтвердили обстрел.", language="ru", published=PUB)
    events = analyse(art)["events"]
    assert events and all(e.negated for e in events)


def test_article_fields_and_offsets() -> None:
    text = ("Clashes broke out on the border on 14 September.\n\n"
            "At least 24 people were killed and 50 injured. Tajikistan accused Kyrgyzstan.")
    art = Article(id="t", title="Border clashes", text=text, language="en", published=PUB)
    found = Annotations(countries=(
        CountryRef("TJ", "Tajikistan", art.doc.index("Tajikistan"),
                   art.doc.index("Tajikistan") + 10, "name"),
        CountryRef("KG", "Kyrgyzstan", art.doc.index("Kyrgyzstan"),
                   art.doc.index("Kyrgyzstan") + 10, "name"),
    ))
    out = make_stage()(art, found)
    assert out["killed"] == 24
    assert out["event_date"] == "2022-09-14"
    accuse = next(e for e in out["events"] if e.type == "ACCUSE")
    assert (accuse.actor, accuse.recipient) == ("TJ", "KG")
    assert accuse.quad_class == 3 and accuse.goldstein is not None
    for e in out["events"]:
        assert art.doc[e.evidence.start:e.evidence.end] == e.evidence.text


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        # an injury-only sentence is read for casualties only when it holds an ASSAULT
        ("Militants attacked a border post and wounded 3 guards.", [(None, 3)]),
        ("Militants attacked a post, killing 2 and wounding 3 guards.", [(2, 3)]),
        ("Militants attacked a post. Three guards were injured in the attack.",
         [(None, None), (None, 3)]),
    ],
)
def test_assault_casualties(text: str, counts: list[tuple[int | None, int | None]]) -> None:
    art = Article(id="t", text=text, language="en", published=PUB)
    events = [e for e in analyse(art)["events"] if e.type == "ASSAULT"]
    assert [(e.killed, e.injured) for e in events] == counts


@pytest.mark.parametrize("lang", ["en", "ru", None])
def test_events_equal_constructed_ones(lang: str | None) -> None:
    # the stage fills Event instances without __init__: they must equal built ones
    text = ("Tajikistan accused Kyrgyzstan. The river talks ended in an agreement. "
            "Стороны договорились о прекращении огня. Погибли 5 человек.")
    art = Article(id="t", text=text, language=lang, published=PUB)
    events = analyse(art)["events"]
    assert events
    for e in events:
        built = Event(**{f.name: getattr(e, f.name) for f in fields(Event)})
        assert built == e and hash(built) == hash(e) and repr(built) == repr(e)


def test_water_events_carry_bar() -> None:
    art = Article(id="t", text="The two countries signed an agreement on the river.",
                  language="en", published=PUB)
    (event,) = analyse(art)["events"]
    assert event.type == "SUPPORT" and event.bar == 6
    assert set(BAR) == set(EVENT_TYPES)


def test_no_events_no_date() -> None:
    art = Article(id="t", text="Weather was fine yesterday.", language="en", published=PUB)
    assert analyse(art) == {"events": (), "killed": None, "event_date": None}


def test_shipped_data_checks_clean() -> None:
    assert check() == []
    assert cameo_table()["190"].quad_class == 4


@pytest.mark.parametrize(
    ("bad", "message"),
    [("[NOPE 010]\nx", "unknown section"), ("[ASSAULT]\nx", "without CAMEO"),
     ("x", "before any section")],
)
def test_parse_lexicon_errors(bad: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_lexicon(bad)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.sampled_from([*LANGUAGES, None]))
def test_random_text_never_crashes(text: str, lang: str | None) -> None:
    art = Article(id="r", text=text, title=text[:20], language=lang, published=PUB)
    out = analyse(art)
    for e in out["events"]:
        assert 0 <= e.evidence.start <= e.evidence.end <= len(art.doc)
        assert art.doc[e.evidence.start:e.evidence.end] == e.evidence.text


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared beside the checkout")
def test_reference_article() -> None:
    seed = SHARED / "seed"
    raw = (seed / "unrcca-kazakhstan-2023-08-26.ar.txt").read_text(encoding="utf-8")
    expected = json.loads((seed / "unrcca-kazakhstan-2023-08-26.expected.json").read_text())
    lines = [x for x in raw.splitlines() if x.strip()]
    art = Article(id="seed", title=lines[0], text="\n\n".join(lines[4:]), language="ar",
                  published=datetime(2023, 8, 26, 17, 5))
    events = [e for e in analyse(art)["events"] if not e.negated]
    found = {e.type for e in events}
    assert set(expected["must"]["event_types"]) <= found
    assert any(e.type == "CONSULT" and e.date == "2023-08-25" for e in events)
    assert {e.quad_class for e in events if e.type in {"CONSULT", "SUPPORT"}} == {1}


_CUE_WORDS = ["killed", "unkilled", "погибли", "ранены", "قتل", "وقتل", "زخمي", "kill", "x",
              " ", "-", "ва", "o'ldirildi", "жаралан", "wounded", "attack", "ه"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_CUE_WORDS), max_size=12).map("".join),
       st.sampled_from(["en", "ru", "ar", "uz", "kk", None]))
def test_one_pass_finds_the_casualty_cues(text: str, lang: str | None) -> None:
    # the events automaton carries the casualty cues: same cues as casualties finds
    folded = fold(text)
    langs = langs_of(Article(id="c", text=text, language=lang))
    assert scan(folded, langs)[1] == cue_kinds(folded, lang)
