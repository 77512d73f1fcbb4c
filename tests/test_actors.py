"""The actors stage: names, surnames, titles by date, morphology, boundaries, country references."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.annotate import gazetteer
from kuzet.annotate.actors import ActorMatcher, bounded, make_stage, shipped
from kuzet.model import Actor, Annotations, Article, CountryRef


@cache
def stage() -> object:
    return make_stage()


def run(text: str, published: datetime | None = None, title: str = "",
        found: Annotations | None = None) -> tuple[tuple[Actor, ...], tuple[CountryRef, ...]]:
    article = Article(id="t", text=text, title=title, published=published)
    out = stage()(article, found or Annotations())  # type: ignore[operator]
    for a in out["actors"]:
        assert article.doc[a.start:a.end] == a.text
    for c in out["countries"]:
        assert article.doc[c.start:c.end] == c.text
    return out["actors"], out["countries"]


def ids(text: str, published: datetime | None = None) -> list[str]:
    return [a.id for a in run(text, published)[0]]


D2023 = datetime(2023, 8, 26, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full names in every script
        ("Kassym-Jomart Tokayev arrived in Bishkek.", "kz.tokayev"),
        ("Президент Касым-Жомарт Токаев провёл встречу.", "kz.tokayev"),
        ("Қасым-Жомарт Тоқаев сапармен барды.", "kz.tokayev"),
        ("Qasym-Jomart Toqayev tashrif buyurdi.", "kz.tokayev"),
        ("استقبل قاسم جومارت توكاييف الوفد.", "kz.tokayev"),
        ("رئیس جمهور قاسم جومارت توکایف گفت.", "kz.tokayev"),
        ("Шавкат Мирзиёев выступил.", "uz.mirziyoyev"),
        ("Shavkat Mirziyoyev nutq so'zladi.", "uz.mirziyoyev"),
        ("Şawkat Mirziýoýew çykyş etdi.", "uz.mirziyoyev"),
        ("Эмомали Рахмон встретился с делегацией.", "tj.rahmon"),
        ("Эмомалӣ Раҳмон дар мулоқот гуфт.", "tj.rahmon"),
        ("Садыр Жапаров подписал указ.", "kg.japarov.sadyr"),
        ("Sadyr Japarov signed a decree.", "kg.japarov.sadyr"),
        ("امیرخان متقی با هیئت دیدار کرد.", "af.muttaqi"),
        ("Amir Khan Muttaqi met the delegation.", "af.muttaqi"),
        ("د ملګرو ملتونو استازي وویل.", "igo.un"),
        ("The UNRCCA held a seminar.", "igo.unrcca"),
        ("Представители ОДКБ провели учения.", "igo.csto"),
        ("Члены ШОС собрались.", "igo.sco"),
        ("Hizb ut-Tahrir members were detained.", "mil.hizb"),
        ("ISIS-K claimed the attack.", "mil.isisk"),
        ("Боевики ИГИЛ-Хорасан взяли ответственность.", "mil.isisk"),
        # case endings after the name
        ("Указ подписан Токаевым вчера.", "kz.tokayev"),
        ("Хат Тоқаевқа жолданды.", "kz.tokayev"),
        ("Tokayevning tashrifi boshlandi.", "kz.tokayev"),
        ("Встреча с Мирзиёевым прошла.", "uz.mirziyoyev"),
        ("Жапаровдун жарлыгы чыкты.", "kg.japarov.sadyr"),
        # Arabic clitics before the name
        ("التقى الوزير وتوكاييف أمس.", "kz.tokayev"),
        ("اجتمع بتوكاييف في العاصمة.", "kz.tokayev"),
        ("رسالة للأمم المتحدة.", "igo.un"),
        # Turkmen and Kazakh Latin/Cyrillic forms generated from the Russian spelling
        ("Tokaýewiň sapary başlandy.", "kz.tokayev"),
        ("Sadyr Japarow çykyş etdi.", "kg.japarov.sadyr"),
        ("Ердоғанның сапары.", "tr.erdogan"),
        # Pashto oblique plural
        ("د طالبانو ویاند وویل.", "af.taliban"),
        # titles in Turkic languages
        ("Owganystanyň daşary işler ministri geldi.", "af.muttaqi"),
    ],
)
def test_finds_actor(text: str, expected: str) -> None:
    assert expected in ids(text, D2023)


@pytest.mark.parametrize(
    "text",
    [
        "Tokayevsky street was renamed.",  # not a grammatical ending
        "The un-Islamic practice was condemned.",  # acronyms only in capitals
        "Путинцевы переехали.",
        "Токаевград — вымышленный город.",
        "مكتوكاييف",  # not a clitic
        "Nurtleu said nothing.",  # a surname alone needs an introduction
        "Ятимов сказал.",
        "Раиси Ҷумҳурии Тоҷикистон суханронӣ кард.",  # Tajik "chairman of", not Raisi
        "Senat raisi majlisni ochdi.",  # Uzbek "its chairman"
        "پزشکان بیمارستان اعتصاب کردند.",  # doctors, not Pezeshkian
    ],
)
def test_no_false_match(text: str) -> None:
    assert ids(text, D2023) == []


def test_surname_after_introduction() -> None:
    actors, _ = run("Murat Nurtleu arrived. Later Nurtleu met the press.", D2023)
    assert [a.text for a in actors] == ["Murat Nurtleu", "Nurtleu"]
    assert {a.id for a in actors} == {"kz.nurtleu"}


def test_surname_in_title_introduced_in_body() -> None:
    actors, _ = run("Мурат Нуртлеу прибыл в Ашхабад.", D2023, title="Нуртлеу в Ашхабаде")
    assert [a.text for a in actors] == ["Нуртлеу", "Мурат Нуртлеу"]


def test_ambiguous_surname_prefers_introduced_actor() -> None:
    actors, _ = run("Акылбек Жапаров провёл заседание. Жапаров заявил.", D2023)
    assert [a.id for a in actors] == ["kg.japarov.akylbek", "kg.japarov.akylbek"]
    actors, _ = run("Жапаров заявил.", D2023)
    assert [a.id for a in actors] == ["kg.japarov.sadyr"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The Kazakh foreign minister visited.", datetime(2023, 8, 26), "kz.nurtleu"),
        ("The Kazakh foreign minister visited.", datetime(2020, 1, 10), "kz.tileuberdi"),
        ("The Kazakh foreign minister visited.", datetime(2017, 6, 1), "kz.abdrakhmanov"),
        ("Министр иностранных дел Казахстана прибыл.", datetime(2019, 5, 1), "kz.atamkulov"),
        ("Встреча с министром иностранных дел Казахстана.", datetime(2023, 8, 26), "kz.nurtleu"),
        ("وصل وزير الخارجية الكازاخستاني.", datetime(2023, 8, 26), "kz.nurtleu"),
        ("The Uzbek president spoke.", datetime(2015, 1, 1), "uz.karimov"),
        ("The Uzbek president spoke.", datetime(2018, 1, 1), "uz.mirziyoyev"),
        ("Президент Кыргызстана выступил.", datetime(2019, 1, 1), "kg.jeenbekov"),
        ("Қазақстан Президенті сөз сөйледі.", datetime(2022, 1, 1), "kz.tokayev"),
        ("O'zbekiston Prezidenti nutq so'zladi.", datetime(2022, 1, 1), "uz.mirziyoyev"),
        ("وزیر خارجه تاجیکستان گفت.", datetime(2022, 1, 1), "tj.muhriddin"),
        ("The Afghan foreign minister arrived.", datetime(2020, 6, 1), "af.atmar"),
        ("The Afghan foreign minister arrived.", datetime(2023, 6, 1), "af.muttaqi"),
        ("The Russian defence minister arrived.", datetime(2025, 1, 1), "ru.belousov"),
    ],
)
def test_title_resolves_by_date(text: str, published: datetime, expected: str) -> None:
    actors, countries = run(text, published)
    assert [a.id for a in actors] == [expected]
    assert actors[0].role
    assert any(c.via == "leader" for c in countries)


def test_title_without_date_gives_only_the_country() -> None:
    actors, countries = run("The Kazakh foreign minister visited.")
    assert actors == ()
    assert [(c.code, c.via) for c in countries] == [("KZ", "leader")]


@pytest.mark.parametrize(
    ("published", "role", "cameo"),
    [
        (datetime(2018, 5, 1), "Chairman of the Senate", "KAZGOV"),
        (datetime(2023, 5, 1), "President", "KAZGOV"),
        (datetime(2000, 5, 1), None, "KAZGOV"),
    ],
)
def test_role_by_date(published: datetime, role: str | None, cameo: str) -> None:
    (actor,), _ = run("Kassym-Jomart Tokayev spoke.", published)
    assert (actor.role, actor.cameo, actor.country, actor.type) == (role, cameo, "KZ", "government")


@pytest.mark.parametrize(
    ("published", "cameo"), [(datetime(2020, 1, 1), "AFGREB"), (datetime(2022, 1, 1), "AFGGOV")]
)
def test_taliban_cameo_by_date(published: datetime, cameo: str) -> None:
    (actor,), _ = run("The Taliban said so.", published)
    assert actor.cameo == cameo


@pytest.mark.parametrize(
    ("text", "code", "via"),
    [
        ("The Kremlin said so.", "RU", "institution"),
        ("The Taliban said so.", "AF", "institution"),
        ("Tokayev said so.", "KZ", "leader"),
        ("Кремль заявил.", "RU", "institution"),
        ("طالبان گفتند.", "AF", "institution"),
        ("Погранслужба ГКНБ сообщила.", "KG", "institution"),
    ],
)
def test_country_references(text: str, code: str, via: str) -> None:
    _, countries = run(text, D2023)
    assert [(c.code, c.via) for c in countries] == [(code, via)]


@pytest.mark.parametrize(
    "text", ["UNRCCA met.", "ISIS-K attacked.", "Kaha Imnadze spoke.", "Ahmad Massoud spoke."]
)
def test_no_country_for_igos_militants_and_opposition(text: str) -> None:
    actors, countries = run(text, D2023)
    assert actors and countries == ()


def test_keeps_countries_found_earlier() -> None:
    earlier = CountryRef("TM", "Turkmenistan", 0, 12, "name")
    _, countries = run("Turkmenistan: Tokayev arrived.", D2023, found=Annotations(countries=(earlier,)))
    assert countries[0] == earlier
    assert [c.code for c in countries] == ["TM", "KZ"]


def test_offsets_survive_deleted_characters() -> None:
    text = "قالَ الرئيسُ توكاييف إنَّ\u200f الأمم المتحدة"
    actors, _ = run(text, D2023, title="عنوان")
    assert {a.id for a in actors} == {"kz.tokayev", "igo.un"}


@pytest.mark.parametrize(
    ("t", "s", "e", "ok"),
    [
        ("a tokayev b", 2, 9, True),
        ("tokayevning", 0, 7, True),
        ("tokayevski", 0, 7, False),
        ("xtokayev", 1, 8, False),
        ("وتوكاييف", 1, 8, True),
        ("متوكاييف", 1, 8, False),
        ("токаевым.", 0, 6, True),
    ],
)
def test_bounded(t: str, s: int, e: int, ok: bool) -> None:
    assert bounded(t, s, e) is ok


NAMES = ["Tokayev", "Токаев", "توكاييف", "UN", "ООН", "Taliban", "وزير الخارجية الكازاخستاني", "Nurtleu"]
TEXT = st.lists(
    st.one_of(st.sampled_from(NAMES), st.text(alphabet=st.characters(codec="utf-8"), max_size=12)),
    max_size=12,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXT, title=st.text(max_size=20), dated=st.booleans())
def test_random_text_never_crashes(text: str, title: str, dated: bool) -> None:
    actors, countries = run(text, D2023 if dated else None, title=title)
    doc = Article(id="t", text=text, title=title).doc
    for item in (*actors, *countries):
        assert 0 <= item.start < item.end <= len(doc)


SHARED_SCAN_TEXTS = [
    "Kassym-Jomart Tokayev met Shavkat Mirziyoyev in Tashkent; the UN and the SCO took part.",
    "Президент Касым-Жомарт Токаев и Садыр Жапаров обсудили границу в Бишкеке. ОДКБ и ШОС.",
    "استقبل قاسم جومارت توكاييف الوفد في كابل. وقالت طالبان إن الأمم المتحدة دعت إلى الحوار.",
    "German and Islamic Emirate of Afghanistan officials met the Kazakh foreign minister.",
    "Tokayevning tashrifi; Owganystanyň daşary işler ministri geldi; Жапаровдун жарлыгы.",
]


@pytest.mark.parametrize("text", SHARED_SCAN_TEXTS)
@pytest.mark.parametrize("published", [None, D2023])
def test_shared_scan_finds_what_own_automata_find(text: str, published: datetime | None) -> None:
    """The actors' keys in the gazetteer's automata (one scan for both stages) find exactly
    what the dictionary's own automata find."""
    built, _ = shipped()
    shared = gazetteer.load()
    assert shared.shared
    article = Article(id="t", text=text, title="Header", published=published)
    assert ActorMatcher(built, shared).find(article) == ActorMatcher(built).find(article)
