"""Event lexicons: trigger and cue words per language, one scan per text, and the rules
that decide whether a trigger reports something real.

Trigger words from ``data/lexicons/events/*.txt`` give PLOVER event types coded to a CAMEO
code (``data/cameo/cameo.tsv``). A trigger is dropped when it is hypothetical — after a
modal cue ("may", "plans", "призвал") or governed by an intent verb ("agreed to meet" is
AGREE, "called for talks" is REQUEST, "threatened to attack" is THREATEN) — and flagged
``negated`` after a negation cue ("denied attacking").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any, NamedTuple

import ahocorasick

from kuzet.annotate import casualties
from kuzet.annotate.morph import by_letter_frequency
from kuzet.text import translit
from kuzet.text.normalize import fold

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
# verbs of intent govern what follows them: "agreed to meet", "called for talks"
_INTENT = frozenset({"AGREE", "REQUEST", "THREATEN", "REJECT"})
# cooperation announced for the future is a promise: PLOVER codes it AGREE
_COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
# conflict announced for the future is a threat: PLOVER codes "said they would boycott" THREATEN
_THREATENING = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
# verb-final languages put the intent verb and modal after the event word
_VERB_FINAL = frozenset({"kk", "ky", "uz", "tg", "tk", "fa", "ps"})
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_CLITICS = frozenset("وفبلكايتنس")
_SECTION = re.compile(r"^\[([A-Z_]+)(?:\s+(\d{2,4}))?\]$")
# a word; [^\W_][^\W_]* rather than [^\W_]+ lets re skip ahead to a word character
_WORD = re.compile(r"[^\W_][^\W_]*")
_START_END = itemgetter(0, 1)  # a Hit's (start, end)
_FIRST = itemgetter(0)  # a Hit's start
_END = itemgetter(1)


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
    keys = by_letter_frequency({**table, **killing})
    if not any(term.startswith(" ") for term in keys):
        # the automaton looks a character up among the root's children one by one, and a
        # space (one character in seven) starts no term: it was compared with them all. A
        # key that never matches (" " + NUL) makes the space the root's first child.
        auto.add_word(" \x00", (2, (), (), (), (), False, None))
    # keys added commonest letter first: the automaton tries a node's children in order
    for term in keys:
        entries = table.get(term, [])
        # decided once per term, not per match: whether the term may follow Arabic-script
        # clitics, and which of its entries also match inside a longer word
        clitics = len(term) > 3 and _ARABIC_SCRIPT.match(term) is not None
        # entries split once by the list they go to: triggers (and NOT words) or cues
        ev = tuple(e for e in entries if e.kind in _EVENT_SET or e.kind == "NOT")
        cue = tuple(e for e in entries if not (e.kind in _EVENT_SET or e.kind == "NOT"))
        auto.add_word(term, (len(term), ev, cue, tuple(e for e in ev if not e.exact),
                             tuple(e for e in cue if not e.exact), clitics, killing.get(term)))
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
    for end, (length, ev, cue, ev_loose, cue_loose, clitics, killing) in _automaton(
            langs).iter(text):
        start = end - length + 1
        if start and isalpha(text[start - 1]):  # inside a word
            if killing is not None:
                # casualty cues follow casualties.cue_kinds: at a word start, or anywhere
                # in a text with Arabic script (clitics and verb prefixes are glued on)
                if arabic is None:
                    arabic = _ARABIC_SCRIPT.search(text) is not None
                if arabic:
                    casualty.append((start, killing))
            # a term starts a word or, in Arabic script, follows clitics (و+اجتمع); short
            # stems hide inside words (و+زار = وزار(ة)), so they must start the word
            if not (clitics and _clitic_prefix(text, start)):
                continue
        elif killing is not None:
            casualty.append((start, killing))
        after = end + 1
        if after < size and isalpha(text[after]):  # the word goes on: loose entries only
            ev, cue = ev_loose, cue_loose
        # NOT words ("طالبان" beside "طالب") compete with triggers for the same letters
        for entry in ev:
            events.append(new_hit(Hit, (start, after, entry)))
        for entry in cue:
            cues.append(new_hit(Hit, (start, after, entry)))
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
        start, end, entry = h
        length = end - start
        for k_start, k_end, k_entry in kept[-4:]:
            # inside a longer kept trigger, or the same words already giving this type
            if k_start <= start and end <= k_end and (
                    k_end - k_start > length
                    or (k_end - k_start == length and k_entry.kind == entry.kind)):
                break
        else:
            kept.append(h)
    kept = [h for h in kept if h[2].kind != "NOT"]
    kept += cues
    kept.sort(key=_START_END)
    return kept


def _words(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text, a, b)) if b > a else 0


def classify(text: str, hits: Sequence[Hit], verb_final: bool) -> list[tuple[Hit, bool]]:
    """(trigger, negated) for the triggers of one sentence that report something real."""
    triggers: list[Hit] = []
    cues: list[Hit] = []
    intents: list[Hit] = []
    habit = False
    for h in hits:
        kind = h[2].kind
        if kind in _EVENT_SET:
            triggers.append(h)
            if kind in _INTENT:
                intents.append(h)
        else:
            cues.append(h)
            if kind == "HABIT":
                habit = True
    if not cues and not intents:  # most sentences: nothing can qualify the triggers
        return [(t, False) for t in triggers]
    if habit:
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

def _word_end(text: str, i: int) -> int:
    """The end of the word ``i`` is in (a stem's ending: "ситуаци|ю")."""
    size = len(text)
    while i < size and text[i].isalnum():
        i += 1
    return i



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

