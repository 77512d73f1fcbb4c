"""Transliteration tables shared by the lexicon stages.

Kazakh is published in Cyrillic and in several Latin alphabets (the 2021 official one,
Wikipedia's, news sites' own): ұ/у are written u or w, and the 2018 alphabet writes ш/ч
as sh/ch. Lexicons are written once in Cyrillic and matched in every spelling; the
folding normaliser removes the remaining diacritics.
"""

from __future__ import annotations

_KK_BASE = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "ı", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}

KK_LATIN: tuple[dict[int, str], ...] = tuple(
    str.maketrans({**_KK_BASE, **extra})
    for extra in ({}, {"ұ": "w"}, {"у": "w"}, {"ш": "sh", "ч": "ch"})
)


def kk_latin(text: str) -> list[str]:
    """The Latin spellings of a lower-cased Kazakh Cyrillic text, one per alphabet in use."""
    return list(dict.fromkeys(text.translate(table) for table in KK_LATIN))
