"""Stories: reports of one incident grouped together, within and across languages.

Two reports belong to one story when they are near-duplicates in the same language
(MinHash LSH over word shingles, for syndication and light rewrites), or when they
share places, actors, event types and countries within a short date window (reports in
different languages share no words but do share what the stages found). Linking is
greedy and incremental: a new report joins the story it matches best on average, or
opens a new one. Every count downstream is of stories, never of articles.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from datasketch import LeanMinHash, MinHash, MinHashLSH

from kuzet.text.normalize import normalize

NUM_PERM = 64
UNDATED = "1970-01-01"  # placeholder day of a report with no date at all (``dated`` False)
SCHEME: Literal["affine32"] = "affine32"  # fixed, so stored signatures stay comparable
_WORD = re.compile(r"\w+", re.UNICODE)
# Conflict-coded PLOVER types: a ceasefire report and a clash report share countries
# and places, but not these.
MATERIAL_CONFLICT = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SEIZE", "PROTEST"})
# What a meeting report says happened: talks, statements of support, agreements.
MEETING = frozenset({"CONSULT", "SUPPORT", "AGREE", "COOPERATE"})


@dataclass(frozen=True)
class LinkParams:
    """Weights and thresholds of story linking (documented in docs/stories.md)."""

    near_duplicate: float = 0.5  # MinHash Jaccard at which same-language reports merge
    window_days: int = 3  # reports further apart than this are never one story
    meeting_window_days: int = 5  # the same, for peaceful reports of one venue or body
    threshold: float = 0.30  # linkage score needed to join a story
    w_places: float = 0.35
    w_types: float = 0.15
    w_lead: float = 0.15
    w_actors: float = 0.10
    w_countries: float = 0.15
    w_event_date: float = 0.10
    w_killed: float = 0.30
    w_numbers: float = 0.3
    w_title: float = 0.3
    day_penalty: float = 0.10
    linkage: float = 0.3  # 0 = average link, 1 = single link (best member)
    undated_min: float = 0.6  # an undated report needs this much other evidence
    max_span_days: int = 10  # a story takes no report dated this long after its first
    max_compared: int = 25  # a report is compared with a story's latest reports only


@dataclass
class Features:
    """What linking needs from one analysed report."""

    article_id: str
    language: str
    day: str  # YYYY-MM-DD, publication (or event) day
    event_date: str | None
    countries: frozenset[str]
    places: frozenset[str]
    actors: frozenset[str]
    types: frozenset[str]
    killed: int | None
    numbers: frozenset[str] = frozenset()
    signature: tuple[int, ...] = field(repr=False, default=())
    lead: frozenset[str] = frozenset()  # event types stated in the title or first paragraph
    dated: bool = True  # False: neither a publication nor an event date is known
    monthdays: frozenset[str] = frozenset()  # MM-DD named in an undated report's text
    title: frozenset[str] = frozenset()  # sides of the events stated in the title

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form, stored beside the story link."""
        return {
            "article_id": self.article_id, "language": self.language, "day": self.day,
            "event_date": self.event_date, "countries": sorted(self.countries),
            "places": sorted(self.places), "actors": sorted(self.actors),
            "types": sorted(self.types), "killed": self.killed,
            "numbers": sorted(self.numbers), "lead": sorted(self.lead), "dated": self.dated,
            "monthdays": sorted(self.monthdays), "title": sorted(self.title),
            "signature": list(self.signature),
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Features:
        """Inverse of :meth:`to_json`."""
        return cls(
            article_id=str(d["article_id"]), language=str(d.get("language") or ""),
            day=str(d["day"]), event_date=d.get("event_date"),
            countries=frozenset(d.get("countries") or ()),
            places=frozenset(d.get("places") or ()), actors=frozenset(d.get("actors") or ()),
            types=frozenset(d.get("types") or ()), killed=d.get("killed"),
            numbers=frozenset(d.get("numbers") or ()),
            signature=tuple(int(x) for x in d.get("signature") or ()),
            lead=frozenset(d.get("lead") or ()), dated=bool(d.get("dated", True)),
            monthdays=frozenset(d.get("monthdays") or ()),
            title=frozenset(d.get("title") or ()),
        )


def _shingles(text: str, k: int = 3) -> set[bytes]:
    words = _WORD.findall(normalize(text, fold=True).text)
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


_PERMUTATIONS: Any = None


def minhash(text: str) -> MinHash:
    """MinHash of the word 3-shingles of a text (folded, so scripts' case do not matter)."""
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        # Drawing the permutations costs more than hashing a report: draw them once.
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME).permutations
    m = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME, permutations=_PERMUTATIONS)
    m.update_batch(list(_shingles(text)))
    return m


