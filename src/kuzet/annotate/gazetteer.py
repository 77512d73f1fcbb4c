"""The gazetteer: loading the built data, the matching keys, and ``check()``.

The built file ``data/gazetteer/gazetteer.json.gz`` (made by scripts/build_gazetteer.py)
holds entries with their names per language. Every name becomes folded matching keys
(with stems for Russian adjectives and nouns, variants without hyphens, and Arabic names
without their article); ``key_table()`` does that, and scripts/gazetteer_keys.py ships
its result as ``keys.json.gz`` so loading only fills one Aho-Corasick automaton.
The automaton runs over ``morph.spaced(text)``: keys of cased scripts are anchored on the
space before them, so they are only tried at word starts.

Analyst-editable files (format in data/gazetteer/README.md): countries.tsv,
admin1.tsv, places.tsv and common_words.txt. ``check()`` validates them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from kuzet.annotate.morph import Spaced, by_letter_frequency, script_of, spaced_key
from kuzet.errors import KuzetError
from kuzet.text.normalize import fold

# Kinds ranked for disambiguation: a country or a region before a town of that name.
KIND_RANK = {"country": 0, "admin1": 1, "city": 3, "enclave": 2, "crossing": 2, "river": 2,
             "dam": 2, "reservoir": 2, "canal": 2, "region": 2, "lake": 2, "village": 5,
             "admin2": 4}
# National capitals among the units and GeoNames places (Kabul is a city and a province).
CAPITALS = frozenset({"KZ-71", "KG-GB", "TJ-DU", "TM-S", "UZ-TK", "gn:1138958"})
CITY_UNITS = frozenset({"KZ-71", "KZ-75", "KZ-79", "KG-GB", "KG-GO", "TJ-DU", "TM-S", "UZ-TK"})
# Generic words for a unit ("область", "ولاية") stripped to get its bare name.
_UNIT_WORDS = re.compile(
    r"(^|\s)(област[ьи]|обл\.|облысы|облусу|вилояти|велаят[ы]?|уалаяты|viloyati|welayaty|"
    r"region|province|oblast|oblysy|provinces|ولايه|ولايت|استان|منطقه|مقاطعه|محافظه|اوبليس)"
    r"(?=\s|$)"
)
_RU_ADJ = re.compile(r"(ск|цк|нск)(ая|ии|ыи|ое|ие|ые|ои)$")
# The gender (or plural) of a Russian adjectival name by its folded ending, and the
# endings each allows: "Московская" is never "Московский", "Московской" never "Московский".
_RU_GENDER = {"ая": "f", "ое": "n", "ие": "p", "ые": "p", "ии": "m", "ыи": "m", "ои": "m"}
RU_GENDER_ENDINGS = {
    "m": frozenset({"ии", "ыи", "ого", "ому", "им", "ом"}),
    "f": frozenset({"ая", "ои", "ую", "ою"}),
    "n": frozenset({"ое", "ого", "ому", "им", "ом"}),
    "p": frozenset({"ие", "ые", "их", "им", "ими"}),
}
_RU_NOUN = re.compile(r"([^аеиоуыэюя]|и)[ая]$")
VALID_KINDS = frozenset(KIND_RANK)
# GeoNames places below this population written in Arabic script need local context (a
# place word around them, or their admin-1 unit named in the text): the script has no
# capitals, and GeoNames's unchecked alternate names collide with common Arabic, Persian
# and Pashto words ("سيادة" sovereignty, "داریم" we have, "باب" door, "مبارك" blessed).
# scripts/gazetteer_ner_false.py (six countries named, ANERcorp and Arman) found such
# names right 8% of the time under 10,000 people, 11% under 30,000 and 28-38% under
# 100,000: below 100,000 an unanchored match is more often a word than the place.
LOCAL_POP = 100_000
# Words for a river, matched by the same automata at word starts (a name before one is a
# river there): stems that take endings, and whole words ("рек" starts "реконструкция").
RIVER_STEMS = tuple(fold(w) for w in (
    "river", "дарыя", "дарья", "өзен", "daryo", "дарё", "derýa", "رودخانه", "سیند", "سيند"))
RIVER_WORDS = tuple(fold(w) for w in ("река", "реки", "реке", "рекой", "рекам", "реках", "رود",
                                      "نهر"))
# Currency words (a currency is not a reference to its country: "AQSh dollari", "долларов
# США"): the automata find them anywhere in a word, as str.find would, not only at starts.
CURRENCY = tuple(fold(w) for w in ("dollar", "доллар", "долар", "دلار", "دولار", "yuan", "юан"))


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry."""

    id: str
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    pop: int


