"""Language and script rules on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.text.lang import detect, script_of

CASES = [
    ("Президент Республики провёл встречу с министрами и обсудил вопросы экономики.", "ru", "Cyrl"),
    ("Қазақстан Республикасының Президенті өңірлік қауіпсіздік мәселелерін талқылады.", "kk", "Cyrl"),
    ("Qazaqstan Respublikasınıñ Prezidenti öñirlik qauıpsızdık mäselelerin talqıladı.", "kk", "Latn"),
    ("Кыргыз Республикасынын Президенти менен жолугушууда тараптар өз ара кызматташтыкты "
     "талкуулашты.", "ky", "Cyrl"),
    ("Ҷумҳурии Тоҷикистон ва Ӯзбекистон дар бораи ҳамкорӣ созишнома имзо карданд.", "tg", "Cyrl"),
    ("Бу йил Ўзбекистон ва Тожикистон ўртасидаги савдо ҳажми ошди. Томонлар ҳамкорлик "
     "масалаларини муҳокама қилди.", "uz", "Cyrl"),
    ("O‘zbekiston va Tojikiston o‘rtasidagi savdo hajmi bu yil oshdi, deb xabar berdi vazirlik.",
     "uz", "Latn"),
    ("Türkmenistanyň Prezidenti bilen duşuşykda taraplar hyzmatdaşlygyň meselelerini ara alyp "
     "maslahatlaşdylar we ýurtlaryň arasyndaky gatnaşyklary berkitmek barada gürrüň etdiler.",
     "tk", "Latn"),
    ("Türkiye ve Azerbaycan arasında yeni bir anlaşma imzalandı. Bakanlar bu konuda görüştü.",
     "tr", "Latn"),
    ("د افغانستان د بهرنیو چارو وزارت وايي چې له ګاونډیو هېوادونو سره اړیکې پراخوي.", "ps", "Arab"),
    ("وزارت امور خارجه افغانستان می‌گوید که روابط با کشورهای همسایه را گسترش می‌دهد.", "fa", "Arab"),
    ("قال وزير الخارجية إن العلاقات مع الدول المجاورة تشهد تطورا كبيرا في هذه المرحلة.", "ar", "Arab"),
    ("The foreign ministers met in Tashkent to discuss water sharing on the Amu Darya.", "en", "Latn"),
    ("Україна та Польща підписали нову угоду про співпрацю у сфері енергетики.", "uk", "Cyrl"),
]


@pytest.mark.parametrize(("text", "lang", "script"), CASES, ids=[c[1] + "-" + c[2] for c in CASES])
def test_detect(text: str, lang: str, script: str) -> None:
    assert detect(text) == (lang, script)


@pytest.mark.parametrize(("text", "script"), [("abc", "Latn"), ("абв", "Cyrl"), ("ابت", "Arab"),
                                              ("123 !!", "Zyyy"), ("", "Zyyy")])
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


def test_no_letters_is_undetermined() -> None:
    assert detect("12 345 — 678") == ("und", "Zyyy")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_detect_never_crashes(text: str) -> None:
    lang, script = detect(text)
    assert lang and script in {"Latn", "Cyrl", "Arab", "Zyyy"}


# Arabic typed with "علي" for "على" and loose "و" / "هم" / "به": Persian function words that
# are Arabic words too must not make it Persian when no Persian letter is in the text.
@pytest.mark.parametrize("text", [
    "فاز اللاعب المغربي علي منافسه الاسباني 6 / 2 و 6 / 3 و هم الان في الدور الثاني من "
    "البطولة به ثلاثة لاعبين",
    "فاز اللاعب علي الفرنسي 6 / 4 و6 / 2 . وتأهل العداء الي النهائي بعد فوز كبير علي منافسه "
    "و هم سعداء",
])
def test_arabic_with_words_persian_shares(text: str) -> None:
    assert detect(text) == ("ar", "Arab")


# Short Kazakh sentences: Kyrgyz shares ң ө ү but never writes қ ғ ә ұ і; "і" alone is also
# Ukrainian, but not with a Kazakh-only letter beside it.
@pytest.mark.parametrize(("text", "lang"), [
    ("Төрт жүз мың теңге қарыз алды.", "kk"),
    ("Біріншіден, бұл ластау.", "kk"),
    ("Бүгүн өлкөдө жаңы мектеп курулуп жатат, ага төрт жүз миң сом бөлүндү.", "ky"),
    ("Бишкекте жаңы көпүрө ачылды жана ал шаардын түштүгүндө жайгашкан.", "ky"),
])
def test_short_kazakh_and_kyrgyz(text: str, lang: str) -> None:
    assert detect(text) == (lang, "Cyrl")
