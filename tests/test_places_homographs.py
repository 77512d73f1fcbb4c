"""Names that are also common words or people's names: one parametrised table per rule.

Sentences are written for these tests (general language, not copied from any gold text).
"""

from __future__ import annotations

import pytest

from kuzet.annotate.places import make_stage
from kuzet.model import Annotations, Article

STAGE = make_stage()


def places(text: str) -> set[str]:
    """Gazetteer ids of the places found in ``text``."""
    ann = Annotations(**STAGE(Article(id="t", text=text, title=""), Annotations()))
    return {p.gazetteer_id or "" for p in ann.places}


SAYAD = "gn:1126266"  # a village in Sar-e Pol, named like Arabic "سيادة" (sovereignty)
MUBOREK = "gn:1216475"  # a town of ~30,000 in Qashqadaryo, named like "مبارك" (blessed)
POP_UZ = "gn:1513023"  # Pop, Namangan, named like Arabic/Persian "باب" (door)


# Rule: Arabic-script names of GeoNames places under gazetteer.LOCAL_POP need local
# context: a place word before (or, in Pashto, after) them, or their province named.
@pytest.mark.parametrize(
    ("lang", "text", "gid", "found"),
    [
        ("ar", "أكد الوفد في أفغانستان على سيادة القانون.", SAYAD, False),
        ("ar", "قال مسؤولون في أفغانستان إن قرية سياد تضررت.", SAYAD, True),
        ("fa", "در افغانستان، روستای سیاد آسیب دید.", SAYAD, True),
        ("fa", "سیلاب در افغانستان سیاد را در سرپل ویران کرد.", SAYAD, True),
        ("fa", "ما در افغانستان سیاد را نمی‌شناسیم.", SAYAD, False),
        ("ps", "د افغانستان د سیاد کلي ته سیلاب ورسید.", SAYAD, True),
        ("ps", "په افغانستان کې سیاد ته سیلاب ورسید.", SAYAD, False),
        ("ar", "أشاد الوفد الأوزبكي بالعمل المبارك في أوزبكستان.", MUBOREK, False),
        ("ar", "زار الوفد مدينة مبارك في أوزبكستان.", MUBOREK, True),
        ("ar", "فتح باب الحوار مع أوزبكستان.", POP_UZ, False),
        ("fa", "ازبکستان باب گفتگو را باز کرد.", POP_UZ, False),
        ("ru", "Делегация Узбекистана посетила Мубарек.", MUBOREK, True),
    ],
)
def test_small_arabic_script_places_need_local_context(
        lang: str, text: str, gid: str, found: bool) -> None:
    assert (gid in places(text)) is found, lang


MOSKOVSKIY = "gn:8416817"  # Moskovskiy, a town in Khatlon (masculine adjectival name)


# Rule: a Russian adjectival name takes only the endings of its own gender (or the
# plural's when the name is plural); a country's adjective takes every gender.
@pytest.mark.parametrize(
    ("text", "gid", "found"),
    [
        ("Делегация Московской области прибыла в Таджикистан.", MOSKOVSKIY, False),
        ("Гости из Московской области посетили Таджикистан.", MOSKOVSKIY, False),
        ("В поселке Московский в Таджикистане прошел митинг.", MOSKOVSKIY, True),
        ("Жители Московского района Таджикистана вышли на субботник.", MOSKOVSKIY, True),
        ("Власти Таджикистана отремонтировали дороги в Московском.", MOSKOVSKIY, True),
    ],
)
def test_russian_adjectival_names_agree_in_gender(text: str, gid: str, found: bool) -> None:
    assert (gid in places(text)) is found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Министр Российской Федерации прибыл.", "RU"),
        ("Российская сторона заявила о поддержке.", "RU"),
        ("Это решение российского правительства.", "RU"),
        ("Таджикской стороне передали ноту.", "TJ"),
    ],
)
def test_country_adjectives_take_every_gender(text: str, code: str) -> None:
    ann = Annotations(**STAGE(Article(id="t", text=text, title=""), Annotations()))
    assert code in {c.code for c in ann.countries}


