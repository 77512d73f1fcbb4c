"""The events stage: PLOVER events per sentence, with evidence, casualties and dates.

Per sentence, trigger words from the per-language lexicons
(``data/lexicons/events/*.txt``) give PLOVER event types coded to a CAMEO code, whose
Goldstein value, quad class, PLOVER mode and contexts come from ``data/cameo/cameo.tsv``.
A trigger is dropped when it is hypothetical — after a modal cue ("may", "plans",
"призвал") or governed by an intent verb ("agreed to meet" is AGREE, "called for talks"
is REQUEST, "threatened to attack" is THREATEN) — and flagged ``negated`` after a
negation cue ("denied attacking"); negated events are kept with ``negated=True`` and are
not counted as having happened. Actor, recipient and location come from what the actor
and place stages found in the sentence; casualties from :mod:`kuzet.annotate.casualties`;
dates from :mod:`kuzet.annotate.reldates`, resolved against the publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import MISSING, dataclass, fields
from datetime import date
from functools import lru_cache
from importlib import resources
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

import ahocorasick

from kuzet.annotate import casualties, reldates, sentences
from kuzet.annotate.morph import by_letter_frequency
from kuzet.model import Annotations, Article, Event, Span
from kuzet.text import translit
from kuzet.text.normalize import Normalized, fold, normalize

LANGUAGES: tuple[str, ...] = ("ar", "en", "fa", "kk", "ky", "ps", "ru", "tg", "tk", "uz")
EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
_EVENT_SET = frozenset(EVENT_TYPES)
_CUE_KINDS = ("NEG", "NEG_AFTER", "MODAL", "FUTURE", "WATER", "NOT", "HABIT", "DENY", "TOPIC",
              "ABOUT", "ABOUT_AFTER", "WITH", "WITH_AFTER")
# cues that say who takes part (not whether something happened): kept out of classify
_ROLE_KINDS = frozenset({"ABOUT", "ABOUT_AFTER", "WITH", "WITH_AFTER"})
# which event gives the article its date: material conflict first
PRIORITY: tuple[str, ...] = (
    "ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "THREATEN", "RETREAT", "ACCUSE",
    "REJECT", "REQUEST", "AID", "COOPERATE", "CONCEDE", "AGREE", "SUPPORT", "CONSULT",
)
# verbs of intent govern what follows them: "agreed to meet", "called for talks"
_INTENT = frozenset({"AGREE", "REQUEST", "THREATEN", "REJECT"})
# cooperation announced for the future is a promise: PLOVER codes it AGREE
_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
# conflict announced for the future is a threat: PLOVER codes "said they would boycott" THREATEN
_THREATENING = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
# verb-final languages put the intent verb and modal after the event word
_VERB_FINAL = frozenset({"kk", "ky", "uz", "tg", "tk", "fa", "ps"})
# TFDD Basins-at-Risk scale for water events, by PLOVER type
BAR: dict[str, int] = {
    "ASSAULT": -5, "MOBILIZE": -4, "COERCE": -4, "SANCTION": -3, "THREATEN": -2,
    "PROTEST": -2, "ACCUSE": -2, "REJECT": -1, "REQUEST": 1, "CONSULT": 1, "SUPPORT": 2,
    "CONCEDE": 2, "RETREAT": 2, "AGREE": 3, "COOPERATE": 4, "AID": 4,
}
_TREATY_BAR = 6  # a signed water agreement
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_CLITICS = frozenset("وفبلكايتنس")
_SECTION = re.compile(r"^\[([A-Z_]+)(?:\s+(\d{2,4}))?\]$")
# a word; [^\W_][^\W_]* rather than [^\W_]+ lets re skip ahead to a word character
_WORD = re.compile(r"[^\W_][^\W_]*")
_START_END = itemgetter(0, 1)  # a Hit's (start, end)
_FIRST = itemgetter(0)  # a Hit's start
_END = itemgetter(1)
_START = attrgetter("start")


@dataclass(frozen=True)
class Entry:
    """What a lexicon term means: an event type with its CAMEO code, or a cue kind."""

    kind: str  # an event type or one of NEG, NEG_AFTER, MODAL, WATER
    cameo: str | None
    exact: bool


_PROMISE = Entry("AGREE", "030", False)
_PROMISE_MEET = Entry("AGREE", "036", False)
_THREAT = Entry("THREATEN", "130", False)


class Hit(NamedTuple):
    """One term found in the folded text (a tuple: built tens of times per document)."""

    start: int
    end: int
    entry: Entry


@dataclass(frozen=True)
class CameoCode:
    """A row of the CAMEO table."""

    goldstein: float
    quad_class: int
    mode: str | None
    contexts: tuple[str, ...]


def parse_lexicon(text: str, source: str = "lexicon") -> list[tuple[str, Entry]]:
    """(folded term, entry) pairs of one lexicon file; raises ValueError on bad lines."""
    return [(t, e) for raw, e in _raw_entries(text, source) if (t := fold(raw).strip())]


def _raw_entries(text: str, source: str) -> list[tuple[str, Entry]]:
    """(term as written, entry) pairs of one lexicon file; raises ValueError on bad lines."""
    out: list[tuple[str, Entry]] = []
    kind: str | None = None
    cameo: str | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _SECTION.match(line)
        if m:
            kind, cameo = m.group(1), m.group(2)
            if kind not in EVENT_TYPES and kind not in _CUE_KINDS:
                raise ValueError(f"{source}:{n}: unknown section {kind}")
            if kind in EVENT_TYPES and not cameo:
                raise ValueError(f"{source}:{n}: event section without CAMEO code")
            continue
        if kind is None:
            raise ValueError(f"{source}:{n}: term before any section")
        exact = line.startswith("=")
        term = line.lstrip("=").strip()
        if term:
            out.append((term, Entry(kind, cameo, exact)))
    return out


def _read(name: str) -> str:
    return resources.files("kuzet.data").joinpath(name).read_text(encoding="utf-8")


def _spellings(raw: str, lang: str) -> list[str]:
    """A lexicon term as written, plus its other-script spellings (Kazakh Latin)."""
    if lang != "kk":
        return [raw]
    return [raw, *translit.kk_latin(raw.lower())]


@lru_cache(maxsize=16)
def _automaton(langs: tuple[str, ...]) -> Any:
    """One Aho-Corasick automaton over the lexicons of ``langs`` and their casualty cues.

    The casualty cues ride along so that one pass over the text finds both (a pass
    costs about as much as the rest of trigger lookup).
    """
    table: dict[str, list[Entry]] = {}
    for lang in langs:
        for raw, entry in _raw_entries(_read(f"lexicons/events/{lang}.txt"), lang):
            if entry.kind in _ROLE_KINDS:  # looked for around names only: role_cues
                continue
            for spelling in _spellings(raw, lang):
                term = fold(spelling).strip()
                entries = table.setdefault(term, []) if term else []
                if term and entry not in entries:
                    entries.append(entry)
    killing = casualties.cue_terms(langs[0] if len(langs) == 1 else None)
    auto = ahocorasick.Automaton()
    # keys added commonest letter first: the automaton tries a node's children in order
    for term in by_letter_frequency({**table, **killing}):
        entries = table.get(term, [])
        # decided once per term, not per match: whether the term may follow Arabic-script
        # clitics, and which of its entries also match inside a longer word
        clitics = len(term) > 3 and _ARABIC_SCRIPT.match(term) is not None
        loose = tuple(e for e in entries if not e.exact)
        auto.add_word(term, (len(term), tuple(entries), loose, clitics, killing.get(term)))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """CAMEO code -> Goldstein, quad class, PLOVER mode and contexts."""
    table: dict[str, CameoCode] = {}
    for line in _read("cameo/cameo.tsv").splitlines()[2:]:
        code, gold, quad, _kind, mode, ctx, _label = line.split("\t")
        table[code] = CameoCode(float(gold), int(quad), mode or None,
                                tuple(c for c in ctx.split(";") if c))
    return table


def _clitic_prefix(text: str, start: int) -> bool:
    """Only up to three clitic/prefix letters stand between a word start and ``start``."""
    i = start
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return start - i <= 3 and all(c in _CLITICS for c in text[i:start])


def find_hits(text: str, langs: tuple[str, ...]) -> list[Hit]:
    """Every lexicon term in folded ``text`` at a word start, overlaps resolved."""
    return _scan(text, langs)[0]


def _scan(text: str, langs: tuple[str, ...]) -> tuple[list[Hit], list[tuple[int, bool]]]:
    """:func:`find_hits` and :func:`casualties.cue_kinds` of ``text`` in one pass."""
    events: list[Hit] = []
    cues: list[Hit] = []
    casualty: list[tuple[int, bool]] = []
    arabic: bool | None = None  # whether the text has Arabic script, if a cue needs it
    size = len(text)
    isalpha = str.isalpha
    new_hit = tuple.__new__  # Hit(...) would run NamedTuple's Python-level __new__
    for end, (length, entries, loose, clitics, killing) in _automaton(langs).iter(text):
        start = end - length + 1
        inside = start and isalpha(text[start - 1])
        if killing is not None:
            # casualty cues follow casualties.cue_kinds: at a word start, or anywhere in
            # a text with Arabic script (clitics and verb prefixes are glued on)
            if inside and arabic is None:
                arabic = _ARABIC_SCRIPT.search(text) is not None
            if not inside or arabic:
                casualty.append((start, killing))
        # a term starts a word or, in Arabic script, follows clitics (و+اجتمع); short
        # stems hide inside words (و+زار = وزار(ة)), so they must start the word
        if inside and not (clitics and _clitic_prefix(text, start)):
            continue
        after = end + 1
        for entry in entries if after >= size or not isalpha(text[after]) else loose:
            # NOT words ("طالبان" beside "طالب") compete with triggers for the same letters
            kind = entry.kind
            (events if kind in _EVENT_SET or kind == "NOT" else cues).append(
                new_hit(Hit, (start, after, entry)))
    casualty.sort()
    return _resolve(events, cues), casualty


def _resolve(events: list[Hit], cues: list[Hit]) -> list[Hit]:
    """Drop event triggers inside a longer event trigger ("strike" in "drone strike")."""
    # longest first at each start (same start: a longer trigger ends later)
    # two stable sorts keyed in C equal one sort by (start, -end) with a Python key
    events.sort(key=_END, reverse=True)
    events.sort(key=_FIRST)
    kept: list[Hit] = []
    for h in events:
        start, end = h.start, h.end
        length = end - start
        for k in kept[-4:]:
            # inside a longer kept trigger, or the same words already giving this type
            if k.start <= start and end <= k.end and (
                    k.end - k.start > length
                    or (k.end - k.start == length and k.entry.kind == h.entry.kind)):
                break
        else:
            kept.append(h)
    kept = [h for h in kept if h.entry.kind != "NOT"]
    kept += cues
    kept.sort(key=_START_END)
    return kept


def _words(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text, a, b)) if b > a else 0


def classify(text: str, hits: Sequence[Hit], verb_final: bool) -> list[tuple[Hit, bool]]:
    """(trigger, negated) for the triggers of one sentence that report something real."""
    triggers: list[Hit] = []
    cues: list[Hit] = []
    for h in hits:
        (triggers if h.entry.kind in _EVENT_SET else cues).append(h)
    intents = [o for o in triggers if o.entry.kind in _INTENT]
    if not cues and not intents:  # most sentences: nothing can qualify the triggers
        return [(t, False) for t in triggers]
    if any(c.entry.kind == "HABIT" for c in cues):
        # "clashes have erupted repeatedly in recent years": background, not an event
        return []
    out: list[tuple[Hit, bool]] = []
    for t in triggers:
        status = _status(text, t, intents, cues, verb_final)
        if status == "hypothetical":
            continue
        if status == "future":
            promise = _PROMISE_MEET if t.entry.kind == "CONSULT" else _PROMISE
            t = Hit(t.start, t.end, promise)
        elif status == "threat":
            t = Hit(t.start, t.end, _THREAT)
        out.append((t, _negated(text, t, cues, verb_final)))
    return out


def _negated(text: str, t: Hit, cues: Sequence[Hit], verb_final: bool = False) -> bool:
    """A negation cue just before the trigger ("did not attack") or just after it.

    In verb-final languages a denial verb closes the clause it denies ("reports of a
    shoot-out ... denied"), so it negates a trigger up to five words before it.
    """
    for c in cues:
        kind = c.entry.kind
        if kind == "NEG":
            if c.end <= t.start and _words(text, c.end, t.start) <= (
                    2 if c.end - c.start <= 3 else 4):
                return True
        elif kind == "NEG_AFTER" and c.start >= t.end and _words(text, t.end, c.start) <= 1:
            return True
        elif kind == "DENY" and t.entry.kind != "REJECT":
            if verb_final:
                if c.start >= t.end and _words(text, t.end, c.start) <= 5:
                    return True
            # Arabic opens the clause with the denial verb, its object far behind it:
            # "نفى الجهاز ما تداولته المواقع عن وقوع انفجار"
            elif c.end <= t.start and _words(text, c.end, t.start) <= 12:
                return True
    return False


def _near(text: str, t: Hit, h: Hit, before: int, after: int | None) -> bool:
    """``h`` at most ``before`` words before ``t``, or ``after`` words after it (if given)."""
    if h.end <= t.start:
        return _words(text, h.end, t.start) <= before
    if after is None or h.start < t.end:
        return False
    # the ending glued to the trigger ("ҳужум|лар") is part of its word, not one more word
    return _words(text, min(_word_end(text, t.end), h.start), h.start) <= after


def _status(text: str, t: Hit, intents: Sequence[Hit], cues: Sequence[Hit],
            verb_final: bool) -> str:
    """"real", "future" (a promise), "threat" (announced conflict) or "hypothetical".

    ``intents`` are the sentence's triggers of intent verbs ("agreed to", "called for").
    """
    # verb-final languages put the intent verb and modal after the event word
    late2 = 2 if verb_final else None
    for c in cues:
        kind = c.entry.kind
        if kind == "MODAL" and _near(text, t, c, 4, late2):
            return "hypothetical"
        # "threats to security", "борьба с терроризмом", "in order to address": a topic
        if kind == "TOPIC" and _near(text, t, c, 3, late2):
            return "hypothetical"
    if t.entry.kind in _INTENT:
        return "real"
    if any(_near(text, t, o, 3, late2) for o in intents):
        return "hypothetical"
    if any(c.entry.kind == "FUTURE" and _near(text, t, c, 4, late2) for c in cues):
        if t.entry.kind in _COOPERATIVE:
            return "future"
        return "threat" if t.entry.kind in _THREATENING else "hypothetical"
    return "real"


def _langs(article: Article) -> tuple[str, ...]:
    lang = (article.language or "").split("-")[0].lower()
    return (lang,) if lang in LANGUAGES else LANGUAGES


class _Sentence(NamedTuple):
    start: int  # offsets into the folded text (equal to doc offsets unless chars deleted)
    end: int
    orig: tuple[int, int]


def _sentences(norm: Normalized) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Folded ``(start, end)`` of each sentence and, at the same index, its original span."""
    spans = sentences.split(norm.original)
    if not norm.deleted:  # folded offsets are the original ones
        return spans, spans
    at = norm.from_original
    folded: list[tuple[int, int]] = []
    origs: list[tuple[int, int]] = []
    for s, e in spans:
        a, b = at(s), at(e)
        if b > a:  # not made only of characters normalisation deletes
            folded.append((a, b))
            origs.append((s, e))
    return folded, origs


class _Spans:
    """Annotations of one kind sorted by start, to take a sentence's share by bisection."""

    def __init__(self, items: Sequence[Any]) -> None:
        self.items = sorted(items, key=_START)
        self.starts = [a.start for a in self.items]

    def within(self, lo: int, hi: int) -> list[Any]:
        """Items lying wholly inside ``[lo, hi)``."""
        starts = self.starts
        if not starts:
            return []
        i, j = bisect_left(starts, lo), bisect_left(starts, hi)
        return [a for a in self.items[i:j] if a.end <= hi] if j > i else []


class Named(NamedTuple):
    """An actor or country named in a sentence (folded offsets) and its id or code."""

    start: int
    end: int
    id: str


class RoleCues(NamedTuple):
    """Regexes of one language's role words: before a name (at its end) and after it."""

    before: re.Pattern[str] | None  # groups "about" / "with", anchored at the window's end
    after: re.Pattern[str] | None  # groups "about" / "with", matched at the name's end


def _alternation(terms: Sequence[tuple[str, bool]]) -> str:
    """Regex alternation of folded terms; a stem takes any ending, an exact term none."""
    out = []
    for term, exact in sorted(terms, key=lambda t: -len(t[0])):
        # Arabic script glues clitics on (و+الوضع); elsewhere a term starts a word
        lead = "(?<![^\\W\\d_])[وفبلك]{0,2}" if _ARABIC_SCRIPT.match(term) else "(?<!\\w)"
        out.append(lead + re.escape(term) + ("(?!\\w)" if exact else "\\w*"))
    return "|".join(out)


@lru_cache(maxsize=16)
def role_cues(langs: tuple[str, ...]) -> RoleCues:
    """The role words of ``langs`` (sections ABOUT, WITH before a name; *_AFTER after it).

    They are looked for only around the names of a sentence holding an event, not in
    the trigger automaton: prepositions such as "с", "о", "with" are among the most
    frequent words and would slow every document down.
    """
    terms: dict[str, list[tuple[str, bool]]] = {k: [] for k in _ROLE_KINDS}
    for lang in langs:
        for raw, entry in _raw_entries(_read(f"lexicons/events/{lang}.txt"), lang):
            if entry.kind in _ROLE_KINDS:
                for spelling in _spellings(raw, lang):
                    if term := fold(spelling).strip():
                        terms[entry.kind].append((term, entry.exact))
    before = after = None
    if terms["ABOUT"] or terms["WITH"]:
        # the cue, then at most one word ("situation IN Afghanistan") before the name
        before = re.compile(
            f"(?:(?P<about>{_alternation(terms['ABOUT']) or '(?!)'})"
            f"|(?P<with>{_alternation(terms['WITH']) or '(?!)'}))"
            r"[\W_]+(?:[^\W_]+[\W_]+)?$")
    if terms["ABOUT_AFTER"] or terms["WITH_AFTER"]:
        # the rest of the name's word (a case ending: "Ауғанстан|дағы"), then the cue
        after = re.compile(
            r"\w*[\W_]*?(?:"
            f"(?P<about>{_alternation(terms['ABOUT_AFTER']) or '(?!)'})"
            f"|(?P<with>{_alternation(terms['WITH_AFTER']) or '(?!)'}))")
    return RoleCues(before, after)


_WINDOW = 48  # characters before a name where its preposition may stand


def _cue_before(pattern: re.Pattern[str] | None, text: str, lo: int,
                at: int) -> re.Match[str] | None:
    """A role cue ending one word or less before ``at``, tried at the last word starts."""
    if pattern is None:
        return None
    # anchored tries at the last four word starts: a search over the window would try
    # the whole alternation at every character
    starts = [m.start() for m in _WORD.finditer(text, lo, at)][-4:]
    for start in starts:
        m = pattern.match(text, start, at)
        if m:
            return m
    return None


def roles(text: str, named: Sequence[Named], cues: RoleCues, lo: int = 0,
          hi: int | None = None) -> tuple[list[Named], set[int]]:
    """The names that take part (topics dropped) and the indexes of those marked partners.

    A country named as the topic ("the situation in Afghanistan", "вопрос Афганистана",
    "الوضع في أفغانستان", "Afg'oniston haqida") is no participant; a name after "with"
    ("с", "مع", "با") or before a Turkic or Pashto postposition ("bilan", "سره") is the
    other side. ``lo``/``hi`` bound the sentence.
    """
    if not named or (cues.before is None and cues.after is None):
        return list(named), set()
    hi = len(text) if hi is None else hi
    kept: list[Named] = []
    partners: set[int] = set()
    for n in named:
        topic = partner = False
        m = _cue_before(cues.before, text, max(lo, n.start - _WINDOW), n.start)
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


def _word_end(text: str, i: int) -> int:
    """The end of the word ``i`` is in (a stem's ending: "ситуаци|ю")."""
    size = len(text)
    while i < size and text[i].isalnum():
        i += 1
    return i


def _glued(text: str, a: int, b: int) -> bool:
    """Nothing but spaces, or the rest of the word at ``a`` (a case ending), up to ``b``."""
    return not text[_word_end(text, a):b].strip()


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
    if partners:
        sides = [n for i, n in enumerate(named) if i not in partners]
        first = [named[i].id for i in sorted(partners)]
    else:  # most sentences: no partner marked
        sides, first = list(named), []
    before = [n.id for n in sides if n.start < trigger_at]
    after_ = [n for n in sides if n.start >= trigger_at]
    actor: str | None = None
    if before:
        actor = before[0]
    elif after_ and _words(text, trigger_at, after_[0].start) <= 3:
        actor = after_.pop(0).id
    for n in (*first, *(m.id for m in after_), *before[1:]):
        if n != actor:
            return actor, n
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


@lru_cache(maxsize=1)
def _event_defaults() -> dict[str, Any]:
    """Every Event field with a default, so a fast-built Event lacks none of them."""
    out: dict[str, Any] = {}
    for f in fields(Event):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
    return out


@lru_cache(maxsize=512)
def _coded(kind: str, code: str, water: bool) -> dict[str, Any]:
    """The Event fields fixed by type, CAMEO code and water context (built once per key)."""
    table = cameo_table()
    row = table.get(code) or table.get(code[:2])
    contexts = row.contexts if row else ()
    bar = None
    if water:
        contexts = (*contexts, "natural_resource")
        bar = _TREATY_BAR if code == "057" else BAR[kind]
    return {**_event_defaults(), "type": kind, "mode": row.mode if row else None,
            "contexts": contexts, "cameo": code or None,
            "goldstein": row.goldstein if row else None,
            "quad_class": row.quad_class if row else None, "bar": bar}


def _new_event(fields_: dict[str, Any]) -> Event:
    """An Event from a complete field dict, without the frozen-dataclass ``__init__``."""
    # Event() pays one object.__setattr__ per field (17 of them), the largest single cost
    # of building an event; filling the instance dict gives an equal, equally frozen object
    event: Event = object.__new__(Event)
    event.__dict__.update(fields_)
    return event


def _group(positions: Sequence[int], starts: Sequence[int]) -> dict[int, list[int]]:
    """Index of the sentence (by ``starts``) each position falls in -> those positions."""
    out: dict[int, list[int]] = {}
    idx, last = -1, len(starts) - 1
    for i, pos in enumerate(positions):
        # positions come in text order: walk forward instead of bisecting each one
        if idx < 0 or pos < starts[idx] or (idx < last and pos >= starts[idx + 1]):
            idx = bisect_right(starts, pos) - 1
        out.setdefault(idx, []).append(i)
    return out


def analyse(article: Article, found: Annotations | None = None) -> dict[str, Any]:
    """Events, the article's largest death toll and the main event's date."""
    found = found or Annotations()
    norm = normalize(article.doc, fold=True)
    text = norm.text
    langs = _langs(article)
    lang = langs[0] if len(langs) == 1 else None
    published = article.published.date() if article.published else None
    hits, cues = _scan(text, langs)
    has_trigger = any(h.entry.kind in _EVENT_SET for h in hits)
    if not has_trigger and not cues:
        return {"events": (), "killed": None, "event_date": None}
    folded, origs = _sentences(norm)
    starts = [a for a, _ in folded]
    killed: int | None = None
    cas_of: dict[int, casualties.Casualties] = {}
    # only a sentence with a killing cue can give the death toll; the others are read
    # only if an ASSAULT event there needs its injured count
    cue_sents = _group([pos for pos, _ in cues], starts)
    for idx, members in cue_sents.items():
        if idx < 0 or not any(cues[i][1] for i in members):
            continue
        sent = _Sentence(*folded[idx], origs[idx])
        toll = cas_of[idx] = casualties.find(text[sent.start:sent.end], lang)
        if toll.killed is not None:
            killed = max(killed or 0, toll.killed)
    if not has_trigger:
        return {"events": (), "killed": killed, "event_date": None}
    by_sent = _group([h.start for h in hits], starts)
    dates: list[reldates.DateRef] | None = None
    actors, countries, places = (_Spans(found.actors), _Spans(found.countries),
                                 _Spans(found.places))
    verb_final = lang in _VERB_FINAL
    role_words = role_cues(langs)
    doc = article.doc
    at = norm.from_original
    events: list[Event] = []
    for idx in sorted(by_sent):
        if idx < 0:
            continue
        # plain tuples, not a _Sentence: this loop runs for every sentence with a hit
        s_start, s_end = folded[idx]
        in_sent = [h for h in (hits[i] for i in by_sent[idx]) if h.end <= s_end]
        if not any(h.entry.kind in _EVENT_SET for h in in_sent):
            continue
        classified = classify(text, in_sent, verb_final)
        if not classified:
            continue
        if dates is None:  # dates are read once the article is known to hold an event
            dates = reldates.find_dates(text, lang, published)
            date_starts = [d.start for d in dates]
        lo, hi = origs[idx]
        # folded offsets, to compare with the trigger's without mapping every char back
        named = _named(actors.within(lo, hi), countries.within(lo, hi),
                       at if norm.deleted else None)
        named, partners = roles(text, named, role_words, s_start, s_end)
        sent_places = places.within(lo, hi)
        place = sent_places[0] if sent_places else None
        if place:
            country = place.country
        else:
            sent_countries = countries.within(lo, hi)
            country = sent_countries[0].code if sent_countries else None
        i, j = bisect_left(date_starts, s_start), bisect_left(date_starts, s_end)
        shared = {
            "evidence": _span(lo, hi, doc),
            "location": place.gazetteer_id if place else None, "country": country,
            "admin1": place.admin1 if place else None,
            "date": _pick_date([d for d in dates[i:j] if d.end <= s_end]),
        }
        water = any(h.entry.kind == "WATER" for h in in_sent)
        cas: casualties.Casualties | None = None
        seen: set[str] = set()
        for hit, negated in classified:
            kind = hit.entry.kind
            key = kind + ("-" if negated else "")
            if key in seen:
                continue
            seen.add(key)
            actor, recipient = _participants(named, hit.start, partners, text)
            fields_ = {**_coded(kind, hit.entry.cameo or "", water), **shared,
                       "actor": actor, "recipient": recipient, "negated": negated}
            if kind == "ASSAULT":
                if cas is None:
                    cas = cas_of.get(idx) or (
                        casualties.find(text[s_start:s_end], lang)
                        if idx in cue_sents else casualties.Casualties())
                fields_["killed"], fields_["injured"] = cas.killed, cas.injured
            events.append(_new_event(fields_))
    return {"events": tuple(events), "killed": killed,
            "event_date": main_date(events, dates or [], published, _lead_end(article, norm))}


def _named(actors: Sequence[Any], countries: Sequence[Any],
           at: Any = None) -> list[Named]:
    """Actors and the countries outside them, in text order (folded offsets via ``at``)."""
    named = [Named(a.start, a.end, a.id) for a in actors]
    if countries:
        # "Kazakhstan and the UN discuss": a country counts unless an actor holds it
        spans = [(a.start, a.end) for a in actors]
        named += [Named(c.start, c.end, c.code) for c in countries
                  if not any(s <= c.start < e for s, e in spans)]
        named.sort()
    if at is not None:
        named = [Named(at(n.start), at(n.end), n.id) for n in named]
    return named


def _span(start: int, end: int, doc: str) -> Span:
    """``Span(start, end, doc[start:end])`` without the frozen-dataclass ``__init__``."""
    span: Span = object.__new__(Span)
    span.__dict__.update(start=start, end=end, text=doc[start:end])
    return span


def _pick_date(found: Sequence[reldates.DateRef]) -> str | None:
    """The sentence's date: an explicit one first, else a relative one."""
    for kind in ("explicit", "relative", "month", "dateline"):
        for d in found:
            if d.kind == kind:
                return d.value
    return None


def _lead_end(article: Article, norm: Normalized) -> int:
    """End (folded offset) of the title and first paragraph."""
    if article.paragraphs:
        length = len(article.paragraphs[0])
    else:
        cut = article.text.find("\n\n")  # the first paragraph, without splitting them all
        length = cut if cut >= 0 else len(article.text)
    return norm.from_original(article.body_offset + length)


def main_date(events: Sequence[Event], dates: Sequence[reldates.DateRef],
              published: date | None, lead_end: int) -> str | None:
    """Date of the highest-priority dated event, else a date the lead states, else None."""
    real = [e for e in events if not e.negated]
    if not real:
        return None
    dated: dict[str, list[str]] = {}
    for e in real:
        if e.date:
            dated.setdefault(e.type, []).append(e.date)
    for kind in PRIORITY:
        if kind in dated:
            return min(dated[kind])  # the onset: later dates tend to be follow-ups and captions
    # GUIDELINES: the date "when stated or computable from the text itself": the first
    # date the lead gives ("14 September", "yesterday", "on Monday"), else the wire
    # dateline's ("BISHKEK, May 15 -"); never the publication date by default
    in_lead = [d for d in dates if d.start < lead_end]
    for d in in_lead:
        if d.kind != "dateline":
            return d.value
    for d in dates:
        if d.kind == "dateline":
            return d.value
    if published:
        return None
    stated = [d for d in dates if d.kind != "relative"]
    return stated[0].value if stated else None  # an undated text: the first date it gives


def check() -> list[str]:
    """Problems in the shipped lexicons and CAMEO table (empty when all is well)."""
    problems: list[str] = []
    table = cameo_table()
    for lang in LANGUAGES:
        try:
            entries = parse_lexicon(_read(f"lexicons/events/{lang}.txt"), lang)
        except (OSError, ValueError) as exc:
            problems.append(f"events lexicon {lang}: {exc}")
            continue
        kinds = {e.kind for _, e in entries}
        for e in {e for _, e in entries if e.cameo}:
            if e.cameo not in table:
                problems.append(f"events lexicon {lang}: unknown CAMEO code {e.cameo}")
        missing = {"NEG", "MODAL"} - kinds if lang not in {"tk"} else {"MODAL"} - kinds
        if missing:
            problems.append(f"events lexicon {lang}: no {', '.join(sorted(missing))} section")
    return problems


def make_stage() -> Any:
    """Build the events stage (lexicons and CAMEO table load on first use)."""
    cameo_table()

    def stage(article: Article, found: Annotations) -> Mapping[str, Any]:
        return analyse(article, found)

    return stage
