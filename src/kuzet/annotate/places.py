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
from operator import itemgetter
from typing import Any

from kuzet.annotate.gazetteer import (
    CURRENCY,
    RU_GENDER_ENDINGS,
    Entry,
    Gazetteer,
    Name,
    Reading,
    common_words,
    load,
)
from kuzet.annotate.morph import prefix_ok, script_of, spaced, suffix_ok
from kuzet.model import Annotations, Article, CountryRef, Place, spanned
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
_CURRENCY = CURRENCY
_DATELINE_END = frozenset(",(:/–—-")
# Words around a weekday name that make it the day, not the capital named like it
# ("рӯзи душанбе", "روز دوشنبه", "Duşenbe güni", "душанбеи гузашта", "د دوشنبې په ورځ").
_DAY_PREV = frozenset(fold(w) for w in (
    "рӯзи", "рузи", "шаби", "субҳи", "бегоҳи", "пагоҳии", "ҳар",
    "روز", "روزِ", "شب", "صبح", "عصر", "ظهر", "بامداد", "هر", "every", "each",
))
_DAY_NEXT = frozenset(fold(w) for w in (
    "гузашта", "оянда", "шаб", "субҳ", "бегоҳ", "пагоҳ", "рӯз", "рӯзи",
    "گذشته", "آینده", "اینده", "آتی", "شب", "صبح", "عصر", "ظهر", "بعدازظهر", "روز", "ورځ",
    "ورځې", "شپه", "شپې", "سهار", "ماښام", "غرمه", "مازدیګر", "güni", "gün", "gije", "irden",
    "agşam", "kuni", "kechasi", "ertalab", "күнү", "күні", "түнү", "morning", "evening", "night",
))
# Words after a weekday-named capital's name that make it a place ("Душанбе шаҳри").
_PLACE_PREV = frozenset(fold(w) for w in (
    "шаҳри", "шаҳр", "شهر", "ښار", "ښاري", "city", "in", "şäheri", "shahri", "шаары", "қаласы",
    "پایتخت", "العاصمة", "مدينة",
))


# Words that make the Arabic-script name next to them a place (gazetteer.LOCAL_POP): a
# village, district, town or province word before it ("قرية", "روستای", "ولسوالی", "ښار"),
# or, in Pashto's "د X کلي" / "د X ولسوالۍ", after it.
LOCAL_BEFORE = frozenset(fold(w) for w in (
    "قرية", "قريه", "بلدة", "بلده", "مدينة", "مدينه", "منطقة", "منطقه", "ولاية", "ولايه",
    "مديرية", "مديريه", "محافظة", "محافظه", "إقليم", "اقليم", "ناحية", "ناحيه", "قضاء", "بقرية",
    "ببلدة", "بمدينة", "بمنطقة", "بولاية", "لقرية", "لمدينة", "وقرية", "ومدينة", "ومنطقة",
    "روستا", "روستای", "روستاي", "ده", "دهکده", "قریه", "قریه‌ی", "قریۀ", "شهر", "شهرک",
    "شهرستان", "ولسوالی", "ولسوالي", "ولسوالۍ", "ولایت", "ولايت", "منطقهٔ", "ناحیه", "بخش",
    "کلی", "کلي", "ښار", "ښاري", "سیمه", "سيمه", "سیمې", "ولسوالئ", "بازار", "مرکز",
))
LOCAL_AFTER = frozenset(fold(w) for w in (
    "کلی", "کلي", "کلې", "ولسوالۍ", "ولسوالي", "ولسوالی", "ښار", "ښاري", "ولایت", "ولايت",
    "سیمه", "سيمه", "سیمې", "ولسوالئ", "روستا",
))


def _local_word(t: str, start: int, end: int) -> bool:
    """Whether a place word stands right before the word at ``start`` or right after ``end``."""
    before = t[max(0, start - 24):_word_start(t, start)].split()
    if before and before[-1] in LOCAL_BEFORE:
        return True
    after = t[end:end + 24].replace("،", " ").split()
    return bool(after) and after[0] in LOCAL_AFTER


