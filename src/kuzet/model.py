"""The stage contract: frozen dataclasses for an article and its annotations.

Every annotation carries character offsets into ``Article.doc`` — the title, a blank
line, then the unique paragraphs separated by blank lines — so that any finding can be
traced back to the exact words that prove it. Stages never mutate the article; they
return new annotations (see ``kuzet.annotate.pipeline``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

PARAGRAPH_SEP = "\n\n"


@dataclass(frozen=True)
class Article:
    """One cleaned news item, ready for analysis."""

    id: str
    text: str  # unique paragraphs joined by PARAGRAPH_SEP (no title)
    title: str = ""
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    author: str | None = None
    published: datetime | None = None  # naive = local time of the source
    language: str | None = None
    script: str | None = None  # "Latn", "Cyrl", "Arab"
    paragraphs: tuple[str, ...] = ()
    duplicates_removed: int = 0
    boilerplate_removed: tuple[str, ...] = ()
    fetched_at: datetime | None = None
    content_hash: str = ""

    @cached_property  # built once: every stage reads it, and the normaliser cache keys on it
    def doc(self) -> str:
        """The text every annotation's offsets point into: title, blank line, body."""
        if self.title:
            return self.title + PARAGRAPH_SEP + self.text
        return self.text

    @property
    def body_offset(self) -> int:
        """Where ``text`` starts inside ``doc``."""
        return len(self.title) + len(PARAGRAPH_SEP) if self.title else 0


@dataclass(frozen=True)
class Span:
    """A piece of evidence: character offsets into ``Article.doc`` and the words there."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Place:
    """A place named in the text, resolved to a gazetteer entry."""

    name: str  # canonical English name
    text: str
    start: int
    end: int
    kind: str  # country, admin1, admin2, city, village, river, dam, canal, region, crossing
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # ISO 3166-2
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None


@dataclass(frozen=True)
class CountryRef:
    """A reference to a country by name, demonym, capital, place, institution or leader."""

    code: str  # ISO 3166-1 alpha-2
    text: str
    start: int
    end: int
    via: str  # name, demonym, capital, place, institution, leader


@dataclass(frozen=True)
class Actor:
    """A person or organisation found in the text."""

    id: str
    name: str
    text: str
    start: int
    end: int
    country: str | None = None
    type: str | None = None  # government, military, police, legislature, judiciary, ...
    cameo: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Theme:
    """A preventive-diplomacy theme with its score and evidence spans."""

    id: str
    score: float
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Event:
    """A PLOVER-coded event with the sentence that proves it."""

    type: str  # PLOVER event type
    evidence: Span
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    actor: str | None = None  # actor id or country code
    recipient: str | None = None
    location: str | None = None  # gazetteer id
    country: str | None = None
    admin1: str | None = None
    date: str | None = None  # YYYY-MM-DD or YYYY-MM
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material
    killed: int | None = None
    injured: int | None = None
    bar: int | None = None  # TFDD BAR scale, water events only
    negated: bool = False


@dataclass(frozen=True)
class Annotations:
    """Everything the stages found in one article; each field belongs to one stage."""

    places: tuple[Place, ...] = ()
    countries: tuple[CountryRef, ...] = ()
    actors: tuple[Actor, ...] = ()
    themes: tuple[Theme, ...] = ()
    events: tuple[Event, ...] = ()
    killed: int | None = None
    event_date: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def country_codes(self) -> list[str]:
        """Sorted ISO codes of every country referred to (directly or through places)."""
        codes = {c.code for c in self.countries}
        codes.update(p.country for p in self.places if p.country)
        return sorted(codes)

    def admin1_codes(self) -> list[str]:
        """Sorted ISO 3166-2 codes of first-level units named or containing a named place."""
        return sorted({p.admin1 for p in self.places if p.admin1})


_A = TypeVar("_A")
_new = object.__new__
_set = object.__setattr__


def spanned(cls: type[_A], fields: Mapping[str, Any], text: str, start: int, end: int) -> _A:
    """An annotation of ``cls`` with the ``fields`` of one already made (its ``__dict__``)
    at a new span: the stages make dozens per article from a few remembered ones, so this
    skips ``__init__`` and ``dataclasses.replace``."""
    made = dict(fields)
    made["text"] = text
    made["start"] = start
    made["end"] = end
    obj = _new(cls)
    _set(obj, "__dict__", made)
    return obj


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def analysis_record(article: Article, ann: Annotations, pipeline_version: str) -> dict[str, Any]:
    """The analysis record (JSON-ready) for one article; documented in schema/analysis.json."""
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "published": _iso(article.published),
        "language": article.language,
        "script": article.script,
        "paragraphs": list(article.paragraphs),
        "duplicates_removed": article.duplicates_removed,
        "boilerplate_removed": list(article.boilerplate_removed),
        "countries": ann.country_codes(),
        "admin1": ann.admin1_codes(),
        "places": [asdict(p) for p in ann.places],
        "country_refs": [asdict(c) for c in ann.countries],
        "actors": [asdict(a) for a in ann.actors],
        "themes": [
            {"id": t.id, "score": round(t.score, 4), "evidence": [asdict(s) for s in t.evidence]}
            for t in ann.themes
        ],
        "events": [_event_dict(e) for e in ann.events],
        "killed": ann.killed,
        "event_date": ann.event_date,
        "pipeline_version": pipeline_version,
    }


def _event_dict(e: Event) -> dict[str, Any]:
    d = asdict(e)
    d["contexts"] = list(e.contexts)
    return d