class Name(NamedTuple):
    """One matching key's meaning: which entry, how it refers, and its constraints.

    A tuple rather than a dataclass: the places stage reads these for every match.
    """

    entry: int
    via: str  # name, demonym, capital, place
    script: str
    ambiguous: bool  # fires only when the entry's country is already in the text
    needs_article: bool  # an Arabic name stored without ال
    proper: bool  # must start with a capital letter in cased scripts
    weak: bool = False  # ranks after every other reading of the same words
    bound: bool = False  # a stem that needs an ending
    country: str | None = None  # the entry's, copied here for the matcher
    admin1: str | None = None
    rank: tuple[int, int, int, int] = (9, 9, 9, 0)  # country first, curated, kind, -population
    local: bool = False  # an uncased small place: needs a place word or its unit nearby
    gender: str = ""  # a Russian adjectival stem's gender: RU_GENDER_ENDINGS[gender] only


class Reading(NamedTuple):
    """What one automaton key means once it matched (names pre-split for the matcher)."""

    size: int  # length of the key in the text
    key: str
    verify: bool  # the text must be compared with the key (punctuation in it, or a twin)
    arab: bool  # Arabic script: may follow a clitic inside a word
    names: tuple[Name, ...]
    unbound: tuple[Name, ...]  # the names that may stand without an ending
    demonym: bool  # some name is a demonym (may be a language name)
    all_bound: bool
    other: Reading | None = None  # another key written the same up to punctuation
    calendar: bool = False  # also a weekday or month name: the words around must allow it
    river: bool = False  # not a name but a word for a river (RIVER_STEMS, RIVER_WORDS)
    whole: bool = False  # that word takes no ending
    money: bool = False  # with river: not a name but a currency word (CURRENCY), found anywhere
    gendered: bool = False  # some name is a Russian adjectival stem with a gender
    # What the actors stage's key of the same letters means (see Gazetteer.hits): its
    # names share these automata, so one scan serves both stages. A reading made only for
    # it has no names.
    actor: Any = None


@dataclass
class Gazetteer:
    """Entries, and the automaton from spaced folded keys to their readings."""

    entries: list[Entry]
    automaton: Any  # keys of cased scripts, anchored on the space before them
    arabic: Any  # Arabic-script keys (they may follow a clitic), or None
    keys: int
    currency: bool = False  # the automata find every currency word (Reading.money)
    shared: int = 0  # how many keys of another matcher the automata hold (build's shared)
    # What the places stage worked out once for these readings, kept with them (see
    # places.find): matched words -> their surface; (entry, via) -> output fields.
    surfaces: dict[Any, Any] = field(default_factory=dict, repr=False)
    protos: dict[Any, Any] = field(default_factory=dict, repr=False)
    # the last spaced text scanned and its hits: the actors stage scans the same one (the
    # same object, from morph.spaced's cache: no need to hash or compare its letters)
    _last: tuple[Spaced, list[tuple[int, Reading]]] | None = field(default=None, repr=False)

    def hits(self, prepared: Spaced) -> list[tuple[int, Reading]]:
        """Every key in a spaced text as (end in the text, reading), by end; Arabic-script
        keys only when the text may hold Arabic letters, after the others."""
        last = self._last
        if last is not None and last[0] is prepared:
            return last[1]
        found: list[tuple[int, Reading]] = list(self.automaton.iter(prepared.text))
        if prepared.arabic and self.arabic is not None:
            found += self.arabic.iter(prepared.text)
        self._last = (prepared, found)
        return found

    def lookup(self, key: str) -> tuple[Name, ...]:
        """The names a folded key stands for (none when it is not a key)."""
        folded = spaced_key(key)
        if script_of(key) == "Arab":
            r = self.arabic.get(folded, None) if self.arabic is not None else None
        else:
            r = self.automaton.get(" " + folded, None)
        while r is not None and r.key != key:
            r = r.other
        return r.names if r is not None else ()