# Data: Kyrgyz, Pashto (and Dari, Tajik) names of the region's rivers.
@pytest.mark.parametrize(
    ("lang", "text", "gid"),
    [
        ("ky", "Нарын дарыясынын суусу азайды.", "ca:naryn-river"),
        ("ky", "Талас дарыясы ташкындады.", "ca:talas-river"),
        ("ky", "Чу дарыясы ташкындады.", "ca:chu-river"),
        ("ky", "Пяндж дарыясынын жээгинде күзөт күчөтүлдү.", "ca:panj"),
        ("ky", "Аму-Дарыя боюнда жолугушуу болду.", "ca:amu-darya"),
        ("ps", "د نارین سیند اوبه کمې شوې.", "ca:naryn-river"),
        ("ps", "د تالاس سیند اوبه کمې شوې.", "ca:talas-river"),
        ("ps", "د چو سیند اوبه کمې شوې.", "ca:chu-river"),
        ("ps", "د هلمند سیند اوبه کمې شوې.", "ca:helmand-river"),
        ("ps", "د آمو سیند په غاړه پوسته جوړه شوه.", "ca:amu-darya"),
        ("ps", "د پنج سیند په غاړه پوسته جوړه شوه.", "ca:panj"),
        ("fa", "رود هلمند خشک شد.", "ca:helmand-river"),
        ("en", "The Helmand River runs dry.", "ca:helmand-river"),
    ],
)
def test_river_names(lang: str, text: str, gid: str) -> None:
    assert gid in places(text), lang


# Rule: a name followed by a capitalised surname is a person, unless a place preposition
# comes before it; a capital named as a time zone keeps its country but is no place.
@pytest.mark.parametrize(
    ("lang", "text", "admin1", "country"),
    [
        ("ru", "Сегодня Нурсултана Назарбаева лишили полномочий.", "", ""),
        ("ru", "Нурсултан Назарбаев выступил с речью.", "", ""),
        ("kk", "Нұрсұлтан Әбішұлы сөз сөйледі.", "", ""),
        ("en", "Nursultan Nazarbayev spoke on Monday.", "", ""),
        ("ru", "Вчера в Бишкеке Иванов заявил о переговорах.", "KG-GB", "KG"),
        ("ru", "Саммит прошел в Нур-Султане.", "KZ-71", "KZ"),
        ("ky", "Бишкек убактысы 17:59. Жамгыр жаады.", "", "KG"),
        ("ru", "В 10:00 по времени Бишкека начался саммит.", "", "KG"),
        ("en", "The talks began at 10:00 Bishkek time.", "", "KG"),
        ("ar", "بدأت المحادثات الساعة العاشرة بتوقيت كابل.", "", "AF"),
        ("ru", "Саммит прошел в Бишкеке.", "KG-GB", "KG"),
    ],
)
def test_people_and_time_zones_are_not_places(
        lang: str, text: str, admin1: str, country: str) -> None:
    ann = Annotations(**STAGE(Article(id="t", text=text, title=""), Annotations()))
    assert {p.admin1 for p in ann.places if p.admin1} == set(admin1.split()), lang
    assert {c.code for c in ann.countries} == set(country.split()), lang


# Names that need their country in the text also count next to a town, district or village
# word, in every cased script; never as a lower-case word, nor as the end of a compound.
@pytest.mark.parametrize(("text", "admin1"), [
    ("Орал қаласында жиын өтті.", "KZ-27"),
    ("Арыс қаласында жарылыс болды.", "KZ-61"),
    ("В городе Ош прошёл митинг.", "KG-GO"),
    ("Mary şäherinde maslahat geçirildi.", "TM-M"),
    ("Protesters gathered in the city of Osh.", "KG-GO"),
    ("Ол үйге оралды.", None),  # "returned", a verb
    ("орал қаласы", None),  # lower case: not a name
    ("Mary went home.", None),
    ("Orto-Bo'z qishlog'idagi uchastka", None),  # "Bo'z" ends a compound name here
])
def test_town_words_stand_for_context(text: str, admin1: str | None) -> None:
    found = {p.admin1 for p in STAGE(Article(id="t", text=text), Annotations())["places"]}
    assert found == ({admin1} if admin1 else set())