_NUMBER = re.compile(r"(?<![\d.,])\d{1,4}(?!\d)")


def numbers(text: str) -> frozenset[str]:
    """Figures written in digits (tolls, distances, times), years left out.

    Digits are the one thing reports in different languages and scripts write alike.
    """
    return frozenset(n.lstrip("0") or "0" for n in _NUMBER.findall(text)
                     if not 1900 <= int(n) <= 2100)


def full_date(value: Any) -> str | None:
    """The YYYY-MM-DD a value starts with, or None."""
    text = str(value or "")
    return text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text) else None


def features(article_id: str, record: Mapping[str, Any]) -> Features:
    """Linking features of one analysis record (see ``schema/analysis.json``)."""
    published = full_date(record.get("published"))
    event_date = full_date(record.get("event_date"))
    day = published or event_date or UNDATED
    events = [e for e in record.get("events") or () if not e.get("negated")]
    text = "\n".join([str(record.get("title") or ""), *list(record.get("paragraphs") or ())])
    return Features(
        article_id=article_id,
        language=str(record.get("language") or ""),
        day=day,
        event_date=event_date,
        countries=frozenset(record.get("countries") or ()),
        places=frozenset(
            str(p.get("gazetteer_id") or p.get("name"))
            for p in record.get("places") or () if p.get("kind") != "country"
        ),
        actors=frozenset(str(a.get("id")) for a in record.get("actors") or ()),
        types=frozenset(str(e.get("type")) for e in events),
        killed=record.get("killed"),
        numbers=numbers(text),
        signature=tuple(int(x) for x in minhash(text).hashvalues),
        lead=lead_types(record, events),
        title=title_types(record, events),
        dated=bool(published or event_date),
        monthdays=frozenset() if published or event_date else month_days(
            text, str(record.get("language") or "") or None),
    )


_NO_YEAR = date(2000, 12, 31)  # a leap year, and no year-less date is moved before it


def month_days(text: str, language: str | None) -> frozenset[str]:
    """Days of a month (MM-DD) an undated text names, in any year.

    A report with neither a publication nor an event date often still says "on 16
    September": that places it in time up to the year.
    """
    from kuzet.annotate.reldates import dates_in

    return frozenset(r.value[5:] for r in dates_in(text, language, _NO_YEAR)
                     if r.kind == "explicit" and len(r.value) == 10)


def _monthday_gap(monthdays: frozenset[str], b: Features) -> int:
    """Fewest days between one of ``monthdays`` and a date of ``b``, the year ignored."""
    if b.dated:
        days = {d for d in (b.day, b.event_date) if d}
    else:
        days = {f"2000-{md}" for md in b.monthdays}
    best = 366
    for md in monthdays:
        for d in days:
            for year in (1999, 2000, 2001):  # around the turn of a year
                try:
                    x = date(year, int(md[:2]), int(md[3:]))
                    y = date(2000, int(d[5:7]), int(d[8:10]))
                except ValueError:
                    continue
                best = min(best, abs((x - y).days))
    return best


