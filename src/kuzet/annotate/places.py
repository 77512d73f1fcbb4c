"""The places stage: places, countries and admin-1 units named in an article.

Matching runs one Aho-Corasick automaton of folded name stems over
``normalize(article.doc, fold=True)``; a match counts only at a word start (or after an
Arabic clitic) and when the rest of its word is an ending of its script
(``kuzet.annotate.morph``). Ambiguous names (short, common words, small villages and
districts) count only when their country is already named unambiguously in the text;
same-named places are resolved by the countries in the text, then kind and population.
Demonyms used as language names ("in Russian", "на русском", "rus tilida") are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kuzet.annotate.gazetteer import KIND_RANK, Entry, Gazetteer, Name, common_words, load
from kuzet.annotate.morph import prefix_ok, suffix_ok
from kuzet.model import Annotations, Article, CountryRef, Place
from kuzet.text.normalize import fold, normalize

# Words after a demonym that make it a language ("Russian language", "орыс тілі").
_LANGUAGE_NEXT = tuple(fold(w) for w in (
    "язык", "language", "-language", "-speaking", "тіл", "тил", "til", "dil", "забон", "زبان",
    "لغه", "speaker", "translation", "перевод", "version", "service", "редакция", "subtitles",
))
# Words before a demonym that make it a language ("in Russian", "на русском").
_LANGUAGE_PREV = frozenset(fold(w) for w in (
    "in", "на", "по", "speak", "speaks", "spoke", "speaking", "from", "into", "забони",
    "زبان", "اللغه", "باللغه", "بزبان", "tilida", "тилинде",
))
# A currency is not a reference to its country ("AQSh dollari", "долларов США").
_CURRENCY = tuple(fold(w) for w in ("dollar", "доллар", "долар", "دلار", "دولار", "yuan", "юан"))
_DATELINE_END = frozenset(",(:/–—-")


@dataclass(frozen=True)
class _Match:
    start: int  # folded-text offsets of the name (clitics excluded)
    end: int  # end of the word, endings included
    names: tuple[Name, ...]
    upper: bool  # the original word starts with an upper-case letter
    language: bool  # a demonym used as a language name
    doubtful: bool = False  # a common word, or a short name with an ending: needs context


_REST_OF_WORD = re.compile(r"(?:[^\W_]|'(?=[^\W\d_]))*")


def _word_end(t: str, i: int) -> int:
    m = _REST_OF_WORD.match(t, i)
    return m.end() if m else i


def _word_start(t: str, i: int) -> int:
    while i > 0 and t[i - 1].isalnum():
        i -= 1
    return i


def _currency(t: str, start: int, end: int) -> bool:
    after = t[end:end + 12].lstrip(" ")
    before = t[max(0, start - 12):start].rstrip(" ").split()
    return after.startswith(_CURRENCY) or (bool(before) and before[-1].startswith(_CURRENCY))


def _language_use(t: str, start: int, end: int) -> bool:
    after = t[end:end + 16].lstrip(" ")
    if after.startswith(_LANGUAGE_NEXT):
        return True
    before = t[max(0, start - 16):start].rstrip(" -").split()
    return bool(before) and before[-1] in _LANGUAGE_PREV


def find(gaz: Gazetteer, text: str) -> list[_Match]:
    """Name matches in folded ``text``, longest first, not overlapping."""
    found: list[tuple[int, int, int, tuple[Name, ...]]] = []
    common = common_words()
    for last, (size, names) in gaz.automaton.iter(text):
        start, key_end = last - size + 1, last + 1
        if start and text[start - 1].isalnum() and names[0].script != "Arab":
            continue  # inside a word: the common case, rejected cheaply
        word_start = _word_start(text, start)
        end = _word_end(text, key_end) if key_end < len(text) else key_end
        suffix = text[key_end:end]
        ok = tuple(
            n for n in names
            if prefix_ok(text[word_start:start], n.script, n.needs_article)
            and suffix_ok(suffix, n.script) and (suffix or not n.bound)
        )
        if ok:
            found.append((start, size, end, ok))
    found.sort(key=lambda m: (m[0], -m[1]))
    out: list[_Match] = []
    taken_to = -1
    for start, size, end, names in found:
        if start < taken_to:
            continue
        taken_to = end
        lang = any(n.via == "demonym" for n in names) and _language_use(text, start, end)
        word = text[_word_start(text, start):end]
        short = (end > start + size and size <= 4 and names[0].script != "Arab"
                 and text[start + size] != "'" and not all(n.bound for n in names))
        doubtful = word in common or short
        if _currency(text, start, end):
            continue
        out.append(_Match(start, end, names, False, lang, doubtful))
    return out


def _resolve(gaz: Gazetteer, m: _Match, context: set[str], strict: bool,
             units: frozenset[str] = frozenset()) -> Name | None:
    """The best name of a match, or None when its constraints are not met."""
    best: tuple[tuple[int, ...], Name] | None = None
    for n in m.names:
        e = gaz.entries[n.entry]
        if n.via == "demonym" and m.language:
            continue
        if (n.proper or m.doubtful) and not m.upper:
            continue
        in_context = e.country in context if e.country else False
        if (n.ambiguous or m.doubtful) and (strict or not in_context):
            continue
        in_unit = 0 if e.admin1 and e.admin1 in units else 1
        country_first = 0 if e.kind == "country" else 1
        curated = 0 if e.id.startswith("ca:") else 1
        rank = (int(n.weak), 0 if in_context else 1, country_first, in_unit, curated,
                KIND_RANK.get(e.kind, 9), -e.pop)
        if best is None or rank < best[0]:
            best = (rank, n)
    return best[1] if best else None


def _outputs(article: Article, gaz: Gazetteer) -> tuple[list[Place], list[CountryRef]]:
    doc = article.doc
    norm = normalize(doc, fold=True)
    matches = find(gaz, norm.text)
    spans = [norm.span(m.start, m.end) for m in matches]
    # Arabic script has no case: its words count as capitalised
    matches = [_Match(m.start, m.end, m.names, not doc[s:s + 1].islower(), m.language,
                      m.doubtful) for m, (s, _) in zip(matches, spans, strict=True)]
    # first pass: countries named without doubt give the context for the second
    context: set[str] = set()
    units: set[str] = set()
    for m in matches:
        n = _resolve(gaz, m, context, strict=True)
        if n is not None:
            entry = gaz.entries[n.entry]
            context.add(entry.country or "")
            units.add(entry.admin1 or "")
    frozen_units = frozenset(units)
    places: list[Place] = []
    refs: list[CountryRef] = []
    for m, (s, e) in zip(matches, spans, strict=True):
        if _dateline(doc, s, e):
            continue
        n = _resolve(gaz, m, context, strict=False, units=frozen_units)
        if n is None:
            continue
        entry = gaz.entries[n.entry]
        text = doc[s:e]
        if entry.kind != "country":
            places.append(_place(entry, text, s, e))
        if entry.country:
            via = n.via if entry.kind == "country" or n.via == "capital" else "place"
            refs.append(CountryRef(entry.country, text, s, e, via))
    return places, refs


def _dateline(doc: str, start: int, end: int) -> bool:
    """A place opening a paragraph in capitals ("TOSHKENT, 5 iyun", "دوشنبه في 14 سبتمبر /قنا/")
    is the outlet's dateline, not the story's place."""
    word = doc[start:end]
    if word.islower() or (not word.isupper() and word[:1].isupper()):
        return False
    if doc[max(0, start - 1):start] not in ("", "\n"):
        return False
    after = doc[end:end + 6].lstrip(" ")
    return bool(after) and (after[0] in _DATELINE_END or after.startswith("في "))


def _place(entry: Entry, text: str, start: int, end: int) -> Place:
    return Place(entry.name, text, start, end, entry.kind, entry.country, entry.admin1,
                 entry.lat, entry.lon, entry.id)


def make_stage() -> Any:
    """Build the places stage (loads the gazetteer once)."""
    gaz = load()

    def stage(article: Article, found: Annotations) -> Mapping[str, Any]:
        places, refs = _outputs(article, gaz)
        return {"places": tuple(places), "countries": found.countries + tuple(refs)}

    return stage