# Persian and Arabic words written like a country or province (no capitals to tell them
# apart), and a province Natural Earth names after the one it was split from.
@pytest.mark.parametrize(("text", "codes"), [
    ("کمک مالی به افغانستان", {"AF"}),  # financial, not Mali
    ("پروانه کار صادر شد", set()),  # permit, not Parwan
    ("جویی که آب دارد", set()),  # stream, not Chuy
    ("پیروی از قانون", set()),  # following, not Peru
    ("کینه و دشمنی", set()),  # grudge, not Guinea
    ("کره زمین", set()),  # the globe, not Korea
    ("کره جنوبی و ژاپن", {"KR", "JP"}),
    ("الدعم المالي للحكومة", set()),
    ("سفر به قطر و ایران", {"QA", "IR"}),
])
def test_arabic_script_words_named_like_countries(text: str, codes: set[str]) -> None:
    found = Annotations(**STAGE(Article(id="t", text=text), Annotations()))
    assert {c.code for c in found.countries} == codes


def test_a_province_is_not_named_after_the_one_it_left() -> None:
    found = STAGE(Article(id="t", text="در ولایت پروان و دایکندی"), Annotations())["places"]
    assert {p.admin1 for p in found} == {"AF-PAR", "AF-DAY"}


# Short country names: an acronym in capitals, or a name in Arabic script, is the country;
# with an ending, a three-letter Arabic-script name is a word ("قطره" drop, "جاده" road).
@pytest.mark.parametrize(("text", "codes"), [
    ("Визит в США и КНР", {"US", "CN"}),
    ("АҚШ пен ҚХР", {"US", "CN"}),
    ("АКШ жана КЭР", {"US", "CN"}),
    ("Visit to the UAE and USA", {"AE", "US"}),
    ("روابط با هند و چین", {"IN", "CN"}),
    ("د چین او هند", {"CN", "IN"}),
    ("زار الوزير مصر والهند", {"EG", "IN"}),
    ("یک قطره آب در جاده", set()),
    ("تعرف على كيفية المعالجة", set()),  # "how", not Kyiv
    ("د مخدره توکو پر ضد مبارزه", set()),  # "substances", not Togo
])
def test_short_country_names(text: str, codes: set[str]) -> None:
    found = Annotations(**STAGE(Article(id="t", text=text), Annotations()))
    assert {c.code for c in found.countries} == codes


# In a text in the language of one state, that state is context for a capitalised name
# inside a sentence; not at its start (any word is capitalised there), nor in Russian.
@pytest.mark.parametrize(("text", "lang", "admin1"), [
    ("Бүгін Оралда жиын өтті.", "kk", {"KZ-27"}),
    ("Оралда жиын өтті.", "kk", set()),  # the sentence starts with it
    ("Жиын. Оралда өтті.", "kk", set()),
    ("Бүгін Оралда жиын өтті.", "ru", set()),  # Russian is read in every country
    ("Orto-Bo'z qishlog'i", "uz", set()),  # the end of a compound name
])
def test_the_language_of_one_state_is_context(text: str, lang: str, admin1: set[str]) -> None:
    art = Article(id="t", text=text, language=lang)
    assert {p.admin1 for p in STAGE(art, Annotations())["places"]} == admin1


# "دوشنبه" is Monday and Tajikistan's capital: in Arabic script the capital needs Tajikistan
# named in the text.
@pytest.mark.parametrize(("text", "found"), [
    ("وزیر خارجه دوشنبه اعلام کرد", False),
    ("سفر به دوشنبه، پایتخت تاجیکستان", True),
    ("د تاجکستان پلازمېنه دوشنبه", True),
])
def test_monday_or_dushanbe_in_arabic_script(text: str, found: bool) -> None:
    names = {p.name for p in STAGE(Article(id="t", text=text), Annotations())["places"]}
    assert ("Dushanbe" in names) is found


# The first of a list of language names is a language too ("на казахском и русском
# языках"), not a reference to the country; troops of a list stay countries.
@pytest.mark.parametrize(("text", "codes"), [
    ("Сайт работает на казахском и русском языках.", set()),
    ("Қазақ, қырғыз, өзбек тілдерінде жазылған.", set()),
    ("Kitob o'zbek va rus tillarida chiqdi.", set()),  # "book", not the town of Kitob
    ("Казахские и российские военные провели учения.", {"KZ", "RU"}),
    ("Kitob tumanida yig'ilish bo'ldi.", {"UZ"}),  # the district, by its district word
])
def test_lists_of_languages(text: str, codes: set[str]) -> None:
    found = Annotations(**STAGE(Article(id="t", text=text), Annotations()))
    assert {c.code for c in found.countries} == codes
