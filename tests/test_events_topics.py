"""Topics are not events, thwarted plots did not happen, participants exclude topics.

One table row per language; sentences are written for the tests.
"""

from datetime import datetime

import pytest

from kuzet.annotate.events import analyse, participants
from kuzet.model import Article

PUB = datetime(2023, 8, 26, 12, 0)


def types(text: str, lang: str) -> set[str]:
    art = Article(id="t", text=text, language=lang, published=PUB)
    return {e.type for e in analyse(art)["events"] if not e.negated}


@pytest.mark.parametrize(
    ("text", "lang", "absent"),
    [
        # plural, generic and purpose-clause threat nouns are topics
        ("The centre helps states address threats to peace and security.", "en", "THREATEN"),
        ("Стороны обсудили угрозы безопасности в регионе.", "ru", "THREATEN"),
        ("Эксперты говорили о борьбе с терроризмом и угрозами экстремизма.", "ru",
         "THREATEN"),
        ("يهدف المركز إلى مساعدة الدول في معالجة التهديدات المحتملة للسلام.", "ar",
         "THREATEN"),
        ("تمت مناقشة التهديدات الأمنية في المنطقة.", "ar", "THREATEN"),
        ("کارشناسان درباره تهدیدها علیه امنیت منطقه بحث کردند.", "fa", "THREATEN"),
        ("دوی د امنیت پر وړاندې د ګواښونو په اړه خبرې وکړې.", "ps", "THREATEN"),
        ("Мубориза бо таҳдидҳо ба амнияти минтақа муҳим аст.", "tg", "THREATEN"),
        ("Xavf-xatarlarga qarshi kurash muhim ahamiyatga ega.", "uz", "THREATEN"),
        # purpose clauses and "fight against X" carry no event
        ("Police trained in order to combat riots.", "en", "PROTEST"),
        ("Сотрудники прошли обучение в целях борьбы с беспорядками.", "ru", "PROTEST"),
        ("Терроризмге қарсы күрес шаралары талқыланды.", "kk", "ASSAULT"),
        # a thwarted plot did not happen
        ("Security services foiled an attack on the embassy.", "en", "ASSAULT"),
        ("Спецслужбы предотвратили теракт в столице.", "ru", "ASSAULT"),
        ("أحبطت قوات الأمن هجوما على السفارة.", "ar", "ASSAULT"),
        ("ولم يسفر المخطط عن أي هجوم.", "ar", "ASSAULT"),
        ("Xavfsizlik xizmati teraktning oldini oldi.", "uz", "ASSAULT"),
        ("Нерӯҳои амниятӣ ҳамларо хунсо карданд.", "tg", "ASSAULT"),
        # a denial opens the Arabic clause, the attack word far behind it
        ("ونفى جهاز الأمن يوم الثلاثاء ما تداولته مواقع التواصل عن وقوع انفجار في المدينة.",
         "ar", "ASSAULT"),
        # "reports of an explosion were false" closes the clause like a denial verb
        ("Shahardagi portlash haqidagi xabarlar yolg'on ekani aytildi.", "uz", "ASSAULT"),
    ],
)
def test_not_an_event(text: str, lang: str, absent: str) -> None:
    assert absent not in types(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "present"),
    [
        # real verbal threats stay events
        ("The group threatened the border guards.", "en", "THREATEN"),
        ("Боевики пригрозили пограничникам.", "ru", "THREATEN"),
        ("هدد التنظيم حرس الحدود.", "ar", "THREATEN"),
        ("Guruh chegarachilarga tahdid qilgan.", "uz", "THREATEN"),
        # military exercises are a show of force
        ("The two armies held joint military exercises.", "en", "MOBILIZE"),
        ("Армии двух стран провели совместные учения.", "ru", "MOBILIZE"),
        ("Армии двух стран провели совместные учения.", "ru", "COOPERATE"),
        ("أجرى البلدان مناورات مشتركة.", "ar", "MOBILIZE"),
        ("دو کشور رزمایش مشترک برگزار کردند.", "fa", "MOBILIZE"),
        ("Ҳарду кишвар машқҳои муштарак гузаронданд.", "tg", "MOBILIZE"),
        ("Екі ел бірлескен оқу-жаттығу өткізді.", "kk", "MOBILIZE"),
        ("Ikki davlat qo'shma harbiy mashg'ulot o'tkazdi.", "uz", "MOBILIZE"),
        ("Iki ýurt bilelikdäki türgenleşik geçirdi.", "tk", "COOPERATE"),
        ("Iki ýurt bilelikdäki türgenleşik geçirdi.", "tk", "MOBILIZE"),
    ],
)
def test_still_an_event(text: str, lang: str, present: str) -> None:
    assert present in types(text, lang)


