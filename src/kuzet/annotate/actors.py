"""The actors stage: people and organisations, found by name, surname or title.

The analyst-editable dictionary lives in ``kuzet/data/actors/source/*.toml`` (format in
``kuzet/data/actors/README.md``); ``scripts/build_actors.py`` expands every name into its
spellings (transliterations, Arabic-script variants) and writes ``actors.json``, which
:func:`make_stage` loads once.

Matching runs on ``normalize(doc, fold=True)`` with one Aho-Corasick automaton, then
enforces word boundaries while letting the region's grammar through: case endings after a
name (Токаевым, Тоқаевқа, Tokayevning) and Arabic-script clitics before it (وتوكاييف).
A surname fires only once the full name has been introduced in the article (or when the
data marks it unambiguous); a title ("the Kazakh foreign minister") resolves to whoever
held the office on the publication date.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from kuzet.annotate import gazetteer
from kuzet.annotate.gazetteer import Gazetteer
from kuzet.annotate.morph import Spaced, by_letter_frequency, spaced, spaced_key
from kuzet.errors import KuzetError
from kuzet.model import Actor, Annotations, Article, CountryRef, spanned
from kuzet.text.normalize import Normalized, normalize

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "actors"
SOURCE_DIR = DATA_DIR / "source"
BUILT = DATA_DIR / "actors.json"

TYPES = frozenset({
    "government", "military", "police", "border", "intelligence", "legislature", "judiciary",
    "opposition", "militant", "igo", "ngo", "media", "business",
})
STATE_TYPES = frozenset({
    "government", "military", "police", "border", "intelligence", "legislature", "judiciary",
})
REFS = frozenset({"leader", "institution", "none"})
# 3-letter CAMEO parts Kuzet adds (documented in the README): border guards and IGOs of the region.
CAMEO_EXTENSIONS = frozenset({"BOR", "SCO", "CST", "EAU", "IFA", "CAR"})

# Grammatical endings that may follow a name (already folded: қ→к, ң→н, ү→у, і→и ...).
# Russian case endings; Kazakh/Kyrgyz/Uzbek-Cyrillic/Tajik case and possessive endings.
_CYR_SUFFIXES = frozenset("""
а у ом ым е ой ою ы и ов ам ами ах ыми ых ого ому ем им ая ую ее ие ые ий ей ю я ям ями ях
тын тин дын дин нын нин дун тун нун ка ке га ге ко го ты ти ды ди ны ни ну ду ту
тан тен дан ден нан нен тон дон нон та те да де то до мен бен пен менен ге не на
лар лер дар дер тар тер тын нинг нинг ни га дан да ро хо и ра си сы
""".split())
# Uzbek, Turkmen, Kazakh-Latin and English endings.
_LAT_SUFFIXES = frozenset("""
ning ni ga ka qa da dan ta tan ning lar ler ni nin nyn in yn a e y i na ne de den niki dagi
s
""".split())
# Persian ezafe written as ي, plural ها; Pashto oblique ي and oblique plural و (طالبانو).
_ARAB_SUFFIXES = frozenset({"ي", "ها", "ه", "و"})
# Arabic proclitics (and, with, to, so, like) and Persian ب; two may stack (وب، ول، فب).
_ARAB_PREFIXES = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "لل", "ولل", "بال", "وال"})


@dataclass(frozen=True)
class Role:
    """One role an actor held: title, office id (for title resolution), dates, CAMEO code."""

    title: str
    office: str
    start: date | None
    end: date | None
    cameo: str | None = None

    def covers(self, day: date) -> bool:
        """Whether the role was held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """One actor of the dictionary."""

    id: str
    name: str
    country: str | None
    type: str
    cameo: str
    ref: str  # leader, institution or none: the country reference the actor implies
    roles: tuple[Role, ...] = ()

    def role_at(self, day: date | None) -> Role | None:
        """The role held on ``day`` (the latest started); without a date, the latest role."""
        if not self.roles:
            return None
        if day is None:
            return max(self.roles, key=lambda r: r.start or date.min)
        held = [r for r in self.roles if r.covers(day)]
        return max(held, key=lambda r: r.start or date.min) if held else None


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_role(raw: Sequence[str]) -> Role:
    """A role from its data form ``[title, office, start, end(, cameo)]``."""
    title, office, start, end = raw[0], raw[1], raw[2], raw[3]
    return Role(title, office, _day(start), _day(end), raw[4] if len(raw) > 4 else None)