def lead_types(record: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Event types whose evidence lies in the title or first paragraph: what the report is about.

    News puts the incident it reports first (the inverted pyramid); background events
    (the clash a ceasefire ends) come later in the body.
    """
    title = str(record.get("title") or "")
    paras = list(record.get("paragraphs") or ())
    first = len(str(paras[0])) if paras else 0
    end = len(title) + 2 + first if title else first
    return frozenset(str(e.get("type")) for e in events
                     if int((e.get("evidence") or {}).get("start", end)) < end)


def title_types(record: Mapping[str, Any],
                events: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Sides ("coop", "conflict") of the events stated in the title: what the report is about.

    Sides, not types: outlets in different languages word one incident differently (a
    note of protest is PROTEST in one, ACCUSE in another), but a clash and the ceasefire
    after it lie on different sides.
    """
    end = len(str(record.get("title") or ""))
    return frozenset("conflict" if int(e.get("quad_class") or 0) >= 3 else "coop"
                     for e in events if e.get("quad_class")
                     and int((e.get("evidence") or {}).get("start", end)) < end)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


@functools.lru_cache(maxsize=4096)
def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def _days(a: str, b: str) -> int:
    # Days are parsed once: a report is compared with dozens of others per arrival.
    return abs(_ordinal(a) - _ordinal(b))


def _gap(a: Features, b: Features) -> int:
    """Days between two reports: the closer of their publication and event dates."""
    gap = _days(a.day, b.day)
    for x in (a.event_date, a.day):
        for y in (b.event_date, b.day):
            if x and y and (x, y) != (a.day, b.day):
                gap = min(gap, _days(x, y))
    return gap


def signature_similarity(a: Features, b: Features) -> float:
    """Estimated Jaccard of two reports' shingle sets (from their MinHash signatures)."""
    if not a.signature or len(a.signature) != len(b.signature):
        return 0.0
    same = int(sum(map(operator.eq, a.signature, b.signature)))  # in C; lengths checked
    return same / len(a.signature)


def _toll_agrees(a: Features, b: Features) -> bool | None:
    """True when the tolls agree (or one report's toll is a figure in the other), None unknown."""
    if a.killed is None and b.killed is None:
        return None
    if a.killed is not None and b.killed is not None and a.killed == b.killed:
        return True
    if (a.killed is not None and a.killed > 1 and str(a.killed) in b.numbers) or (
            b.killed is not None and b.killed > 1 and str(b.killed) in a.numbers):
        return True
    return False if a.killed is not None and b.killed is not None else None


def similarity(a: Features, b: Features, p: LinkParams = LinkParams()) -> float:
    """How likely two reports describe one incident, in [0, 1]."""
    dated = a.dated and b.dated
    gap = _gap(a, b) if dated else 0
    meeting = _meeting(a, b)
    if gap > (p.meeting_window_days if meeting else p.window_days):
        return 0.0
    if a.language == b.language and signature_similarity(a, b) >= p.near_duplicate:
        return 1.0
    if not a.countries & b.countries:
        return 0.0
    score = (p.w_places * _jaccard(a.places, b.places)
             + p.w_types * _jaccard(a.types, b.types)
             + p.w_actors * _jaccard(a.actors, b.actors)
             + p.w_countries * _jaccard(a.countries, b.countries))
    if a.lead and b.lead:
        # The headlines say what happened: the same kind joins, different kinds (a clash,
        # the ceasefire after it) part.
        score += p.w_lead if a.lead & b.lead else -p.w_lead
    if a.title and b.title and not a.title & b.title:
        score -= p.w_title  # one title reports conflict, the other cooperation
    if a.numbers and b.numbers:
        score += p.w_numbers * _jaccard(a.numbers, b.numbers)
    if meeting:
        gap = 0  # a meeting opens and closes on different days: the days say nothing
    elif a.event_date and b.event_date:
        score += p.w_event_date if _days(a.event_date, b.event_date) <= 1 else -p.w_event_date
    conflict_a, conflict_b = a.types & MATERIAL_CONFLICT, b.types & MATERIAL_CONFLICT
    if bool(conflict_a) != bool(conflict_b):
        score -= p.w_types  # a clash and a meeting about it are different incidents
    toll = _toll_agrees(a, b)
    deadly_a, deadly_b = bool(a.killed), bool(b.killed)
    if deadly_a and deadly_b:
        # Both report deaths: tolls rise as an incident goes on, so any two count; equal
        # tolls (or one's toll among the other's figures) count more.
        score += p.w_killed * (1.5 if toll else 1.0)
    elif deadly_a != deadly_b:
        score -= p.w_killed / 2
    if not dated:
        # Month-days named in an undated report bound it up to the year.
        for x, y in ((a, b), (b, a)):
            if not x.dated and x.monthdays and (y.dated or y.monthdays) and _monthday_gap(
                    x.monthdays, y) > p.window_days:
                return 0.0
        # No date to bound it: only a matching toll may link; deadly fighting between the
        # same two countries may too when the undated report names its days (month-days).
        anchored = all(x.dated or x.monthdays for x in (a, b))
        deadly_pair = anchored and deadly_a and deadly_b and len(
            a.countries & b.countries) >= 2 and bool(a.types & b.types & MATERIAL_CONFLICT)
        if not (toll or deadly_pair):
            return 0.0
        score -= p.undated_min - p.threshold
    return max(0.0, min(1.0, score - p.day_penalty * gap))


def _meeting(a: Features, b: Features) -> bool:
    """Two peaceful reports of one venue or organisation: possibly one multi-day meeting.

    Forums, visits and ministerial meetings are announced, opened and closed over several
    days; incidents are reported within a day or two.
    """
    if a.killed or b.killed or not (a.types | b.types) & MEETING:
        return False
    if any(x.types - MEETING for x in (a, b)):
        return False
    return bool(a.places & b.places or a.actors & b.actors)


def story_id_for(first: Features) -> str:
    """A stable story id from its first report."""
    digest = hashlib.sha1(first.article_id.encode("utf-8")).hexdigest()[:10]
    return f"s-{first.day.replace('-', '')}-{digest}"


class Linker:
    """Incremental story linking over reports that arrive one at a time.

    Keeps the reports of the last days in memory (``evict`` drops older ones), indexed
    by day and by MinHash LSH, so that linking one report touches only its neighbours.
    """

    def __init__(self, params: LinkParams = LinkParams()) -> None:
        self.params = params
        self.members: dict[str, list[Features]] = {}
        self.story_of: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=params.near_duplicate, num_perm=NUM_PERM)
        self._by_day: dict[str, set[str]] = {}
        self._undated: set[str] = set()

    def load(self, story_id: str, f: Features) -> None:
        """Add an already-linked report (when resuming from the store)."""
        if f.article_id in self.story_of:
            return
        self.members.setdefault(story_id, []).append(f)
        self.story_of[f.article_id] = story_id
        if not f.dated:
            self._undated.add(story_id)
        for d in self._own_days(f):
            self._by_day.setdefault(d, set()).add(story_id)
        if f.signature:
            self._lsh.insert(f.article_id, _lean(f))

    @staticmethod
    def _own_days(f: Features) -> set[str]:
        return {d for d in (f.day, f.event_date) if d} if f.dated else set()

    def evict(self, before: str) -> None:
        """Forget reports whose every date is before ``before`` (YYYY-MM-DD)."""
        old = [d for d in self._by_day if d < before]
        stale: set[str] = set()
        for d in old:
            stale |= self._by_day.pop(d)
        for sid in stale:
            keep = [f for f in self.members.get(sid, ()) if not f.dated
                    or any(d >= before for d in self._own_days(f))]
            for f in self.members.get(sid, ()):
                if f not in keep:
                    self.story_of.pop(f.article_id, None)
                    if f.article_id in self._lsh:
                        self._lsh.remove(f.article_id)
            if keep:
                self.members[sid] = keep
            else:
                self.members.pop(sid, None)
                self._undated.discard(sid)

    def _candidates(self, f: Features) -> set[str]:
        if not f.dated:
            return set(self.members)  # no date to narrow by: every report kept in memory
        found: set[str] = set(self._undated)
        for d in self._own_days(f):
            day = date.fromisoformat(d).toordinal()
            reach = max(self.params.window_days, self.params.meeting_window_days)
            for delta in range(-reach, reach + 1):
                found |= self._by_day.get(date.fromordinal(day + delta).isoformat(), set())
        if f.signature:
            for aid in self._lsh.query(_lean(f)):
                if aid in self.story_of:
                    found.add(self.story_of[aid])
        return found

    def best(self, f: Features) -> tuple[str | None, float]:
        """The story ``f`` matches best and the linkage score (without linking it)."""
        best, best_score = None, 0.0
        for sid in sorted(self._candidates(f)):
            members = self.members[sid][-self.params.max_compared:]
            first = min((m.day for m in self.members[sid] if m.dated), default=f.day)
            if f.dated and _days(first, f.day) > self.params.max_span_days and f.day > first:
                continue  # a running crisis is a chain of stories, not one without end
            scores = [similarity(f, m, self.params) for m in members]
            top = max(scores)
            mean = sum(scores) / len(scores)
            # An undated report cannot be placed within the story's days, so its distance
            # to reports of other days says nothing: it joins through its closest report.
            link = 1.0 if not f.dated else self.params.linkage
            score = 1.0 if top >= 1.0 else link * top + (1 - link) * mean
            if score > best_score:
                best, best_score = sid, score
        return best, best_score

    def assign(self, f: Features) -> str:
        """The story ``f`` belongs to (existing or new); remembers the link."""
        if f.article_id in self.story_of:
            return self.story_of[f.article_id]
        best, score = self.best(f)
        sid = best if best is not None and score >= self.params.threshold else story_id_for(f)
        self.load(sid, f)
        return sid


