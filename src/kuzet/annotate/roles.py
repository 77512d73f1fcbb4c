"""Who takes part in an event: actor and recipient among the names of its sentence.

A country named as the topic ("the situation in Afghanistan", "вопрос Афганистана") is no
participant; a name after "with" ("с", "مع", "با") or before a Turkic or Pashto
postposition ("bilan", "سره") is the other side; the actor is the subject side of the
clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from typing import Any, NamedTuple

from kuzet.annotate.eventlex import (
    _ARABIC_SCRIPT,
    _ROLE_KINDS,
    _raw_entries,
    _read,
    _spellings,
    _words,
)
from kuzet.text.normalize import fold, normalize


class Named(NamedTuple):
    """An actor or country named in a sentence (folded offsets) and its id or code."""

    start: int
    end: int
    id: str


class RoleCues(NamedTuple):
    """Regexes of one language's role words: before a name (at its end) and after it."""

    before: re.Pattern[str] | None  # groups "about" / "with", anchored at the window's end
    after: re.Pattern[str] | None  # groups "about" / "with", matched at the name's end
    skip: re.Pattern[str] | None = None  # ``before`` tried at four word starts: _skipping


_ARABIC_LEAD = "(?<![^\\W\\d_])[وفبلك]{0,2}"  # Arabic script glues clitics on (و+الوضع)
_LEAD = "(?<!\\w)"  # elsewhere a term starts a word


def _alternation(terms: Sequence[tuple[str, bool]], factored: bool = False) -> str:
    """Regex alternation of folded terms; a stem takes any ending, an exact term none.

    ``factored`` puts each script's lead once in front of its terms, so that re skips a
    term on its first letter instead of testing a lookbehind per term. It matches the
    same texts, but may take another term first: only for callers that read which group
    matched, not where the match ends.
    """
    out: list[str] = []
    arabic: list[str] = []
    for term, exact in sorted(terms, key=lambda t: -len(t[0])):
        lead = _ARABIC_LEAD if _ARABIC_SCRIPT.match(term) else _LEAD
        body = re.escape(term) + ("(?!\\w)" if exact else "\\w*")
        if not factored:
            out.append(lead + body)
        else:
            (arabic if lead == _ARABIC_LEAD else out).append(body)
    if factored:
        # a text letter is Arabic or not, so at most one of the two groups can match
        groups = [f"{_LEAD}(?:{'|'.join(out)})" if out else "",
                  f"{_ARABIC_LEAD}(?:{'|'.join(arabic)})" if arabic else ""]
        return "|".join(g for g in groups if g)
    return "|".join(out)


def _role_terms(langs: tuple[str, ...]) -> dict[str, list[tuple[str, bool]]]:
    """Folded role words of ``langs`` by section, each with whether it is exact."""
    terms: dict[str, list[tuple[str, bool]]] = {k: [] for k in _ROLE_KINDS}
    for lang in langs:
        for raw, entry in _raw_entries(_read(f"lexicons/events/{lang}.txt"), lang):
            if entry.kind in _ROLE_KINDS:
                for spelling in _spellings(raw, lang):
                    if term := fold(spelling).strip():
                        terms[entry.kind].append((term, entry.exact))
    return terms


@lru_cache(maxsize=16)
def role_cues(langs: tuple[str, ...]) -> RoleCues:
    """The role words of ``langs`` (sections ABOUT, WITH before a name; *_AFTER after it).

    They are looked for only around the names of a sentence holding an event, not in
    the trigger automaton: prepositions such as "с", "о", "with" are among the most
    frequent words and would slow every document down.
    """
    terms = _role_terms(langs)
    before = after = None
    if terms["ABOUT"] or terms["WITH"]:
        # the cue, then at most one word ("situation IN Afghanistan") before the name
        before = re.compile(
            f"(?:(?P<about>{_alternation(terms['ABOUT'], True) or '(?!)'})"
            f"|(?P<with>{_alternation(terms['WITH'], True) or '(?!)'}))"
            r"[\W_]+(?:[^\W_]+[\W_]+)?$")
    if terms["ABOUT_AFTER"] or terms["WITH_AFTER"]:
        # the rest of the name's word (a case ending: "Ауғанстан|дағы"), then the cue
        after = re.compile(
            r"\w*[\W_]*?(?:"
            f"(?P<about>{_alternation(terms['ABOUT_AFTER']) or '(?!)'})"
            f"|(?P<with>{_alternation(terms['WITH_AFTER']) or '(?!)'}))")
    # the one-match search needs every cue to start with a letter or digit (see _skipping)
    starts_word = all(_WORD_CHAR.match(t) for k in ("ABOUT", "WITH") for t, _ in terms[k])
    return RoleCues(before, after,
                    _skipping(before) if before is not None and starts_word else None)


_WINDOW = 48  # characters before a name where its preposition may stand


# The start of the fourth-last word before a name, read in the reversed text: one match
# finds it, where collecting every word start of the window took a Python loop.
_LAST_WORDS = re.compile(r"(?:[\W_]*[^\W_]+){1,4}")
_WORD_CHAR = re.compile(r"[^\W_]")
_WORD = re.compile(r"[^\W_][^\W_]*")


