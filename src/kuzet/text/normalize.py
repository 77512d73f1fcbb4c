"""Normalisation for matching, with offsets back into the original text.

Every later stage matches on normalised text and reports offsets into the original.
The mapping is one character to at most one character (a character is either kept,
replaced by one character, or deleted), so offsets stay cheap: when nothing is deleted
the normalised index *is* the original index.

Two levels:
- ``normalize(text)``: lower case; Arabic diacritics and tatweel removed; alef, hamza,
  alef maqsura and taa marbuta forms unified; Persian and Pashto letters mapped to one
  form; ``ё`` → ``е``; Uzbek apostrophes unified; invisible characters removed.
- ``normalize(text, fold=True)``: also folds the extra letters of Kazakh, Kyrgyz and
  Tajik Cyrillic (``қ`` → ``к``) and of Turkmen/Turkish/Uzbek Latin (``ş`` → ``s``), so
  spelling variants across the region's languages meet.

Input is expected in NFC (ingestion normalises it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_DELETE = (
    # Arabic harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, tatweel
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    # soft hyphen, zero-width space/joiner, bidi marks, BOM
    + ["\u00ad", "\u200b", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    # combining acute/grave (stress marks in Russian text)
    + ["\u0300", "\u0301"]
)

_REPLACE: dict[str, str] = {
    # Arabic alef and hamza forms
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه",
    # Persian, Urdu and Pashto letters to one form
    "ی": "ي", "ۍ": "ي", "ې": "ي", "ێ": "ي", "ے": "ي",
    "ک": "ك", "ڪ": "ك",
    "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ە": "ه",
    "ګ": "گ", "ټ": "ت", "ډ": "د", "ړ": "ر", "ږ": "ژ", "ښ": "ش", "ځ": "ج", "څ": "ج", "ڼ": "ن",
    # Arabic-Indic and Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    # Cyrillic
    "ё": "е", "Ё": "е",
    # Apostrophes (Uzbek oʻ gʻ, Turkish suffixes): one form
    "ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "ʹ": "'", "′": "'",
    # Dashes and spaces
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200c": " ", "\t": " ",
    # Characters whose lower() changes length: map first so the mapping stays 1:1
    "İ": "i",
}

_FOLD: dict[str, str] = {
    # Kazakh, Kyrgyz, Tajik, Bashkir Cyrillic extras
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
    "і": "и", "ӣ": "и", "ӯ": "у", "ҳ": "х", "ҷ": "ч", "ҝ": "к", "ҹ": "ч",
    "Ә": "а", "Ғ": "г", "Қ": "к", "Ң": "н", "Ө": "о", "Ұ": "у", "Ү": "у", "Һ": "х",
    "І": "и", "Ӣ": "и", "Ӯ": "у", "Ҳ": "х", "Ҷ": "ч",
    "й": "и", "Й": "и",
    # Latin: Turkmen, Turkish, Uzbek, Azerbaijani, Kazakh Latin
    "ä": "a", "ç": "c", "ğ": "g", "ı": "i", "ñ": "n", "ň": "n", "ö": "o", "ş": "s",
    "ü": "u", "ý": "y", "ž": "z", "ə": "a", "ū": "u", "á": "a", "ó": "o", "ú": "u",
    "é": "e", "í": "i", "ǵ": "g", "ń": "n", "ș": "s", "ţ": "t", "ț": "t", "č": "c",
    "š": "s", "ē": "e", "ī": "i", "ā": "a", "ō": "o", "à": "a", "è": "e",
    "Ä": "a", "Ç": "c", "Ğ": "g", "Ň": "n", "Ö": "o", "Ş": "s", "Ü": "u", "Ý": "y",
    "Ž": "z", "Ə": "a", "Š": "s", "Č": "c", "Á": "a", "Ó": "o", "Ú": "u", "É": "e",
    # Arabic-script letters folded for cross-language matching
    "پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك",
}


@lru_cache(maxsize=2)
def _table(fold: bool) -> dict[int, int | None]:
    table: dict[int, int | None] = {ord(c): None for c in _DELETE}
    for src, dst in _REPLACE.items():
        table[ord(src)] = ord(dst)
    if fold:
        for src, dst in _FOLD.items():
            table[ord(src)] = ord(dst)
    # Resolve chains (Pashto ږ → ژ → ز when folding) so one pass gives the final form.
    for key, value in table.items():
        seen = {key}
        while value is not None and value in table and value not in seen:
            seen.add(value)
            value = table[value]
        table[key] = value
    return table


@lru_cache(maxsize=2)
def _mapped_re(fold: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    # Replacing only the characters that change is ~3x faster than str.translate, which
    # looks up every character of the text in the table. A capturing split puts those
    # characters at the odd positions of the result.
    table = _table(fold)
    chars = "".join(re.escape(chr(k)) for k in table)
    return re.compile(f"([{chars}])"), {chr(k): chr(v) if v is not None else "" for k, v in table.items()}


@lru_cache(maxsize=2)
def _delete_re(fold: bool) -> re.Pattern[str]:
    chars = "".join(re.escape(chr(k)) for k, v in _table(fold).items() if v is None)
    return re.compile(f"[{chars}]")


@dataclass(frozen=True)
class Normalized:
    """Normalised text and the way back to offsets in the original."""

    text: str
    original: str
    deleted: tuple[int, ...]  # original positions of deleted characters, ascending
    # deleted[k] - k: how many kept characters come before the k-th deletion (nondecreasing)
    _kept_before: tuple[int, ...] = ()

    def to_original(self, i: int) -> int:
        """Original offset of normalised offset ``i`` (``len(text)`` maps to the end)."""
        if not self.deleted:
            return i
        if i >= len(self.text):
            return len(self.original)
        # every deletion with at most i kept characters before it lies before kept char i
        return i + bisect_right(self._kept_before, i)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of a normalised half-open span."""
        if not self.deleted:
            return start, end
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1

    def from_original(self, o: int) -> int:
        """Normalised offset of original offset ``o`` (a deleted char maps to the next kept)."""
        return o - bisect_right(self.deleted, o - 1) if self.deleted else o


@lru_cache(maxsize=16)
def normalize(text: str, fold: bool = False) -> Normalized:
    """Normalise ``text`` for matching; see the module docstring for what changes."""
    # Cached: every stage normalises the same document, and Normalized is immutable.
    pattern, mapping = _mapped_re(fold)
    parts = pattern.split(text)
    parts[1::2] = [mapping[c] for c in parts[1::2]]
    out = "".join(parts).lower()
    if len(out) == len(text):
        return Normalized(out, text, ())
    deleted = tuple(m.start() for m in _delete_re(fold).finditer(text))
    return Normalized(out, text, deleted, tuple(d - k for k, d in enumerate(deleted)))


def fold(text: str) -> str:
    """Normalised and folded text alone, for building lexicons and keys."""
    return normalize(text, fold=True).text


_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")


def strip_arabic_diacritics(text: str) -> str:
    """Remove Arabic harakat and tatweel (for the full-text index)."""
    return _ARABIC_DIACRITICS.sub("", text)