def arrival_order(f: Features) -> tuple[bool, str, str]:
    """Order in which a batch is linked: dated reports by day, undated ones last."""
    return (not f.dated, f.day, f.article_id)


def _lean(f: Features) -> LeanMinHash:
    return LeanMinHash(seed=7, hashvalues=f.signature, scheme=SCHEME)


def cluster(items: Iterable[tuple[str, Mapping[str, Any]]],
            params: LinkParams = LinkParams()) -> dict[str, str]:
    """Article id -> story id for records taken in publication order."""
    feats = sorted((features(aid, rec) for aid, rec in items), key=arrival_order)
    linker = Linker(params)
    return {f.article_id: linker.assign(f) for f in feats}


def pairwise_scores(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall of a clustering against gold story labels."""
    ids = sorted(set(predicted) & set(gold))
    tp = fp = fn = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            same_p, same_g = predicted[a] == predicted[b], gold[a] == gold[b]
            tp += same_p and same_g
            fp += same_p and not same_g
            fn += same_g and not same_p
    by_p: dict[str, set[str]] = {}
    by_g: dict[str, set[str]] = {}
    for a in ids:
        by_p.setdefault(predicted[a], set()).add(a)
        by_g.setdefault(gold[a], set()).add(a)
    bp = sum(len(by_p[predicted[a]] & by_g[gold[a]]) / len(by_p[predicted[a]]) for a in ids)
    br = sum(len(by_p[predicted[a]] & by_g[gold[a]]) / len(by_g[gold[a]]) for a in ids)
    n = max(len(ids), 1)
    return {
        "articles": len(ids),
        "pair_precision": tp / (tp + fp) if tp + fp else 1.0,
        "pair_recall": tp / (tp + fn) if tp + fn else 1.0,
        "bcubed_precision": bp / n, "bcubed_recall": br / n,
    }


def published_day(value: datetime | None) -> str | None:
    """The day of a naive publication time, as YYYY-MM-DD."""
    return value.date().isoformat() if value else None


TALLIES = ("countries", "admin1", "themes", "actors", "places", "dates")


def tally(rec: Mapping[str, Any], counts: Mapping[str, dict[str, int]], killed: list[int],
          sign: int = 1) -> None:
    """Add (``sign`` = -1: take back) one report's values to a story's counts and tolls."""
    def add(d: dict[str, int], k: str) -> None:
        d[k] = d.get(k, 0) + sign
        if not d[k]:
            del d[k]

    for c in rec.get("countries") or ():
        add(counts["countries"], c)
    for a in rec.get("admin1") or ():
        add(counts["admin1"], a)
    for t in rec.get("themes") or ():
        add(counts["themes"], str(t.get("id")))
    for a in rec.get("actors") or ():
        add(counts["actors"], str(a.get("id")))
    for p in rec.get("places") or ():
        if p.get("kind") != "country":
            add(counts["places"], str(p.get("name")))
    d = full_date(rec.get("event_date")) or full_date(rec.get("published"))
    if d:
        add(counts["dates"], d)
    if isinstance(rec.get("killed"), int):
        if sign > 0:
            bisect.insort(killed, int(rec["killed"]))
        else:
            killed.remove(int(rec["killed"]))


def merge_summary(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The merged best estimate of a story from its reports' records."""
    counts: dict[str, dict[str, int]] = {name: {} for name in TALLIES}
    killed: list[int] = []
    for rec in records:
        tally(rec, counts, killed)
    return summarise(len(records), killed=killed, **counts)


def summarise(n: int, countries: Mapping[str, int], admin1: Mapping[str, int],
              themes: Mapping[str, int], actors: Mapping[str, int], places: Mapping[str, int],
              dates: Mapping[str, int], killed: Sequence[int]) -> dict[str, Any]:
    """A story's summary from how many of its ``n`` reports name each value (tolls sorted)."""
    def ranked(d: Mapping[str, int]) -> list[str]:
        return [k for k, _ in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))]

    # The date most reports give; ties go to the earliest (first reports date the onset).
    best_date = min(dates, key=lambda k: (-dates[k], k)) if dates else None
    # Median of the reported tolls: early reports undercount, single outliers overcount.
    toll = killed[len(killed) // 2] if killed else None
    # A country must be named by at least half the reports (or be the only one).
    half = max(1, (n + 1) // 2)
    main = [c for c in ranked(countries) if countries[c] >= half] or ranked(countries)[:2]
    return {
        "date": best_date, "killed": toll, "countries": main, "all_countries": ranked(countries),
        "admin1": [a for a in ranked(admin1) if admin1[a] >= half] or ranked(admin1)[:2],
        "themes": ranked(themes), "actors": ranked(actors), "places": ranked(places),
    }