def _skipping(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` tried at a word start and, failing that, at each of the next three.

    The lazy skip moves from one word start to the next, earliest first, so one match at
    the fourth-last word start gives what anchored tries at each of the last four did
    (every role cue starts with a letter, so no try starts at a separator).
    """
    return re.compile(r"(?:[^\W_]+[\W_]+){0,3}?(?:" + pattern.pattern + ")")


def _cue_before(pattern: re.Pattern[str] | None, text: str, lo: int, at: int,
                reverse: str | None = None, skip: re.Pattern[str] | None = None,
                ) -> re.Match[str] | None:
    """A role cue ending one word or less before ``at``, tried at the last word starts.

    ``reverse`` is ``text[::-1]`` (made once per text by callers with many names) and
    ``skip`` is :func:`_skipping` of ``pattern`` (made once per language; without it, the
    last four word starts are tried one by one).
    """
    if pattern is None:
        return None
    # anchored tries at the last four word starts: a search over the window would try
    # the whole alternation at every character
    if skip is None:  # a cue starting with a sign: anchored tries at each word start
        for start in [m.start() for m in _WORD.finditer(text, lo, at)][-4:]:
            m = pattern.match(text, start, at)
            if m:
                return m
        return None
    if reverse is None:
        reverse = text[::-1]
    size = len(text)
    last = _LAST_WORDS.match(reverse, size - at, size - lo)
    if last is None:  # no word in the window
        return None
    return skip.match(text, size - last.end(), at)


def roles(text: str, named: Sequence[Named], cues: RoleCues, lo: int = 0,
          hi: int | None = None, reverse: str | None = None,
          ) -> tuple[list[Named], set[int]]:
    """The names that take part (topics dropped) and the indexes of those marked partners.

    A country named as the topic ("the situation in Afghanistan", "вопрос Афганистана",
    "الوضع في أفغانستان", "Afg'oniston haqida") is no participant; a name after "with"
    ("с", "مع", "با") or before a Turkic or Pashto postposition ("bilan", "سره") is the
    other side. ``lo``/``hi`` bound the sentence; ``reverse`` is ``text[::-1]``, if made.
    """
    if not named or (cues.before is None and cues.after is None):
        return list(named), set()
    hi = len(text) if hi is None else hi
    if reverse is None and cues.before is not None:
        reverse = text[::-1]
    kept: list[Named] = []
    partners: set[int] = set()
    for n in named:
        topic = partner = False
        m = _cue_before(cues.before, text, max(lo, n.start - _WINDOW), n.start, reverse,
                        cues.skip)
        if m:
            topic, partner = m.group("about") is not None, m.group("with") is not None
        m = cues.after.match(text, n.end, min(hi, n.end + _WINDOW)) if cues.after else None
        if m:
            topic = topic or m.group("about") is not None
            # Turkic "X bilan Y" also means "X and Y": then X is no partner
            partner = partner or (m.group("with") is not None and not any(
                o.start >= m.end() and _words(text, m.end(), o.start) == 0 for o in named))
        if not topic:
            if partner:
                partners.add(len(kept))
            kept.append(n)
    return kept, partners


def _participants(named: Sequence[Named], trigger_at: int,
                  partners: AbstractSet[int] = frozenset(), text: str = "",
                  ) -> tuple[str | None, str | None]:
    """Actor and recipient: the subject side of the clause, then the other side.

    The subject comes first in the clause in SVO (en, ru) and subject-first verb-final
    languages (Turkic, Persian, Pashto), so the actor is the first name before the
    trigger; Arabic puts the verb first ("وناقش الطرفان"), so with no name before it the
    actor is a name right after it (three words at most: further on, the subject was a
    pronoun and the name is an object). A partner ("with X") is never the actor.
    """
    if not named:
        return None, None
    sides: Sequence[Named] = named
    first: list[str] = []
    if partners:
        sides = [n for i, n in enumerate(named) if i not in partners]
        first = [named[i].id for i in sorted(partners)]
    # names come in text order: those before the trigger are a head of the list
    cut = 0
    for n in sides:
        if n[0] >= trigger_at:
            break
        cut += 1
    actor: str | None = None
    rest = cut + 1  # where the names after the trigger start, once the actor is taken
    if cut:
        actor = sides[0][2]
        rest = cut
    elif sides and _words(text, trigger_at, sides[0][0]) <= 3:
        actor = sides[0][2]
    else:
        rest = 0
    for ident in first:
        if ident != actor:
            return actor, ident
    for i in (*range(rest, len(sides)), *range(1, cut)):
        if sides[i][2] != actor:
            return actor, sides[i][2]
    return actor, None


def participants(sentence: str, names: Sequence[tuple[str, str]], trigger: str,
                 lang: str) -> tuple[str | None, str | None]:
    """Actor and recipient of ``trigger`` in one sentence naming ``(text, id)`` pairs."""
    text = normalize(sentence, fold=True).text
    named: list[Named] = []
    for surface, ident in names:
        at = text.find(fold(surface))
        if at >= 0:
            named.append(Named(at, at + len(fold(surface)), ident))
    named.sort()
    kept, partners = roles(text, named, role_cues((lang,)))
    return _participants(kept, text.find(fold(trigger)), partners, text)


def _named(actors: Sequence[Any], countries: Sequence[Any],
           at: Any = None) -> list[Named]:
    """Actors and the countries outside them, in text order (folded offsets via ``at``)."""
    new = tuple.__new__  # Named(...) would run the NamedTuple's Python-level __new__
    named: list[Named] = [new(Named, (a.start, a.end, a.id)) for a in actors]
    if countries:
        if actors:
            # "Kazakhstan and the UN discuss": a country counts unless an actor holds it
            spans = [(a.start, a.end) for a in actors]
            for c in countries:
                cs = c.start
                for s, e in spans:
                    if s <= cs < e:
                        break
                else:
                    named.append(new(Named, (cs, c.end, c.code)))
        else:
            named = [new(Named, (c.start, c.end, c.code)) for c in countries]
        named.sort()
    if at is not None:
        named = [new(Named, (at(n[0]), at(n[1]), n[2])) for n in named]
    return named
