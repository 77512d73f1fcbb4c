import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.text.normalize import fold, normalize, strip_arabic_diacritics

ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "Z", "S", "Cf"),
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("عشق أباد", "عشق اباد"),
        ("اجتماعًا", "اجتماعا"),
        ("كازاخستـــان", "كازاخستان"),
        ("مدرسة", "مدرسه"),
        ("على", "علي"),
        ("Ёлка", "елка"),
        ("Oʻzbekiston", "o'zbekiston"),
        ("Gʻarb", "g'arb"),
        ("افغانستان", "افغانستان"),
        ("کابل", "كابل"),
        ("ایران", "ايران"),
    ],
)
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Қазақстан", "казакстан"),
        ("Тоҷикистон", "точикистон"),
        ("Türkmenistan", "turkmenistan"),
        ("Aşgabat", "asgabat"),
        ("Кыргызстан", "кыргызстан"),
        ("ږ", "ز"),
        ("ګ", "ك"),
    ],
)
def test_fold_table(raw: str, expected: str) -> None:
    assert fold(raw) == expected


@given(st.text(alphabet=ALPHABET, max_size=200), st.booleans())
def test_offsets_map_back_into_original(text: str, folded: bool) -> None:
    n = normalize(text, fold=folded)
    assert len(n.text) == len(text) - len(n.deleted)
    for i in range(len(n.text)):
        o = n.to_original(i)
        assert 0 <= o < len(text)
        # the character at o is the one that produced n.text[i]
        assert normalize(text[o], fold=folded).text == n.text[i]
    start, end = n.span(0, len(n.text))
    assert 0 <= start <= end <= len(text)


@given(st.text(alphabet=ALPHABET, max_size=200))
def test_from_original_inverts_to_original(text: str) -> None:
    n = normalize(text)
    for i in range(len(n.text)):
        assert n.from_original(n.to_original(i)) == i


def test_strip_arabic_diacritics() -> None:
    assert strip_arabic_diacritics("حَدِيثًا") == "حديثا"


@given(st.text(alphabet=ALPHABET, max_size=300), st.booleans())
def test_fast_path_equals_translate_table(text: str, folded: bool) -> None:
    from kuzet.text.normalize import _table

    assert normalize(text, fold=folded).text == text.translate(_table(folded)).lower()