def read_tsv(path: Path) -> Iterator[list[str]]:
    """Rows of a curated TSV file, skipping comments and blank lines."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def parse_names(spec: str) -> dict[str, list[str]]:
    """Parse ``lang=a,b;lang=c`` into ``{lang: [a, b], ...}``."""
    out: dict[str, list[str]] = {}
    for part in spec.split(";"):
        lang, sep, forms = part.partition("=")
        if not sep:
            continue
        out.setdefault(lang.strip(), []).extend(f.strip() for f in forms.split(",") if f.strip())
    return out


def data_path(*parts: str) -> Path:
    """Path of a file shipped in kuzet/data."""
    return Path(str(resources.files("kuzet") / "data" / Path(*parts)))


def _word_list(name: str) -> frozenset[str]:
    path = data_path("gazetteer", name)
    words: set[str] = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                words.update(fold(w) for w in line.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Folded common words that a name must not be on its own (data/gazetteer)."""
    return _word_list("common_words.txt")


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Folded weekday and month names in the ten languages (data/gazetteer)."""
    return _word_list("calendar_words.txt")


_RU_UNIT = re.compile(r"^(\S+ск)(ая|ои|ую) (область|области|областью)$")
_RU_UNIT_FORMS = tuple(fold(f) for f in (
    "ая область", "ой области", "ую область", "ой областью", "ая обл", "ой обл"))


@dataclass(frozen=True)
class Key:
    """One folded matching key of a name form."""

    key: str
    article: bool = False  # Arabic name stored without its article: needs ال before it
    weak: bool = False  # a unit's bare name ("Almaty" of "Almaty Region"): ranks last
    bound: bool = False  # a stem ("Ферган"): needs an ending
    gender: str = ""  # a Russian adjective's stem: only this gender's endings ("m f n p")


def keys_for(form: str, kind: str) -> list[Key]:
    """Folded matching keys of one name form."""
    base = " ".join(fold(form.rstrip("~")).split()).strip(" .")
    unit = _RU_UNIT.match(base)
    if unit:  # "Ташкентская область" in every case, never the bare adjective
        return [Key(unit.group(1) + ending) for ending in _RU_UNIT_FORMS]
    variants = {base: False}
    if kind in {"admin1", "admin2"}:
        bare = " ".join(_UNIT_WORDS.sub(" ", base).split())
        if len(bare) >= 4 and bare != base:
            variants.setdefault(bare, True)
    for v, weak in list(variants.items()):
        if "-" in v:
            variants.setdefault(v.replace("-", " "), weak)
            variants.setdefault(v.replace("-", ""), weak)
        if " " in v and script_of(v) == "Arab":
            variants.setdefault(v.replace(" ", ""), weak)
    out: list[Key] = []
    soft_end = form.rstrip("~").endswith(("й", "Й"))
    for v, weak in variants.items():
        script = script_of(v)
        if script == "Cyrl" and " " not in v:
            m = _RU_ADJ.search(v)
            if m:
                out.append(Key(v[: m.start() + len(m.group(1))], weak=weak, bound=True,
                               gender=_RU_GENDER[m.group(2)]))
            elif (soft_end or _RU_NOUN.search(v)) and len(v) >= 5:
                out.append(Key(v[:-1], weak=weak, bound=True))
        if script == "Arab" and v.startswith("ال") and len(v) > 4:
            out.append(Key(v[2:], article=True, weak=weak))
        if len(v) >= 2:
            out.append(Key(v, weak=weak))
    return out


def _never(key: str, entry: Entry, capital: bool) -> bool:
    """Whether a key must not stand for ``entry`` at all.

    A GeoNames village, district or town named like a weekday or a month ("March",
    "میزان", "Juma") or, for villages and districts, like a common word ("اوبه" = water)
    is almost never what a text means, even in its own country; capitals named like a
    weekday are kept and checked against the words around them (places.find).
    """
    if not entry.id.startswith("gn:") or capital:
        return False
    if key in calendar_words():
        return True
    return entry.kind in {"village", "admin2"} and key in common_words()


def _article_forms(keys: list[Key]) -> list[Key]:
    """Arabic adjectives with the article ("الطاجيك", "الإماراتية") for keys written without it."""
    return [Key("ال" + k.key, weak=k.weak) for k in keys
            if not k.article and script_of(k.key) == "Arab" and not k.key.startswith("ال")]


def _is_ambiguous(key: str, marked: bool, entry: Entry, form: str = "") -> bool:
    if marked or key in common_words():
        return True
    size = len(key.replace(" ", ""))
    if size <= 3:
        # A country's three-letter acronym in capitals ("США", "АҚШ", "UAE", "КНР") or its
        # short name in Arabic script ("چین", "هند", "قطر") is the country itself; other
        # short names need their country in the text.
        return not (entry.kind == "country" and (
            (size == 3 and form.isupper()) or script_of(key) == "Arab"))
    # small places and districts share names with people and words: need their country
    if not entry.id.startswith("gn:"):
        return False
    return entry.kind in {"village", "admin2"} or (entry.kind == "city" and size <= 4)


def _entry(raw: dict[str, Any]) -> Entry:
    kind = "city" if raw["id"] in CITY_UNITS else raw["kind"]
    return Entry(raw["id"], raw["name"], kind, raw.get("country"), raw.get("admin1"),
                 raw.get("lat"), raw.get("lon"), int(raw.get("pop", 0)))


# A row of the key table: entry index, via, then ambiguous, needs_article, proper, weak,
# bound (True for a stem, or the gender letter of a Russian adjectival stem).
KeyRow = list[Any]


def key_table(raw_entries: list[dict[str, Any]]) -> dict[str, list[KeyRow]]:
    """Every folded matching key and the names it stands for (what keys.json.gz ships)."""
    table: dict[str, dict[tuple[int, str], KeyRow]] = {}
    for idx, raw in enumerate(raw_entries):
        entry = _entry(raw)
        capital = raw["id"] in CAPITALS or (
            entry.kind == "city" and entry.admin1 in CAPITALS and entry.pop >= 300_000)
        groups = [("capital" if capital else "name", raw.get("names", {})),
                  ("demonym", raw.get("demonyms", {})), ("capital", raw.get("capitals", {}))]
        for via, names in groups:
            for forms in names.values():
                for form in forms:
                    keys = keys_for(form, entry.kind)
                    if via == "demonym":
                        keys += _article_forms(keys)
                    for k in keys:
                        if _never(k.key, entry, via == "capital"):
                            continue
                        amb = via != "demonym" and _is_ambiguous(k.key, form.endswith("~"), entry,
                                                                 form)
                        # names of countries and places are capitalised in every cased
                        # script; lowercase homographs are common words ("бир катар")
                        proper = amb or via != "demonym"
                        names_of = table.setdefault(k.key, {})
                        if (idx, via) not in names_of or names_of[(idx, via)][5]:
                            # an adjective of a country takes every gender
                            # ("российская сторона", "Российской Федерации")
                            gender = k.gender if via != "demonym" else ""
                            names_of[(idx, via)] = [idx, via, amb, k.article, proper, k.weak,
                                                    gender or k.bound]
    return {key: list(table[key].values()) for key in by_letter_frequency(table)}


def _small(entry: Entry, via: str) -> bool:
    """Whether ``entry`` is a GeoNames place small enough to need local context."""
    return entry.id.startswith("gn:") and via != "capital" and entry.kind in {
        "village", "city"} and entry.pop < LOCAL_POP


# Another matcher's keys to share the automata: spaced key -> (size of the key in the text,
# the key, whether it goes with the Arabic-script keys, what it means).
SharedKeys = Mapping[str, tuple[int, str, bool, Any]]


def build(raw_entries: list[dict[str, Any]], table: dict[str, list[KeyRow]] | None = None,
          shared: SharedKeys | None = None) -> Gazetteer:
    """Build the automata from raw entries (as stored in the built file) and their keys,
    and ``shared`` keys of another matcher (found as ``Reading.actor``)."""
    entries = [_entry(raw) for raw in raw_entries]
    if table is None:
        table = key_table(raw_entries)
    ranks = [(0 if e.kind == "country" else 1, 0 if e.id.startswith("ca:") else 1,
              KIND_RANK.get(e.kind, 9), -e.pop) for e in entries]
    readings: dict[str, Reading] = {}
    calendar = calendar_words()
    for key, rows in table.items():
        script = script_of(key)
        names = tuple(Name(idx, via, script, amb, article, proper, weak, bool(bound),
                           entries[idx].country, entries[idx].admin1, ranks[idx],
                           script == "Arab" and _small(entries[idx], via),
                           bound if isinstance(bound, str) else "")
                      for idx, via, amb, article, proper, weak, bound in rows)
        arab = script == "Arab"
        folded = spaced_key(key)
        # Arabic-script names may follow a clitic inside a word, so they are not anchored.
        spaced = folded if arab else " " + folded
        unbound = tuple(n for n in names if not n.bound)
        reading = Reading(len(key), key, folded != key, arab, names, unbound,
                          any(n.via == "demonym" for n in names), not unbound,
                          calendar=key in calendar, gendered=any(n.gender for n in names))
        if spaced in readings:  # "kara-suu" and "kara suu": the text tells them apart
            reading = reading._replace(verify=True,
                                       other=readings[spaced]._replace(verify=True))
        readings[spaced] = reading
    for word in RIVER_STEMS + RIVER_WORDS:  # anchored at word starts in both automata
        if " " + word not in readings:
            readings[" " + word] = Reading(len(word), word, False, False, (), (), False, True,
                                           river=True, whole=word in RIVER_WORDS)
    # Two automata: the Arabic-script one is only run on texts with Arabic letters, and
    # without its letters the root of the other has a single child, the space.
    cased: dict[str, Reading] = {}
    arabics: dict[str, Reading] = {}
    for spaced, reading in readings.items():  # the table's order: see by_letter_frequency
        arab = reading.arab or (reading.river and script_of(reading.key) == "Arab")
        (arabics if arab else cased)[spaced] = reading
    for spaced, (size, key, arab, meaning) in (shared or {}).items():
        into = arabics if arab else cased
        known = into.get(spaced)
        into[spaced] = (known._replace(actor=meaning) if known is not None else
                        Reading(size, key, False, arab, (), (), False, True, actor=meaning))
    # Unanchored, so they are found inside words too; were one also another key, the
    # places stage would look for them itself.
    money = [(word, arabics if script_of(word) == "Arab" else cased) for word in CURRENCY]
    currency = not any(word in into for word, into in money)
    if currency:
        for word, into in money:
            into[word] = Reading(len(word), word, False, False, (), (), False, True, river=True,
                                 money=True)
    automaton, arabic = ahocorasick.Automaton(), ahocorasick.Automaton()
    for spaced, reading in cased.items():
        automaton.add_word(spaced, reading)
    for spaced, reading in arabics.items():
        arabic.add_word(spaced, reading)
    automaton.make_automaton()
    arabic.make_automaton()
    return Gazetteer(entries, automaton, arabic if len(arabic) else None, len(table),
                     currency, len(shared or {}))


def load_raw(path: Path | None = None) -> list[dict[str, Any]]:
    """The raw entries of the built gazetteer file."""
    path = path or data_path("gazetteer", "gazetteer.json.gz")
    try:
        body = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise KuzetError("K160", str(path), f"cannot read gazetteer: {exc}") from exc
    entries: list[dict[str, Any]] = body["entries"]
    return entries


# Bumped when the key rows change meaning (2: bound may be a gender letter).
KEY_FORMAT = b"keys 2"


def source_hash(folder: Path | None = None) -> str:
    """A hash of what the key table is made from, to tell a stale keys.json.gz."""
    folder = folder or data_path("gazetteer")
    digest = hashlib.sha256(KEY_FORMAT)
    for name in ("gazetteer.json.gz", "common_words.txt", "calendar_words.txt"):
        path = folder / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


def load_keys(folder: Path | None = None) -> dict[str, list[KeyRow]] | None:
    """The shipped key table, or None when it is missing or older than its sources."""
    folder = folder or data_path("gazetteer")
    try:
        body = json.loads(gzip.decompress((folder / "keys.json.gz").read_bytes()))
    except (OSError, ValueError):
        return None
    if not isinstance(body, dict) or body.get("source") != source_hash(folder):
        return None
    keys: dict[str, list[KeyRow]] = body["keys"]
    return keys


def write_keys(folder: Path | None = None) -> Path:
    """Write ``keys.json.gz`` (the key table of ``gazetteer.json.gz``) into ``folder``."""
    folder = folder or data_path("gazetteer")
    body = {"source": source_hash(folder), "keys": key_table(load_raw(folder / "gazetteer.json.gz"))}
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    target = folder / "keys.json.gz"
    target.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return target


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The shipped gazetteer, loaded once per process (with the shipped actors' keys)."""
    from kuzet.annotate import actors  # imported here: actors need no gazetteer to load

    try:  # one scan finds the names of both stages
        shared = actors.shipped_keys()
    except KuzetError:  # the actors stage reports its own broken data; places go on
        shared = {}
    # A stale or missing key table is rebuilt here (slower), never trusted.
    return build(load_raw(), load_keys(), shared)