# The same for names in cased scripts that need context (short, common-word or homonymous
# town names: "Орал", "Арыс", "Ош"): a town, district or village word right after the name
# ("Орал қаласында", "Ош шаарында", "Osh shahrida", "Mary şäherinde", "Oral city") or right
# before it ("в городе Ош", "село Ворух", "шаҳри Исфара", "town of Osh") makes it a place
# even when its country is not named. Stems: the words inflect.
TOWN_AFTER = tuple(fold(w) for w in (
    "қаласы", "ауданы", "ауылы", "облысы", "кенті",  # kk
    "шаары", "району", "айылы", "облусу", "шаарчасы",  # ky
    "shahri", "shahar", "tumani", "qishlog'i", "qishlogi", "viloyati",  # uz
    "шаҳри", "тумани", "қишлоғи", "вилояти",  # uz Cyrillic
    "şäheri", "etraby", "obasy", "welaýaty",  # tk
    "city", "town", "village", "district",  # en
))
TOWN_BEFORE = frozenset(fold(w) for w in (
    "город", "города", "городе", "городом", "г.", "село", "села", "селе", "селом", "поселок",
    "поселка", "поселке", "аул", "аула", "ауле", "кишлак", "кишлака", "кишлаке",  # ru
    "шаҳри", "шаҳраки", "ноҳияи", "деҳаи", "деҳоти",  # tg
))
_OF_TOWN = frozenset(("city", "town", "village"))


def _town_word(t: str, start: int, end: int) -> bool:
    """Whether a town, district or village word stands right after ``end`` or before ``start``
    in folded ``t`` (cased scripts)."""
    if start and t[start - 1] == "-":  # the end of a compound ("Orto-Bo'z qishlog'i"), not it
        return False
    inside = t[start:end].split()
    if len(inside) > 1 and inside[-1].startswith(TOWN_AFTER):  # a name with it ("Kitob tumani")
        return True
    after = t[end:end + 24].split(None, 1)
    if after and after[0].startswith(TOWN_AFTER):
        return True
    before = t[max(0, start - 24):start].split()
    if not before:
        return False
    if before[-1] in TOWN_BEFORE:
        return True
    return before[-1] == "of" and len(before) > 1 and before[-2] in _OF_TOWN


# The country a language is spoken in as the only state language of the region: its
# towns are what a text in that language most often names (Russian, Persian, Arabic and
# English are read everywhere, so they have none).
_HOME = {"kk": frozenset({"KZ"}), "ky": frozenset({"KG"}), "tg": frozenset({"TJ"}),
         "tk": frozenset({"TM"}), "uz": frozenset({"UZ"})}