@pytest.mark.parametrize(
    ("sentence", "names", "trigger", "lang", "expected"),
    [
        # the country a sentence is about is no participant
        ("The two sides discussed the situation in Afghanistan.",
         [("Afghanistan", "AF")], "discussed", "en", (None, None)),
        ("Стороны обсудили ситуацию в Афганистане.",
         [("Афганистане", "AF")], "обсудили", "ru", (None, None)),
        ("وناقش الطرفان الوضع في أفغانستان.",
         [("أفغانستان", "AF")], "ناقش", "ar", (None, None)),
        ("طرفین درباره وضعیت افغانستان گفتگو کردند.",
         [("افغانستان", "AF")], "گفتگو", "fa", (None, None)),
        ("Тарафҳо вазъият дар Афғонистонро баррасӣ карданд.",
         [("Афғонистон", "AF")], "баррасӣ", "tg", (None, None)),
        ("Tomonlar Afg'oniston haqida muzokara o'tkazdi.",
         [("Afg'oniston", "AF")], "muzokara", "uz", (None, None)),
        ("Тараптар Ауғанстан туралы келіссөз жүргізді.",
         [("Ауғанстан", "AF")], "келіссөз", "kk", (None, None)),
        ("Тараптар Ооганстан жөнүндө сүйлөшүү жүргүзүштү.",
         [("Ооганстан", "AF")], "сүйлөшүү", "ky", (None, None)),
        ("Taraplar Owganystan barada gepleşik geçirdiler.",
         [("Owganystan", "AF")], "gepleşik", "tk", (None, None)),
        ("دواړو خواوو د افغانستان په اړه خبرې وکړې.",
         [("افغانستان", "AF")], "خبرې", "ps", (None, None)),
        # the subject side acts; a partner after "with" (or before bilan) receives
        ("Kazakhstan held talks with Russia on Afghanistan.",
         [("Kazakhstan", "KZ"), ("Russia", "RU")], "talks", "en", ("KZ", "RU")),
        ("Казахстан провел переговоры с Россией по вопросу Афганистана.",
         [("Казахстан", "KZ"), ("Россией", "RU"), ("Афганистана", "AF")], "переговоры",
         "ru", ("KZ", "RU")),
        ("O'zbekiston Rossiya bilan muzokara o'tkazdi.",
         [("O'zbekiston", "UZ"), ("Rossiya", "RU")], "muzokara", "uz", ("UZ", "RU")),
        ("Россия менен Кыргызстан сүйлөшүү жүргүзүштү.",
         [("Россия", "RU"), ("Кыргызстан", "KG")], "сүйлөшүү", "ky", ("RU", "KG")),
        ("O'zbekiston bilan Tojikiston muzokara o'tkazdi.",
         [("O'zbekiston", "UZ"), ("Tojikiston", "TJ")], "muzokara", "uz", ("UZ", "TJ")),
        ("Türkmenistan Owganystan bilen gepleşik geçirdi.",
         [("Türkmenistan", "TM"), ("Owganystan", "AF")], "gepleşik", "tk", ("TM", "AF")),
        ("قزاقستان با روسیه مذاکره کرد.",
         [("قزاقستان", "KZ"), ("روسیه", "RU")], "مذاکره", "fa", ("KZ", "RU")),
        # Arabic: the verb first, its subject right after it
        ("وناقش توكاييف مع بوتين التعاون.",
         [("توكاييف", "KZ"), ("بوتين", "RU")], "ناقش", "ar", ("KZ", "RU")),
        # ... but a name far after a verb with a pronoun subject is an object
        ("كما اتفقا على ضرورة التعاون في الدراسات التي تركز على آسيا الوسطى وأفغانستان.",
         [("أفغانستان", "AF")], "اتفقا", "ar", (None, "AF")),
    ],
)
def test_participants(sentence: str, names: list[tuple[str, str]], trigger: str, lang: str,
                      expected: tuple[str | None, str | None]) -> None:
    assert participants(sentence, names, trigger, lang) == expected