def default_ref(raw: Mapping[str, Any]) -> str:
    """The country reference an entry implies when its data does not say."""
    if "ref" in raw:
        return str(raw["ref"])
    if not raw.get("country") or raw.get("type") not in STATE_TYPES:
        return "none"
    return "institution" if raw.get("kind") == "org" else "leader"


def entry_from_raw(raw: Mapping[str, Any]) -> Entry:
    """An :class:`Entry` from one ``[[actor]]`` table."""
    return Entry(
        id=raw["id"], name=raw["name"], country=raw.get("country"), type=raw["type"],
        cameo=raw["cameo"], ref=default_ref(raw),
        roles=tuple(parse_role(r) for r in raw.get("roles", ())),
    )


def load_sources(source_dir: Path = SOURCE_DIR) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Raw actor tables (each with its ``_file``) and the titles table from the source files."""
    actors: list[dict[str, Any]] = []
    titles: dict[str, Any] = {}
    for path in sorted(source_dir.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise KuzetError("K160", str(path), f"cannot read actor data: {exc}") from exc
        if path.name == "titles.toml":
            titles = data
            continue
        for raw in data.get("actor", []):
            actors.append({**raw, "_file": path.name})
    return actors, titles


def sources_hash(source_dir: Path = SOURCE_DIR) -> str:
    """A hash of the source files, so a stale build can be detected."""
    digest = hashlib.sha256()
    for path in sorted(source_dir.glob("*.toml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cameo_ok(code: str, parts: frozenset[str]) -> bool:
    """Whether a CAMEO actor code is a sequence of known 3-letter parts."""
    if not code or len(code) % 3 or not code.isupper():
        return False
    return all(code[i:i + 3] in parts or code[i:i + 3] in CAMEO_EXTENSIONS for i in range(0, len(code), 3))


def validate(
    actors: Iterable[Mapping[str, Any]], titles: Mapping[str, Any], cameo_parts: frozenset[str]
) -> list[str]:
    """Problems in the source data: duplicate ids, unknown codes and types, bad roles and offices."""
    import pycountry  # only for validation, not on the matching path

    problems: list[str] = []
    seen: dict[str, str] = {}
    offices = set(titles.get("office", {}))
    countries = set(titles.get("country", {}))
    for raw in actors:
        where = f"{raw.get('_file', '?')}: {raw.get('id', '?')}"
        missing = [k for k in ("id", "name", "type", "cameo", "names") if not raw.get(k)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if raw["id"] in seen:
            problems.append(f"{where}: duplicate id (also in {seen[raw['id']]})")
        seen[raw["id"]] = raw.get("_file", "?")
        if raw["type"] not in TYPES:
            problems.append(f"{where}: unknown type {raw['type']!r}")
        if raw.get("kind", "person") not in {"person", "org"}:
            problems.append(f"{where}: unknown kind {raw['kind']!r}")
        if default_ref(raw) not in REFS:
            problems.append(f"{where}: unknown ref {raw['ref']!r}")
        country = raw.get("country")
        if country and country != "EU" and pycountry.countries.get(alpha_2=country) is None:
            problems.append(f"{where}: unknown country code {country!r}")
        if cameo_parts and not cameo_ok(raw["cameo"], cameo_parts):
            problems.append(f"{where}: unknown CAMEO code {raw['cameo']!r}")
        for key in ("names", "short", "alone"):
            for name in raw.get(key, ()):
                if len(normalize(name, fold=True).text.strip()) < 2:
                    problems.append(f"{where}: name {name!r} is too short to match safely")
        for r in raw.get("roles", ()):
            problems += _role_problems(where, r, offices, countries, cameo_parts)
    return problems


def _role_problems(
    where: str, r: Any, offices: set[str], countries: set[str], parts: frozenset[str]
) -> list[str]:
    if not isinstance(r, list) or len(r) not in (4, 5) or not all(isinstance(x, str) for x in r):
        return [f"{where}: role {r!r} must be [title, office, start, end(, cameo)]"]
    try:
        role = parse_role(r)
    except ValueError as exc:
        return [f"{where}: role {r[0]!r} has a bad date: {exc}"]
    out = []
    if role.start and role.end and role.end < role.start:
        out.append(f"{where}: role {role.title!r} ends before it starts")
    if role.office:
        country, _, office = role.office.partition(".")
        if office not in offices or country not in countries:
            out.append(f"{where}: role {role.title!r} has unknown office {role.office!r}")
    if role.cameo and parts and not cameo_ok(role.cameo, parts):
        out.append(f"{where}: role {role.title!r} has unknown CAMEO code {role.cameo!r}")
    return out


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
        return "Arab"
    if 0x0400 <= o <= 0x04FF:
        return "Cyrl"
    return "Latn"


_SUFFIXES = {"Cyrl": _CYR_SUFFIXES, "Latn": _LAT_SUFFIXES, "Arab": _ARAB_SUFFIXES}


def bounded(t: str, s: int, e: int) -> bool:
    """Whether ``t[s:e]`` stands as a word, allowing clitics before and endings after it."""
    if s > 0 and t[s - 1].isalnum():
        if _script(t[s]) != "Arab":
            return False
        i = s
        while i > 0 and t[i - 1].isalnum() and s - i < 3:
            i -= 1
        if (i > 0 and t[i - 1].isalnum()) or t[i:s] not in _ARAB_PREFIXES:
            return False
    return e >= len(t) or not t[e].isalnum() or _ending_ok(t, e)


def _ending_ok(t: str, e: int) -> bool:
    """Whether the rest of the word from ``e`` is a grammatical ending of the name before it."""
    n = len(t)
    j = e
    while j < n and t[j].isalnum() and j - e < 7:
        j += 1
    if j < n and t[j].isalnum():
        return False
    return t[e:j] in _SUFFIXES[_script(t[e - 1])]


class _Key(NamedTuple):
    """What one automaton key means: its size and text, how to check it, and its targets."""

    size: int
    key: str
    verify: bool  # the text must be compared with the key (punctuation in it, or a twin)
    arab: bool  # starts in Arabic script: may follow a clitic inside a word
    upper: bool  # an acronym: only in capitals
    targets: tuple[Target, ...]
    other: _Key | None = None  # another key written the same up to punctuation


# payload kinds: F full name, S surname (needs introduction), A unambiguous surname, T title
Target = tuple[str, int | str]


def key_table(built: Mapping[str, Any]) -> dict[str, _Key]:
    """What every automaton key of the built dictionary means, by its spaced form."""
    upper = set(built.get("upper", ()))
    table: dict[str, list[Target]] = {}
    for key, idx, kind in built["keys"]:
        table.setdefault(key, []).append((kind, idx))
    for key, office in built["titles"]:
        table.setdefault(key, []).append(("T", office))
    keys: dict[str, _Key] = {}
    for key, targets in table.items():
        arab = _script(key[0]) == "Arab"
        folded = spaced_key(key)
        # Keys of cased scripts carry the space before them (see morph.spaced), so
        # they are only tried at word starts; Arabic-script ones may follow a clitic.
        spaced = folded if arab else " " + folded
        meaning = _Key(len(key), key, folded != key, arab, key in upper, tuple(targets))
        if spaced in keys:  # the same letters with other punctuation
            meaning = meaning._replace(verify=True,
                                       other=keys[spaced]._replace(verify=True))
        keys[spaced] = meaning
    return {spaced: keys[spaced] for spaced in by_letter_frequency(keys)}


@lru_cache(maxsize=1)
def shipped() -> tuple[dict[str, Any], dict[str, _Key]]:
    """The shipped dictionary and its keys, loaded once per process."""
    built = load_built()
    return built, key_table(built)


def shipped_keys() -> dict[str, tuple[int, str, bool, _Key]]:
    """The shipped keys as the gazetteer shares its automata with them (gazetteer.build)."""
    return {spaced: (k.size, k.key, k.arab, k) for spaced, k in shipped()[1].items()}


class ActorMatcher:
    """The built dictionary, compiled once: find actors and country references in an article."""

    def __init__(self, built: Mapping[str, Any], shared: Gazetteer | None = None) -> None:
        """``shared``: a gazetteer whose automata hold this dictionary's keys (one scan for
        places and actors); without it the matcher builds automata of its own."""
        self.entries = [entry_from_raw(raw) for raw in built["actors"]]
        self.offices: dict[str, list[int]] = {}
        for i, entry in enumerate(self.entries):
            for role in entry.roles:
                if role.office:
                    self.offices.setdefault(role.office, []).append(i)
        self.shared = shared
        # what targets and actors make on a day, remembered (see _settled and _made)
        self._targets: dict[tuple[int, date | None], tuple[str | None, int | None]] = {}
        self._fields: dict[tuple[int, date | None],
                           tuple[dict[str, Any], dict[str, Any] | None]] = {}
        self.automaton: Any = None
        self.arabic: Any = None
        if shared is not None:
            return
        keys = key_table(built)
        automaton: Any = ahocorasick.Automaton()
        # Arabic-script keys in an automaton of their own, run only on texts with Arabic letters.
        arabic: Any = ahocorasick.Automaton()
        for form, meaning in keys.items():
            (arabic if meaning.arab else automaton).add_word(form, meaning)
        automaton.make_automaton()
        arabic.make_automaton()
        self.automaton = automaton
        self.arabic = arabic if len(arabic) else None

    def _hits(self, prepared: Spaced) -> Iterable[tuple[int, _Key]]:
        """(end, key) of every dictionary key in a spaced text."""
        if self.shared is not None:
            return [(e, r.actor) for e, r in self.shared.hits(prepared) if r.actor is not None]
        hits: Iterable[tuple[int, _Key]] = self.automaton.iter(prepared.text)
        if prepared.arabic and self.arabic is not None:
            hits = chain(hits, self.arabic.iter(prepared.text))
        return hits

    def candidates(self, norm: Normalized) -> list[tuple[int, int, tuple[Target, ...]]]:
        """Bounded, non-overlapping (longest, leftmost) name matches in normalised text."""
        t = norm.text
        n = len(t)
        found = []
        # The spaced text is one longer than ``t``: ``end`` is the exclusive end in ``t``.
        for e, k in self._hits(spaced(t)):
            s = e - k.size
            if k.verify:  # punctuation in the key, or twins: compare with the text itself
                word = t[s:e]
                twin: _Key | None = k
                while twin is not None and word != twin.key:
                    twin = twin.other
                if twin is None:
                    continue
                k = twin
            if k.arab:
                if not bounded(t, s, e):
                    continue
            elif e < n and t[e].isalnum() and not _ending_ok(t, e):
                continue
            targets = k.targets
            if k.upper:
                os_, oe = norm.span(s, e)
                if norm.original[os_:oe] != norm.original[os_:oe].upper():
                    continue  # acronyms (UN, ООН, ИГ) only in capitals
            found.append((s, e, targets))
        found.sort(key=lambda c: (c[0], c[0] - c[1]))
        chosen: list[tuple[int, int, tuple[Target, ...]]] = []
        last = -1
        for c in found:
            if c[0] >= last:
                chosen.append(c)
                last = c[1]
        return chosen

    def holder(self, office: str, day: date | None) -> int | None:
        """Who held ``office`` on ``day`` (the latest appointed); None without a date."""
        if day is None:
            return None
        best: tuple[date, int] | None = None
        for i in self.offices.get(office, ()):
            for role in self.entries[i].roles:
                if role.office == office and role.covers(day):
                    start = role.start or date.min
                    if best is None or start > best[0]:
                        best = (start, i)
        return best[1] if best else None

    def _pick(self, targets: tuple[Target, ...], introduced: set[int], day: date | None) -> int | None:
        def active(i: int) -> bool:
            return day is None or self.entries[i].role_at(day) is not None

        for kinds in (("F",), ("S", "A")):
            pool = [int(ref) for kind, ref in targets if kind in kinds]
            if kinds != ("F",):
                pool = [i for i in pool if i in introduced] or [
                    int(ref) for kind, ref in targets if kind == "A"]
            if pool:
                live = [i for i in pool if active(i)]
                return (live or pool)[0]
        return None

    def _settled(self, targets: tuple[Target, ...], day: date | None) -> tuple[str | None, int | None]:
        """The first title among ``targets``, and the actor a full name picks (None when
        there is no full name: then surnames need what the text introduced), remembered."""
        how = (id(targets), day)  # targets live as long as the automata that hold them
        known = self._targets.get(how)
        if known is None:
            title = next((str(ref) for kind, ref in targets if kind == "T"), None)
            full = self._pick(targets, set(), day) if any(k == "F" for k, _ in targets) else None
            if len(self._targets) >= _MEMO:
                self._targets.clear()
            known = self._targets[how] = (title, full)
        return known

    def _made(self, idx: int, day: date | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The fields of the actor ``idx`` makes on ``day`` and of the country reference it
        implies (None when it implies none), words and offsets left to fill in."""
        how = (idx, day)
        made = self._fields.get(how)
        if made is None:
            entry = self.entries[idx]
            role = entry.role_at(day)
            actor = Actor(id=entry.id, name=entry.name, text="", start=0, end=0,
                          country=entry.country, type=entry.type,
                          cameo=(role.cameo if role and role.cameo else entry.cameo),
                          role=role.title if role else None)
            ref = None
            if entry.ref != "none" and entry.country and entry.country != "EU":
                ref = CountryRef(entry.country, "", 0, 0, entry.ref).__dict__
            if len(self._fields) >= _MEMO:
                self._fields.clear()
            made = self._fields[how] = (actor.__dict__, ref)
        return made

    def find(self, article: Article) -> tuple[list[Actor], list[CountryRef]]:
        """Actors and the country references they imply, with offsets into ``article.doc``."""
        doc = article.doc
        norm = normalize(doc, fold=True)
        day = article.published.date() if isinstance(article.published, datetime) else None
        cands = self.candidates(norm)
        introduced = {int(ref) for _, _, targets in cands for kind, ref in targets if kind == "F"}
        actors: list[Actor] = []
        refs: list[CountryRef] = []
        for s, e, targets in cands:
            start, end = norm.span(s, e)
            text = doc[start:end]
            title, idx = self._settled(targets, day)
            if idx is None:
                idx = self._pick(targets, introduced, day)
            if idx is None and title is not None:
                code = title.partition(".")[0]
                refs.append(CountryRef(code, text, start, end, "leader"))
                idx = self.holder(title, day)
            if idx is None:
                continue
            actor, ref = self._made(idx, day)
            actors.append(spanned(Actor, actor, text, start, end))
            if ref is not None and title is None:
                refs.append(spanned(CountryRef, ref, text, start, end))
        return actors, refs