def _sentence_start(doc: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or a quotation."""
    i = start - 1
    while i >= 0 and doc[i] in " \t\"«„“'(—–-":
        i -= 1
    return i < 0 or doc[i] in ".!?:\n…"


# A name followed by a capitalised surname is a person ("Нурсултана Назарбаева",
# "Абай Кунанбаев", "Temirlan Ermekov", "Nursultan Abishuly"), not the place named so.
_NEXT_WORD = re.compile(r"[ \u00a0]+([^\W\d_][\w'’-]*)")
_SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ович|евич|ovich|evich|ov|ev|ova|eva|ovna|evna|"
    r"uly|ulı|uli|qyzy|kyzy|qizi|kızı|ұлы|улы|уулу|қызы|кызы)"
    r"(?:а|у|ым|ом|ой|ою|е|ы|a|ga|ni|ning|ning)?$")
# Words that make a capital's name a time zone, not a place where something happens
# ("Бишкек убактысы 17:59", "по времени Бишкека", "Bishkek time", "بتوقيت كابل"): the
# country still counts (the text names its capital), the admin-1 unit does not.
_CLOCK_NEXT = tuple(fold(w) for w in (
    "убактысы", "убакыты", "уақыты", "уақытымен", "time", "вақти", "вақт", "vaqti",
    "vaqtida", "wagty", "wagtyna", "времени", "время"))
_CLOCK_PREV = tuple(f"{sep}{fold(w)} " for sep in " \n" for w in (
    "времени", "время", "بتوقيت", "توقيت", "بوقت", "وقت", "به\u200cوقت"))


# After these a name is a place even before a surname ("в Бишкеке Иванов заявил").
_PLACE_PREP = frozenset(("в", "во", "из", "до", "под", "через", "in", "to", "from", "at",
                         "near", "into"))


_CLOCK_KINDS = frozenset({"city", "admin1"})


def _person(doc: str, start: int, end: int) -> bool:
    """Whether a capitalised surname follows the name at ``start:end`` of ``doc``
    (and no place preposition comes before it)."""
    m = _NEXT_WORD.match(doc, end)
    if m is None:
        return False
    word = m.group(1)
    if not (word[0].isupper() and len(word) >= 5 and _SURNAME.search(word.lower())):
        return False
    before = doc[max(0, start - 8):start].split()
    return not before or before[-1].lower() not in _PLACE_PREP


def _clock(t: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` of folded ``t`` names a time zone."""
    # startswith/endswith at offsets: no slices for the places that are not
    return t.startswith(_CLOCK_NEXT, end + 1) or t.endswith(_CLOCK_PREV, 0, start)


# The rest of a word: letters and digits, and apostrophes before a letter (Turkish
# "Tacikistan'da", Uzbek "Farg'ona"). Runs of one class are matched by a single-character
# repeat (sre's fast loop), the rare apostrophe joins them one by one.
_ALNUM_RUN = re.compile(r"[^\W_]*")
_LETTER = re.compile(r"[^\W\d_]")
_FIRST = itemgetter(0)
_WIDE = 1 << 16  # longer than any key


# What a name of an entry makes, keyed by (entry, via): the fields of its place and of its
# country reference (None when it makes none, offsets and words left to fill in), and
# whether it may name a time zone.
_Proto = tuple[dict[str, Any] | None, dict[str, Any] | None, bool]
# What a reading makes of the words it matched (prefix, key and ending), the same wherever
# those words recur: computed once per process (Gazetteer.surfaces) instead of per match.
# (names, doubtful, may be a language, may be a weekday, then the names' _Shape)
_Surface = tuple[Any, ...]
# What the first pass needs of a match's names: several names, a place word must be looked
# for, the lone name's tests that need no context (doubtful or ambiguous), that a language
# use drops it, that it needs a capital, that it is a small uncased place; the lone name's
# country and unit (or ""), and its output fields; then for several names what their
# reading depends on (see _settle).
_Shape = tuple[bool, bool, bool, bool, bool, bool, str, str, _Proto | None, "_Memo"]
# The countries and units of several names, and their readings by (strict, language,
# capitalised, near, which of those countries and units the text names).
_Memo = tuple[tuple[str, ...], tuple[str, ...], dict[tuple[bool, bool, bool, bool, int, bool], Name | None]]
# A match: folded start, end (endings included), its names, language use, doubtful, shape.
_Found = tuple[int, int, tuple[Name, ...], bool, bool, _Shape]
_NO_UNITS: frozenset[str] = frozenset()
_MAX_SURFACES = 200_000  # a cache, not a leak: long runs start it afresh


def _word_start(t: str, i: int) -> int:
    while i > 0 and t[i - 1].isalnum():
        i -= 1
    return i


def _currency(t: str, start: int, end: int) -> bool:
    after = t[end:end + 12].lstrip(" ")
    before = t[max(0, start - 12):start].rstrip(" ").split()
    return after.startswith(_CURRENCY) or (bool(before) and before[-1].startswith(_CURRENCY))


_CURRENCY_NOT_ARAB = tuple(w for w in _CURRENCY if script_of(w) != "Arab")


def _currency_spots(t: str, arabic: bool = True) -> list[int]:
    """Where currency words start: only matches near one need the full currency test.

    Without Arabic letters in ``t`` (``arabic`` false) its Arabic-script words are not looked for.
    """
    spots = []
    for word in _CURRENCY if arabic else _CURRENCY_NOT_ARAB:
        i = t.find(word)
        while i >= 0:
            spots.append(i)
            i = t.find(word, i + 1)
    return spots


def _language_use(t: str, start: int, end: int) -> bool:
    after = t[end:end + 16].lstrip(" ")
    if after.startswith(_LANGUAGE_NEXT):
        return True
    before = t[max(0, start - 16):start].rstrip(" -").split()
    if before and before[-1] in _LANGUAGE_PREV:
        return True
    # the first of a list of languages: "на казахском и русском языках", "қазақ, қырғыз,
    # өзбек тілдерінде", "o'zbek va rus tillarida"
    words = t[end:end + 80].replace(",", " , ").split()[:7]
    i = 0
    while i + 1 < len(words) and words[i] in _LIST_JOIN:
        if words[i + 1].startswith(_LANGUAGE_NEXT):
            return False  # "and language ...": no word of the list in between
        if i + 2 < len(words) and words[i + 2].startswith(_LANGUAGE_NEXT):
            return True
        i += 2
    return False


# Names right before a river word (gazetteer.RIVER_STEMS, found by the name automata), or
# in a list of names before one ("Нарын, Чүй жана Талас дарыяларын", "د هلمند سیند"), are
# rivers there, not the towns or units of that name.
_LIST_JOIN = frozenset(fold(w) for w in (
    ",", "and", "и", "жана", "және", "va", "ва", "و", "hem", "ҳам", "ham", "او", "менен",
))
WATER_KINDS = frozenset({"river", "canal", "reservoir", "lake", "dam"})


def _names_a_river(t: str, end: int, spots: list[int], starts: dict[int, int]) -> bool:
    """Whether a river word follows the name at ``end``, at once or after a list of names
    (only other matched names, commas and conjunctions in between)."""
    for p in spots:
        if end <= p <= end + 60:
            i = end
            while i < p:
                if t[i] in " ,":
                    i += 1
                elif i in starts:
                    i = starts[i]
                else:
                    j = i
                    while j < p and t[j] not in " ,":
                        j += 1
                    if t[i:j] not in _LIST_JOIN:
                        return False
                    i = j
            return True
    return False


def _day_use(t: str, start: int, end: int) -> bool:
    """Whether a weekday-named capital's name at ``start:end`` reads as the day of the week.

    Only place words before it ("шаҳри", "شهر", "ښار", "city") make it the capital for
    certain; day words around it, a date after it, or a second weekday nearby make it
    the day.
    """
    before = t[max(0, start - 24):start].split()
    prev = before[-1] if before else ""
    if prev in _PLACE_PREV:
        return False
    if prev in _DAY_PREV:
        return True
    after = t[end:end + 32].replace("،", " ").replace(",", " ").split()
    if after and after[0] == fold("په"):  # Pashto "په ورځ" / "په شپه": on the day / night
        after = after[1:]
    if after and (after[0] in _DAY_NEXT or after[0][:1].isdigit()):
        return True
    return False


def _arab_names(names: tuple[Name, ...], prefix: str, suffix: str) -> tuple[Name, ...]:
    """The names of an Arabic-script match that its clitics and ending allow."""
    if not suffix_ok(suffix, "Arab"):
        return ()
    return tuple(n for n in names if prefix_ok(prefix, "Arab", n.needs_article)
                 and (suffix or not n.bound))


def find(gaz: Gazetteer, text: str, rivers: list[int] | None = None) -> list[_Found]:
    """Name matches in folded ``text``, longest first, not overlapping.

    Where river words start is appended to ``rivers`` when it is given.
    """
    # The automata run on the spaced text (one longer): keys of cased scripts carry the
    # space before them, so they only match at word starts, and ``last`` is the exclusive
    # end of the key in ``text``.
    prepared = spaced(text)
    hits = gaz.hits(prepared)  # shared with the actors stage
    # Leftmost, then longest first. A key inside a name already taken is skipped before
    # its ending is looked at: most raw hits are such ("kyrgyz" in "kyrgyzstan"). One int
    # sorts as (start, -size) does (no key is _WIDE long), without a key tuple per hit.
    raw = [((last - r[0]) * _WIDE - r[0], last, r) for last, r in hits]
    raw.sort(key=_FIRST)
    out: list[_Found] = []
    taken_to = -1
    surfaces = gaz.surfaces
    # where currency words start (matches near one get the full currency test at the end)
    money = [] if gaz.currency else _currency_spots(text, prepared.arabic)
    n = len(text)
    alnum_run = _ALNUM_RUN.match
    letter = _LETTER.match
    for _, last, r in raw:
        start = last - r[0]
        if start < taken_to and not r.river:
            continue
        if r.river:  # a word for a river or a currency, not a name
            if r.money:
                money.append(start)
            elif rivers is not None and not (r.whole and last < n and text[last].isalnum()):
                rivers.append(start)
            continue
        if r.verify:  # punctuation in the key, or twins: compare with the text itself
            word = text[start:last]
            twin: Reading | None = r
            while twin is not None and word != twin.key:
                twin = twin.other  # a twin has the size of the key it was found with
            if twin is None:
                continue
            r = twin
        end = last
        if last < n:
            c = text[last]
            if c.isalnum() or c == "'":
                end = alnum_run(text, last).end()  # type: ignore[union-attr]
                while end < n and text[end] == "'" and letter(text, end + 1):
                    end = alnum_run(text, end + 1).end()  # type: ignore[union-attr]
        # the surface depends on the reading and the words alone (an Arabic-script name's
        # clitics included); readings live as long as the gazetteer, so their ids are keys
        if r.arab:
            ws = _word_start(text, start)
            seen: tuple[Any, ...] = (id(r), text[ws:end], start - ws)
        else:
            seen = (id(r), text[start:end])
        sf = surfaces.get(seen)
        if sf is None:
            if len(surfaces) >= _MAX_SURFACES:
                surfaces.clear()
            sf = surfaces[seen] = _surface(gaz, r, *seen[1:])
        if not sf:
            continue
        names, doubtful, language, calendar, shape = sf
        if calendar:
            if _day_use(text, start, end):
                continue
            if r.arab and not doubtful and not _local_word(text, start, end):
                # bare "دوشنبه" is mostly Monday in Persian and Pashto news: without a city
                # word beside it, the capital needs Tajikistan named in the text
                doubtful, shape = True, _shape(gaz, names, True)
        taken_to = end
        lang = language and _language_use(text, start, end)
        out.append((start, end, names, lang, doubtful, shape))
    if money:  # a currency's name keeps its words taken, but names no place
        out = [m for m in out if not (any(m[0] - 12 <= p < m[1] + 12 for p in money)
                                      and _currency(text, m[0], m[1]))]
    return out


def _surface(gaz: Gazetteer, r: Reading, words: str, prefix: int = 0) -> _Surface:
    """What reading ``r`` makes of the matched ``words`` (``prefix`` letters of clitics
    first, in Arabic script): () when its endings or clitics allow no name."""
    if not r.names:  # the key of an actor, not a name (Reading.actor)
        return ()
    ending = words[prefix + r.size:]
    if r.arab:
        names = _arab_names(r.names, words[:prefix], ending)
        # a name of three letters with an ending is as often a word ("قطره" drop, "جاده"
        # road, "کیفی" qualitative): it needs its country in the text
        doubtful = words in common_words() or (bool(ending) and r.size <= 3)
    else:
        if not ending:
            names = r.unbound
        elif suffix_ok(ending, r.names[0].script):
            names = r.names
            if r.gendered:  # "Московской" is not "Московский"
                names = tuple(x for x in names
                              if not x.gender or ending in RU_GENDER_ENDINGS[x.gender])
        else:
            names = ()
        doubtful = (bool(ending) and r.size <= 4 and ending[0] != "'" and not r.all_bound
                    and not all(x.bound for x in names)) or words in common_words()
    if not names:
        return ()
    language = r.demonym and any(x.via == "demonym" for x in names)
    return names, doubtful, language, r.calendar, _shape(gaz, names, doubtful)


def _shape(gaz: Gazetteer, names: tuple[Name, ...], doubtful: bool) -> _Shape:
    """What the first pass of :func:`_outputs` needs to know of ``names`` beforehand."""
    first = names[0]
    near = first.script == "Arab" and any(x.local for x in names)
    proto = None
    if len(names) == 1:
        key = (first.entry, first.via)
        proto = gaz.protos.get(key)
        if proto is None:
            proto = gaz.protos[key] = _protos(gaz.entries[first.entry], first.via)
    memo: _Memo = ((), (), {})
    if len(names) > 1:
        memo = (tuple(dict.fromkeys(x.country for x in names if x.country)),
                tuple(dict.fromkeys(x.admin1 for x in names if x.admin1)), {})
    return (len(names) > 1, near, doubtful or first.ambiguous, first.via == "demonym",
            first.proper, first.local, first.country or "", first.admin1 or "", proto,
            memo)


def _settle(memo: _Memo, names: tuple[Name, ...], language: bool, doubtful: bool, upper: bool,
            context: set[str], strict: bool, units: frozenset[str], near: bool,
            cued: bool = False) -> Name | None:
    """:func:`_resolve` for several names, remembered across texts: besides the flags, the
    reading depends only on which of the names' countries and units the text names."""
    countries, admin1s, known = memo
    named = 0
    for c in countries:
        named = named * 2 + (c in context)
    if not strict:  # the first pass knows no units yet
        for a in admin1s:
            named = named * 2 + (a in units)
    how = (strict, language, upper, near, named, cued)
    if how in known:
        return known[how]
    n = known[how] = _resolve(names, language, doubtful, upper, context, strict, units, near,
                              cued)
    return n


def _resolve(names: tuple[Name, ...], language: bool, doubtful: bool, upper: bool,
             context: set[str], strict: bool, units: frozenset[str] = frozenset(),
             near: bool = True, cued: bool = False) -> Name | None:
    """The best name of a match, or None when its constraints are not met.

    ``near`` says a place word stands next to the match: small uncased places
    (``Name.local``) need it, or their admin-1 unit among ``units``. ``cued`` says a town
    word does (:func:`_town_word`): an ambiguous or doubtful name needs no context then.
    """
    if len(names) == 1:  # the common case, without the ranking
        n = names[0]
        if (language and n.via == "demonym") or ((n.proper or doubtful) and not upper):
            return None
        if n.local and not near and n.admin1 not in units:
            return None
        if (n.ambiguous or doubtful) and not cued and (
                strict or not n.country or n.country not in context):
            return None
        return n
    best: Name | None = None
    best_rank: tuple[int, ...] = ()
    for n in names:
        if language and n.via == "demonym":
            continue
        if (n.proper or doubtful) and not upper:
            continue
        if n.local and not near and n.admin1 not in units:
            continue
        # a river or region of several countries is never out of context
        in_context = n.country in context if n.country else True
        if (n.ambiguous or doubtful) and not cued and (strict or not in_context):
            continue
        country_first, curated, kind, pop = n.rank
        rank = (int(n.weak), 0 if in_context else 1, country_first,
                0 if n.admin1 and n.admin1 in units else 1, curated, kind, pop)
        if best is None or rank < best_rank:
            best, best_rank = n, rank
    return best




def _second(how: tuple[_Memo, tuple[Name, ...], bool, bool, bool], context: set[str],
            units: frozenset[str], near: bool, cued: bool = False) -> Name | None:
    """A match's reading in the second pass, once context and units are settled."""
    memo, names, language, doubtful, upper = how
    if len(names) > 1:
        return _settle(memo, names, language, doubtful, upper, context, False, units, near,
                       cued)
    return _resolve(names, language, doubtful, upper, context, False, units, near, cued)


def _outputs(article: Article, gaz: Gazetteer) -> tuple[list[Place], list[CountryRef]]:
    doc = article.doc
    norm = normalize(doc, fold=True)
    t = norm.text
    river_spots: list[int] = []
    matches = find(gaz, t, river_spots)
    shifted = bool(norm.deleted)
    span = norm.span
    # (doc start, doc end, folded start, end, names, language, doubtful, upper, near,
    # the output fields of the name settled in the first pass, or None, and _Memo);
    # Arabic script has no case, so its words count as capitalised
    located: list[tuple[int, int, int, int, tuple[Name, ...], bool, bool, bool, bool,
                        _Proto | None, _Memo]] = []
    context: set[str] = set()
    units: set[str] = set()
    starts = {m[0]: m[1] for m in matches} if river_spots else {}
    for start, end, names, lang, doubtful, shape in matches:
        if river_spots and _names_a_river(t, end, river_spots, starts):
            kept = tuple(x for x in names if gaz.entries[x.entry].kind in WATER_KINDS)
            if not kept:
                continue
            if kept != names:
                names, shape = kept, _shape(gaz, kept, doubtful)
        s, e = span(start, end) if shifted else (start, end)
        upper = not doc[s:s + 1].islower()
        if doc[e:e + 1] == " " and doc[e + 1:e + 2].isupper() and _person(doc, s, e):
            continue
        several, look, fails, demonym, proper, local, country, unit, proto, memo = shape
        near = not look or _local_word(t, start, end)
        # first pass: countries named without doubt give the context for the second
        if several:
            n = _settle(memo, names, lang, doubtful, upper, context, True, _NO_UNITS, near)
            if n is not None:
                context.add(n.country or "")
                units.add(n.admin1 or "")
            located.append((s, e, start, end, names, lang, doubtful, upper, near, None, memo))
        # a lone name: _resolve's strict test written out (no units are known yet); one
        # that passes it passes the second one too
        elif fails or (lang and demonym) or (proper and not upper) or (local and not near):
            located.append((s, e, start, end, names, lang, doubtful, upper, near, None, memo))
        else:
            context.add(country)
            units.add(unit)
            located.append((s, e, start, end, names, lang, doubtful, upper, near, proto, memo))
    frozen_units = frozenset(units)
    home = _HOME.get(article.language or "", frozenset())
    places: list[Place] = []
    refs: list[CountryRef] = []
    protos = gaz.protos
    for s, e, fs, fe, names, lang, doubtful, upper, near, proto, memo in located:
        if (s == 0 or doc[s - 1] == "\n") and _dateline(doc, s, e):
            continue
        if proto is None:
            # context and units are settled now
            how = (memo, names, lang, doubtful, upper)
            n = _second(how, context, frozen_units, near)
            cased = names[0].script != "Arab"
            # a town word rescues a name that needed context (looked for only then)
            if n is None and cased and _town_word(t, fs, fe):
                n = _second(how, context, frozen_units, near, True)
            # the country whose language the text is in stands for context of a capitalised
            # name inside a sentence ("... Оралда жиын өтті" in Kazakh): not at a sentence
            # start, where any word is capitalised, nor as the end of a compound name
            if (n is None and home and upper and cased
                    and not _sentence_start(doc, s) and not (fs and t[fs - 1] == "-")):
                n = _second(how, context | home, frozen_units, near)
                if n is not None and n.country not in home:
                    n = None
            if n is None:
                continue
            key = (n.entry, n.via)
            proto = protos.get(key)
            if proto is None:
                proto = protos[key] = _protos(gaz.entries[n.entry], n.via)
        place, ref, clock = proto
        text = doc[s:e]
        # only cities and city units name time zones ("Bishkek time", "بتوقيت كابل")
        if place is not None and not (clock and _clock(t, fs, fe)):
            places.append(spanned(Place, place, text, s, e))
        if ref is not None:
            refs.append(spanned(CountryRef, ref, text, s, e))
    return places, refs


def _protos(entry: Entry, via: str) -> _Proto:
    """The fields of the place and the country reference a name of ``entry`` makes, without
    words and offsets, and whether the name may be a time zone's."""
    place = None if entry.kind == "country" else _place(entry, "", 0, 0)
    ref = None
    if entry.country:
        ref = CountryRef(entry.country, "", 0, 0,
                         via if entry.kind == "country" or via == "capital" else "place")
    clock = place is not None and ref is not None and place.kind in _CLOCK_KINDS
    return (None if place is None else place.__dict__, None if ref is None else ref.__dict__,
            clock)


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
