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

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, fields
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any

from kuzet.annotate import casualties, reldates, sentences
from kuzet.annotate.eventlex import (
    _EVENT_SET,
    _VERB_FINAL,
    EVENT_TYPES,
    LANGUAGES,
    CameoCode,
    Entry,
    Hit,
    _scan,
    cameo_table,
    check,
    classify,
    find_hits,
    parse_lexicon,
)
from kuzet.annotate.roles import Named, RoleCues, _named, _participants, participants, role_cues, roles
from kuzet.model import Annotations, Article, Event, Span
from kuzet.text.normalize import Normalized, normalize

__all__ = [
    "BAR", "EVENT_TYPES", "LANGUAGES", "PRIORITY", "CameoCode", "Entry", "Hit", "Named",
    "RoleCues", "analyse", "cameo_table", "check", "classify", "find_hits", "main_date",
    "make_stage", "parse_lexicon", "participants", "role_cues", "roles",
]

# which event gives the article its date: material conflict first
PRIORITY: tuple[str, ...] = (
    "ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "THREATEN", "RETREAT", "ACCUSE",
    "REJECT", "REQUEST", "AID", "COOPERATE", "CONCEDE", "AGREE", "SUPPORT", "CONSULT",
)
# TFDD Basins-at-Risk scale for water events, by PLOVER type
BAR: dict[str, int] = {
    "ASSAULT": -5, "MOBILIZE": -4, "COERCE": -4, "SANCTION": -3, "THREATEN": -2,
    "PROTEST": -2, "ACCUSE": -2, "REJECT": -1, "REQUEST": 1, "CONSULT": 1, "SUPPORT": 2,
    "CONCEDE": 2, "RETREAT": 2, "AGREE": 3, "COOPERATE": 4, "AID": 4,
}
_TREATY_BAR = 6  # a signed water agreement
_START = attrgetter("start")


def _langs(article: Article) -> tuple[str, ...]:
    lang = (article.language or "").split("-")[0].lower()
    return (lang,) if lang in LANGUAGES else LANGUAGES


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


def _sorted(items: Sequence[Any]) -> tuple[list[Any], list[int]]:
    """Annotations sorted by start, and their starts, to take a sentence's share by bisection."""
    ordered = sorted(items, key=_START)
    return ordered, [a.start for a in ordered]


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
        a, b = folded[idx]
        toll = cas_of[idx] = casualties.find(text[a:b], lang)
        if toll.killed is not None:
            killed = max(killed or 0, toll.killed)
    if not has_trigger:
        return {"events": (), "killed": killed, "event_date": None}
    hit_starts = [h[0] for h in hits]
    dates: list[reldates.DateRef] | None = None
    date_starts: list[int] = []
    actors, actor_starts = _sorted(found.actors)
    countries, country_starts = _sorted(found.countries)
    places, place_starts = _sorted(found.places)
    verb_final = lang in _VERB_FINAL
    role_words = role_cues(langs)
    reverse: str | None = None  # text[::-1], made once for every sentence's role cues
    doc = article.doc
    at = norm.from_original if norm.deleted else None
    events: list[Event] = []
    # hits come in text order, so a sentence's hits are one run of the list: from the
    # first hit on, each run ends where the next sentence starts
    last = len(starts) - 1
    run_end = bisect_left(hit_starts, starts[0]) if starts else len(hits)
    while run_end < len(hits):
        run_start = run_end
        idx = bisect_right(starts, hit_starts[run_start]) - 1
        run_end = (bisect_left(hit_starts, starts[idx + 1], run_start) if idx < last
                   else len(hits))
        s_start, s_end = folded[idx]
        in_sent = [h for h in hits[run_start:run_end] if h[1] <= s_end]
        for h in in_sent:
            if h[2].kind in _EVENT_SET:
                break
        else:
            continue
        classified = classify(text, in_sent, verb_final)
        if not classified:
            continue
        if dates is None:  # dates are read once the article is known to hold an event
            dates = reldates.find_dates(text, lang, published)
            date_starts = [d.start for d in dates]
        lo, hi = origs[idx]
        # the sentence's share of each sorted list by bisection (inline: a call per list
        # and sentence cost more than the bisection)
        i = bisect_left(country_starts, lo)
        j = bisect_left(country_starts, hi, i)
        sent_countries = [c for c in countries[i:j] if c.end <= hi] if j > i else []
        i = bisect_left(actor_starts, lo)
        j = bisect_left(actor_starts, hi, i)
        sent_actors = [a for a in actors[i:j] if a.end <= hi] if j > i else []
        # folded offsets, to compare with the trigger's without mapping every char back
        named = _named(sent_actors, sent_countries, at) if sent_actors or sent_countries else []
        if named:
            if reverse is None:
                reverse = text[::-1]
            named, partners = roles(text, named, role_words, s_start, s_end, reverse)
        else:
            partners = set()
        place = None  # the sentence's first place
        i = bisect_left(place_starts, lo)
        j = bisect_left(place_starts, hi, i)
        for k in range(i, j):
            if places[k].end <= hi:
                place = places[k]
                break
        if place is not None:
            shared = {"evidence": _span(lo, hi, doc), "location": place.gazetteer_id,
                      "country": place.country, "admin1": place.admin1}
        else:
            shared = {"evidence": _span(lo, hi, doc), "location": None,
                      "country": sent_countries[0].code if sent_countries else None,
                      "admin1": None}
        i = bisect_left(date_starts, s_start)
        j = bisect_left(date_starts, s_end, i)
        shared["date"] = _pick_date([d for d in dates[i:j] if d.end <= s_end]) if j > i else None
        water = False
        for h in in_sent:
            if h[2].kind == "WATER":
                water = True
                break
        cas: casualties.Casualties | None = None
        seen: set[str] = set()
        for hit, negated in classified:
            entry = hit[2]
            kind = entry.kind
            key = kind + "-" if negated else kind
            if key in seen:
                continue
            seen.add(key)
            actor, recipient = _participants(named, hit[0], partners, text)
            # Event() pays one object.__setattr__ per field (17 of them); filling the new
            # instance's dict gives an equal, equally frozen object
            event: Event = object.__new__(Event)
            fields_ = event.__dict__
            fields_.update(_coded(kind, entry.cameo or "", water))
            fields_.update(shared)
            fields_["actor"] = actor
            fields_["recipient"] = recipient
            fields_["negated"] = negated
            if kind == "ASSAULT":
                if cas is None:
                    cas = cas_of.get(idx) or (
                        casualties.find(text[s_start:s_end], lang)
                        if idx in cue_sents else casualties.Casualties())
                fields_["killed"], fields_["injured"] = cas.killed, cas.injured
            events.append(event)
    return {"events": tuple(events), "killed": killed,
            "event_date": main_date(events, dates or [], published, _lead_end(article, norm))}


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
            # the onset: later dates tend to be follow-ups and captions; a whole month
            # ("since August 2021") is a period, so the event's day wins when one is given
            days = [d for d in dated[kind] if len(d) == 10]
            return min(days or dated[kind])
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


def make_stage() -> Any:
    """Build the events stage (lexicons and CAMEO table load on first use)."""
    cameo_table()

    def stage(article: Article, found: Annotations) -> Mapping[str, Any]:
        return analyse(article, found)

    return stage
