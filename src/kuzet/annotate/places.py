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
from itertools import chain
from operator import itemgetter
from typing import Any

from kuzet.annotate.gazetteer import Entry, Gazetteer, Name, Reading, common_words, load
from kuzet.annotate.morph import prefix_ok, spaced, suffix_ok
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


_REST_OF_WORD = re.compile(r"(?:[^\W_]|'(?=[^\W\d_]))*")
# A match: folded start, end (endings included), key size, its names, language use, doubtful.
_Found = tuple[int, int, int, tuple[Name, ...], bool, bool]
_BY_POSITION = itemgetter(0, 1)  # start, then the longest key first


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


def _arab_names(r: Reading, prefix: str, suffix: str) -> tuple[Name, ...]:
    """The names of an Arabic-script match that its clitics and ending allow."""
    if not suffix_ok(suffix, "Arab"):
        return ()
    return tuple(n for n in r.names if prefix_ok(prefix, "Arab", n.needs_article)
                 and (suffix or not n.bound))


def find(gaz: Gazetteer, text: str) -> list[_Found]:
    """Name matches in folded ``text``, longest first, not overlapping."""
    found: list[tuple[int, int, int, Reading, tuple[Name, ...]]] = []
    n = len(text)
    # The automaton runs on the spaced text (one longer): keys of cased scripts carry the
    # space before them, so they only match at word starts.
    prepared = spaced(text)
    hits = gaz.automaton.iter(prepared.text)
    if prepared.arabic and gaz.arabic is not None:
        hits = chain(hits, gaz.arabic.iter(prepared.text))
    for last, r in hits:
        size, _key, verify, arab, names, unbound, _demonym, _all_bound, _other = r
        start = last - size
        if verify:  # punctuation in the key, or twins: compare with the text itself
            word = text[start:last]
            while r is not None and word != r.key:
                r = r.other
            if r is None:
                continue
            names, unbound = r.names, r.unbound
        end = last
        if last < n:
            c = text[last]
            if c.isalnum() or c == "'":
                end = _REST_OF_WORD.match(text, last).end()  # type: ignore[union-attr]
        if arab:
            ok = _arab_names(r, text[_word_start(text, start):start], text[last:end])
        elif end == last:
            ok = unbound
        else:
            ok = names if suffix_ok(text[last:end], names[0].script) else ()
        if ok:
            found.append((start, -size, end, r, ok))
    found.sort(key=_BY_POSITION)
    out: list[_Found] = []
    taken_to = -1
    common = common_words()
    money = any(c in text for c in _CURRENCY)
    for start, neg, end, r, names in found:
        if start < taken_to:
            continue
        taken_to = end
        size = -neg
        lang = r.demonym and any(x.via == "demonym" for x in names) and _language_use(
            text, start, end)
        if r.arab:
            doubtful = text[_word_start(text, start):end] in common
        else:
            doubtful = (end > start + size and size <= 4 and text[start + size] != "'"
                        and not r.all_bound and not all(x.bound for x in names)
                        ) or text[start:end] in common
        if money and _currency(text, start, end):
            continue
        out.append((start, end, size, names, lang, doubtful))
    return out


def _resolve(names: tuple[Name, ...], language: bool, doubtful: bool, upper: bool,
             context: set[str], strict: bool, units: frozenset[str] = frozenset()) -> Name | None:
    """The best name of a match, or None when its constraints are not met."""
    best: Name | None = None
    best_rank: tuple[int, ...] = ()
    for n in names:
        if language and n.via == "demonym":
            continue
        if (n.proper or doubtful) and not upper:
            continue
        in_context = n.country in context if n.country else False
        if (n.ambiguous or doubtful) and (strict or not in_context):
            continue
        if len(names) == 1:
            return n
        country_first, curated, kind, pop = n.rank
        rank = (int(n.weak), 0 if in_context else 1, country_first,
                0 if n.admin1 and n.admin1 in units else 1, curated, kind, pop)
        if best is None or rank < best_rank:
            best, best_rank = n, rank
    return best


def _outputs(article: Article, gaz: Gazetteer) -> tuple[list[Place], list[CountryRef]]:
    doc = article.doc
    norm = normalize(doc, fold=True)
    matches = find(gaz, norm.text)
    shifted = bool(norm.deleted)
    # (doc start, doc end, names, language, doubtful, upper); Arabic script has no case,
    # so its words count as capitalised
    located = []
    context: set[str] = set()
    units: set[str] = set()
    for start, end, _size, names, lang, doubtful in matches:
        s, e = norm.span(start, end) if shifted else (start, end)
        upper = not doc[s:s + 1].islower()
        located.append((s, e, names, lang, doubtful, upper))
        # first pass: countries named without doubt give the context for the second
        n = _resolve(names, lang, doubtful, upper, context, True)
        if n is not None:
            context.add(n.country or "")
            units.add(n.admin1 or "")
    frozen_units = frozenset(units)
    places: list[Place] = []
    refs: list[CountryRef] = []
    entries = gaz.entries
    for s, e, names, lang, doubtful, upper in located:
        if (s == 0 or doc[s - 1] == "\n") and _dateline(doc, s, e):
            continue
        n = _resolve(names, lang, doubtful, upper, context, False, frozen_units)
        if n is None:
            continue
        entry = entries[n.entry]
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
