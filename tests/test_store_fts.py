"""Full-text search in the ten languages, and properties of the query normaliser."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.model import PARAGRAPH_SEP, Article
from kuzet.store import Store, fts
from tests.test_store_backends import BACKENDS, backend_url

# Invented sentences, one per language or spelling problem: (id, language, title, body).
DOCS = [
    ("ar", "ar", "وصلَ وزيرُ الخارجيةِ الكازاخستانيُّ إلى القاهرةِ",
     "وبحثَ الجانبانِ الأمنَ المائيَّ في آسيا الوسطى وأفغانستان."),
    ("fa", "fa", "نشست در کابل", "وزیران ایران و تاجیکستان درباره آب گفتگو کردند."),
    ("ps", "ps", "په کابل کې غونډه", "د پاکستان او افغانستان استازو خبرې وکړې."),
    ("ru", "ru", "Встреча в Бишкеке", "Министры обсудили водные ресурсы. Ёлка стояла у входа."),
    ("kk", "kk", "Қазақстан Республикасы", "Астанада су ресурстары туралы кездесу өтті."),
    ("ky", "ky", "Кыргызстандагы жолугушуу", "Өкмөт чек ара маселесин талкуулады."),
    ("uz", "uz", "Oʻzbekiston Respublikasi", "Toshkentda gʻalla hosili haqida majlis boʻldi."),
    ("uzc", "uz", "Ўзбекистон", "Тошкентда йиғилиш бўлди."),
    ("kkl", "kk", "Qazaqstan Ońtústik", "Shymkentte jıyn ótti."),
    ("tg", "tg", "Тоҷикистон ва об", "Дар Душанбе ҷаласа баргузор шуд."),
    ("tk", "tk", "Türkmenistanyň Daşary işler ministrligi", "Aşgabatda duşuşyk geçirildi."),
    ("en", "en", "Water talks in Dushanbe", "Ministers met on the Rogun dam."),
]

CASES = [
    # Arabic: diacritics in the document, none in the query; clitics; alef forms
    ("القاهرة", {"ar"}),
    ("قاهرة", {"ar"}),
    ("الخارجية", {"ar"}),
    ("وزير", {"ar", "fa"}),  # وزیران (Dari plural) too
    ("افغانستان", {"ar", "ps"}),
    ("المائي", {"ar"}),
    # Dari and Pashto letters meet Arabic ones
    ("كابل", {"fa", "ps"}),
    ("ايران", {"fa"}),
    ("پاکستان", {"ps"}),
    # Russian: case, ё/е, a stem finds its inflected forms
    ("бишкек", {"ru"}),
    ("БИШКЕКЕ", {"ru"}),
    ("елка", {"ru"}),
    ("водные министры", {"ru"}),
    # Kazakh: Cyrillic extras folded, agglutinated endings
    ("Қазақстан", {"kk"}),
    ("казакстан", {"kk"}),
    ("Астана", {"kk"}),
    ("өтті", {"kk"}),
    # Kyrgyz
    ("кыргызстан", {"ky"}),
    ("өкмөт", {"ky"}),
    # Uzbek Latin with every apostrophe, and without
    ("O'zbekiston", {"uz"}),
    ("O‘zbekiston", {"uz"}),
    ("Oʼzbekiston", {"uz"}),
    ("O`zbekiston", {"uz"}),
    ("Ozbekiston", {"uz"}),
    ("g'alla", {"uz"}),
    ("Toshkent", {"uz"}),
    # Uzbek Cyrillic
    ("ўзбекистон", {"uzc"}),
    ("Тошкент", {"uzc"}),
    # Kazakh Latin spellings (2018 acute, 2021 breve/diaeresis) meet
    ("Oñtüstik", {"kkl"}),
    ("ontustik qazaqstan", {"kkl"}),
    # Tajik and Turkmen
    ("Тоҷикистон", {"tg"}),
    ("точикистон", {"tg"}),
    ("Душанбе", {"tg"}),
    ("turkmenistan", {"tk"}),
    ("Aşgabat", {"tk"}),
    # English, several terms must all match
    ("dushanbe water", {"en"}),
    ("dushanbe rogun", {"en"}),
    ("dushanbe ташкент", set()),
    ("Ташкент", set()),
    # Query syntax is not ours to interpret
    ('"dam* ^rogun( NEAR', set()),
    ('"dam* ^rogun(', {"en"}),
    ("*** ... ''", set()),
    ("", set()),
]


@pytest.fixture(scope="module", params=BACKENDS)
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Store]:
    gen = backend_url(request.param, tmp_path_factory.mktemp("fts"))
    store = Store(next(gen))
    for aid, lang, title, body in DOCS:
        store.add_article(Article(id=aid, title=title, text=body, paragraphs=(body,),
                                  language=lang, url=f"https://example.org/{aid}"))
    yield store
    store.close()
    gen.close()


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_search_languages(corpus: Store, query: str, expected: set[str]) -> None:
    hits = corpus.search(query)
    assert {h["id"] for h in hits} == expected


def test_search_result_fields(corpus: Store) -> None:
    (hit,) = corpus.search("القاهرة")
    assert set(hit) == {"id", "title", "language", "published", "snippet"}
    assert hit["language"] == "ar"
    # the snippet quotes the original spelling, diacritics included
    assert "«القاهرةِ»" in hit["snippet"]


def test_search_limit(corpus: Store) -> None:
    assert len(corpus.search("كابل", limit=1)) == 1
    assert corpus.search("كابل", limit=0) == []


@pytest.mark.parametrize(
    ("doc", "query", "marked"),
    [
        ("Встреча в Бишкеке прошла", "бишкек", "«Бишкеке»"),
        ("Oʻzbekiston va Qozogʻiston", "ozbekiston", "«Oʻzbekiston»"),
        ("الى القاهرةِ اليوم", "قاهرة", "«القاهرةِ»"),
        ("no match here", "zzz", "no match here"),
    ],
)
def test_snippet(doc: str, query: str, marked: str) -> None:
    assert marked in fts.snippet(doc, fts.query_terms(query))


def test_snippet_window() -> None:
    doc = ("word " * 100) + "Target " + ("tail " * 100)
    out = fts.snippet(doc, fts.query_terms("target"), width=60)
    assert out.startswith("…") and out.endswith("…") and "«Target»" in out
    assert len(out) < 80


TEXT = st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z", "S", "Cf")),
               max_size=60)
_TERM = re.compile(r"[^\W_]+")


@given(TEXT)
def test_query_terms_are_plain_words(text: str) -> None:
    for term in fts.query_terms(text):
        assert _TERM.fullmatch(term)
        assert len(term) <= fts.MAX_TOKEN


@given(TEXT)
def test_text_finds_itself(text: str) -> None:
    assert set(fts.query_terms(text)) <= set(fts.index_terms(text))


@given(TEXT)
def test_query_normaliser_is_idempotent(text: str) -> None:
    terms = fts.query_terms(text)
    assert fts.query_terms(" ".join(terms)) == terms


@given(TEXT)
def test_offsets_point_at_the_words(text: str) -> None:
    for token, start, end in fts.keyed(text).tokens():
        assert [t for t, _, _ in fts.keyed(text[start:end]).tokens()] == [token]


@given(TEXT)
def test_any_query_is_safe_for_fts5(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 0')")
    conn.execute("INSERT INTO t(body) VALUES (?)", (" ".join(fts.index_terms(text)),))
    terms = fts.query_terms(text)
    if terms:
        found = conn.execute("SELECT count(*) FROM t WHERE t MATCH ?",
                             (fts.fts5_match(terms),)).fetchone()[0]
        assert found == 1  # and the text finds itself through the real tokenizer
    conn.close()


def test_doc_offsets_match_model() -> None:
    a = Article(id="x", title="Тоҷикистон", text="Об", paragraphs=("Об",))
    assert a.doc == "Тоҷикистон" + PARAGRAPH_SEP + "Об"
    assert fts.snippet(a.doc, fts.query_terms("точикистон")).startswith("«Тоҷикистон»")