_MEMO = 100_000  # remembered readings per matcher: days vary, so long runs start afresh


def load_built(path: Path = BUILT) -> dict[str, Any]:
    """The built dictionary (``actors.json``)."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KuzetError("K160", str(path), f"cannot read built actor data: {exc}") from exc
    return data


def make_stage() -> Any:
    """Build the actors stage (loads and compiles the dictionary once)."""
    built, _ = shipped()
    gaz = gazetteer.load()  # its automata hold the shipped keys: one scan for both stages
    matcher = ActorMatcher(built, gaz if gaz.shared else None)

    def stage(article: Article, found: Annotations) -> Mapping[str, Any]:
        actors, refs = matcher.find(article)
        return {"actors": tuple(actors), "countries": tuple(found.countries) + tuple(refs)}

    return stage


def common_word_problems(keys: Iterable[tuple[str, str, str]]) -> list[str]:
    """Unambiguous (``alone``) Cyrillic names that are also ordinary Russian words."""
    import pymorphy3  # installed dependency; loaded only by `kuzet data check`

    morph = pymorphy3.MorphAnalyzer()
    proper = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"}
    problems = []
    for key, actor_id, kind in keys:
        if kind != "A" or " " in key or _script(key[0]) != "Cyrl":
            continue
        for parse in morph.parse(key):
            if (parse.score >= 0.3 and parse.is_known and parse.normal_form == key
                    and not proper & set(parse.tag.grammemes)):
                problems.append(f"{actor_id}: name {key!r} is also the common word {parse.normal_form!r}; "
                                "list it under `short` so it needs an introduction")
                break
    return problems


def check(source_dir: Path = SOURCE_DIR, built_path: Path = BUILT) -> list[str]:
    """Problems in the actor data, one line each (empty when all is well): for `kuzet data check`."""
    try:
        actors, titles = load_sources(source_dir)
        built = load_built(built_path)
    except KuzetError as exc:
        return [exc.line()]
    parts = frozenset(built.get("cameo_parts", ()))
    problems = [f"actors {p}" for p in validate(actors, titles, parts)]
    if built.get("source_hash") != sources_hash(source_dir):
        problems.append("actors: built data is older than the source files; run scripts/build_actors.py")
    ids = [a["id"] for a in built.get("actors", ())]
    keys = [(k, ids[i], kind) for k, i, kind in built.get("keys", ()) if 0 <= i < len(ids)]
    for key, actor_id, _ in keys:
        if len(key.replace(" ", "")) < 2:
            problems.append(f"actors {actor_id}: name {key!r} would fire inside common words")
    problems += [f"actors {p}" for p in common_word_problems(keys)]
    return problems