LANGS = frozenset({"en", "ru", "kk", "ky", "uz", "tg", "tk", "fa", "ps", "ar", "former"})


def _names_problems(where: str, spec: str) -> list[str]:
    problems = []
    for part in spec.split(";"):
        lang, sep, forms = part.partition("=")
        if not sep or lang.strip() not in LANGS:
            problems.append(f"{where}: bad names part {part!r} (want lang=form,form)")
        elif not forms.strip():
            problems.append(f"{where}: no forms for {lang!r}")
    return problems


def _collisions(where: str, spec: str, kind: str) -> list[str]:
    """Names that would fire on a common word or are too short to stand alone."""
    problems = []
    common = common_words()
    for forms in parse_names(spec).values():
        for form in forms:
            if form.endswith("~"):
                continue
            for k in keys_for(form, kind):
                if k.weak:
                    continue
                if k.key in common:
                    problems.append(f"{where}: name {form!r} is the common word {k.key!r}; "
                                    "mark it with ~")
                elif len(k.key.replace(" ", "")) <= 2:
                    problems.append(f"{where}: name {form!r} is too short to match safely")
    return problems


def check(folder: Path | None = None) -> list[str]:
    """Problems in the gazetteer's curated files and built data, one line each."""
    import pycountry  # only for validation, not on the matching path

    folder = folder or data_path("gazetteer")
    countries = {c.alpha_2 for c in pycountry.countries}
    units = {s.code: s.country_code for s in pycountry.subdivisions}
    problems: list[str] = []
    files = {"countries.tsv": 3, "admin1.tsv": 3, "places.tsv": 7}
    rows: dict[str, list[list[str]]] = {}
    for name, width in files.items():
        try:
            rows[name] = list(read_tsv(folder / name))
        except OSError as exc:
            problems.append(f"{name}: cannot read: {exc}")
            rows[name] = []
        for i, row in enumerate(rows[name], 1):
            if len(row) != width:
                problems.append(f"{name} row {i}: {len(row)} columns, want {width}")
        rows[name] = [r for r in rows[name] if len(r) == width]
    for code, via, spec in rows["countries.tsv"]:
        where = f"countries.tsv {code} {via}"
        if code not in countries:
            problems.append(f"{where}: unknown ISO 3166-1 code")
        if via not in {"name", "demonym", "capital"}:
            problems.append(f"{where}: via must be name, demonym or capital")
        problems += _names_problems(where, spec)
    seen: set[str] = set()
    for iso, gn, spec in rows["admin1.tsv"]:
        where = f"admin1.tsv {iso}"
        if iso in seen:
            problems.append(f"{where}: duplicate unit")
        seen.add(iso)
        if iso not in units:
            problems.append(f"{where}: unknown ISO 3166-2 code")
        if not re.fullmatch(r"[A-Z]{2}\.\w+", gn):
            problems.append(f"{where}: bad GeoNames admin1 code {gn!r}")
        problems += _names_problems(where, spec) + _collisions(where, spec, "admin1")
    ids: set[str] = set()
    for pid, kind, country, a1, lat, lon, spec in rows["places.tsv"]:
        where = f"places.tsv {pid}"
        if pid in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(pid)
        if kind not in VALID_KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
        if country and country not in countries:
            problems.append(f"{where}: unknown country {country!r}")
        if a1 and units.get(a1) != country:
            problems.append(f"{where}: admin1 {a1!r} is not a unit of {country or '-'}")
        problems += _coord_problems(where, lat, lon)
        problems += _names_problems(where, spec) + _collisions(where, spec, kind)
    if load_keys(folder) is None:
        problems.append("keys.json.gz: missing or older than gazetteer.json.gz and "
                        "the word lists; run scripts/gazetteer_keys.py")
    try:
        gaz = build(load_raw(folder / "gazetteer.json.gz"))
        if not gaz.entries:
            problems.append("gazetteer.json.gz: no entries")
    except (KuzetError, KeyError, TypeError) as exc:
        problems.append(f"gazetteer.json.gz: {exc}; rebuild with scripts/build_gazetteer.py")
    return problems


def _coord_problems(where: str, lat: str, lon: str) -> list[str]:
    try:
        if (lat and not -90 <= float(lat) <= 90) or (lon and not -180 <= float(lon) <= 180):
            return [f"{where}: coordinates out of range"]
    except ValueError:
        return [f"{where}: coordinates are not numbers"]
    return []
