"""Dates in news text, explicit or relative, resolved against the publication date.

Works on folded text (``kuzet.text.normalize.fold``): month names of every language
Kuzet reads ("14 September", "14 сентября", "14-sentabr", "14 қыркүйек", "14 سبتمبر"),
numeric dates ("14.09.2022", "2022-09-14"), month + year ("в январе 2022 года") and
relative words ("yesterday", "вчера", "бالأمس", "кеше", "kecha", "дирӯз") and weekdays
("on Thursday", "в четверг"). A date without a year takes the publication year, or the
year before when that would put it more than a week after publication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import ahocorasick

from kuzet.text import solar
from kuzet.text.normalize import fold


@dataclass(frozen=True)
class DateRef:
    """A date found in (folded) text: offsets, ISO value and how it was found."""

    start: int
    end: int
    value: str  # YYYY-MM-DD or YYYY-MM
    kind: str  # explicit, month, relative, dateline (an explicit date opening a dateline)


# month stems (folded); the pattern lets inflection endings follow
_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "январ", "янв", "кантар", "yanvar", "yanwar", "ianuar", "يناير",
        "كانون الثاني", "زانويه", "جنوري", "جنوري"),
    2: ("february", "feb", "феврал", "фев", "акпан", "fevral", "fewral", "فبراير", "شباط",
        "فوريه", "فبروري"),
    3: ("march", "mar", "март", "наурыз", "mart", "مارس", "اذار", "مارج"),
    4: ("april", "apr", "апрел", "апр", "сауир", "aprel", "ابريل", "نيسان", "اوريل", "اپريل"),
    5: ("may", "мая", "маи", "мае", "мамыр", "مايو", "ايار", "مه", "مي"),
    6: ("june", "jun", "июн", "маусым", "iyun", "يونيو", "حزيران", "زوين", "جون"),
    7: ("july", "jul", "июл", "шилде", "iyul", "يوليو", "تموز", "زوييه", "جولاي"),
    8: ("august", "aug", "август", "авг", "тамыз", "avgust", "awgust", "اغسطس", "اب", "اوت",
        "اكوست", "اګست", "اكست"),
    9: ("september", "sept", "sep", "сентябр", "сен", "сент", "сентабр", "кыркуиек", "sentabr", "sentyabr",
        "سبتمبر", "ايلول", "سبتامبر"),
    10: ("october", "oct", "октябр", "окт", "октабр", "казан", "oktabr", "oktyabr", "اكتوبر",
         "تشرين الاول", "اكتبر"),
    11: ("november", "nov", "ноябр", "ноя", "нояб", "караша", "noyabr", "نوفمبر", "تشرين الثاني", "نوامبر",
         "نومبر"),
    12: ("december", "dec", "декабр", "дек", "dek", "желтоксан", "dekabr", "ديسمبر", "كانون الاول",
         "دسامبر", "دسمبر"),
}

# relative day words: folded form -> days before publication
_RELATIVE: dict[str, dict[str, int]] = {
    "en": {"today": 0, "yesterday": 1, "tonight": 0, "this morning": 0},
    "ru": {"сегодня": 0, "вчера": 1, "позавчера": 2, "накануне": 1},
    "kk": {"бугин": 0, "кеше": 1, "кешегi": 1, "кешеги": 1},
    "ky": {"бугун": 0, "кечээ": 1},
    "uz": {"bugun": 0, "kecha": 1, "бугун": 0, "кеча": 1},
    "tg": {"имруз": 0, "дируз": 1},
    "tk": {"su gun": 0, "duyn": 1},
    "fa": {"امروز": 0, "ديروز": 1},
    "ps": {"نن": 0, "برون": 1, "ننورځ": 0},
    "ar": {"اليوم": 0, "امس": 1, "الامس": 1},
}

# weekday words (folded), Monday = 0
_WEEKDAYS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("monday",), ("tuesday",), ("wednesday",), ("thursday",), ("friday",),
           ("saturday",), ("sunday",)),
    "ru": (("понедельник",), ("вторник",), ("среду", "среда"), ("четверг",),
           ("пятниц",), ("суббот",), ("воскресень",)),
    "kk": (("дуисенби",), ("сеисенби",), ("сарсенби",), ("беисенби",), ("жума",),
           ("сенби",), ("жексенби",)),
    "ky": (("дуишомбу",), ("шеишемби",), ("шаршемби",), ("беишемби",), ("жума",),
           ("ишемби",), ("жекшемби",)),
    "uz": (("dushanba", "душанба"), ("seshanba", "сешанба"), ("chorshanba", "чоршанба"),
           ("payshanba", "паишанба"), ("juma", "жума"), ("shanba", "шанба"),
           ("yakshanba", "якшанба")),
    "tg": (("душанбе",), ("сешанбе",), ("чоршанбе",), ("панчшанбе",), ("чумъа", "чума"),
           ("шанбе",), ("якшанбе",)),
    "tk": (("dusenbe",), ("sisenbe",), ("carsenbe",), ("pensenbe",), ("anna gun",),
           ("senbe",), ("yeksenbe",)),
    "fa": (("دوشنبه",), ("سه شنبه", "سهشنبه"), ("جهارشنبه", "جهار شنبه"),
           ("بنجشنبه", "بنج شنبه"), ("جمعه",), ("شنبه",), ("يكشنبه", "يك شنبه")),
    "ar": (("الاثنين",), ("الثلاثا",), ("الاربعا",), ("الخميس",), ("الجمعه",),
           ("السبت",), ("يوم الاحد",)),
}
# Pashto writes the weekday in the oblique (د دوشنبې په ورځ "on Monday"), folded ې -> ي
_WEEKDAYS["ps"] = tuple((*forms, *(f[:-1] + "ي" for f in forms if f.endswith("ه")))
                        for forms in _WEEKDAYS["fa"])
# Monday is also the name of Tajikistan's capital in Tajik, Dari, Pashto and Turkmen
# (Душанбе, دوشنبه, Duşenbe): there it is a weekday only next to a word for day or night
_CAPITAL_MONDAY = frozenset({"душанбе", "دوشنبه", "دوشنبي", "dusenbe"})
_DAY_WORDS = frozenset({
    "рузи", "шаби", "шаб", "субх", "гузашта",  # tg рӯзи душанбе, душанбе шаб
    "روز", "شب", "صبح", "گذشته", "عصر",  # fa روز دوشنبه, دوشنبه شب
    "ورج", "شبه", "سهار",  # ps د دوشنبې په ورځ / شپه
    "guni", "gije", "irden", "agsam",  # tk duşenbe güni
})

_YEAR_WORDS = r"(?:[ -]?(?:года?|году|г\.?|жылы?|жылгы|жил|yil|йил|yyl|сол|سال|عام|year))?"
_ORD = (r"(?:st|nd|rd|th|-?(?:го|е|я|чи|nchi|inchi|синчи|ынчы|инчи|нчы|нчи|ши|шы"
        r"|nji|njy|inji|ynjy|unji|unjy|njı|уми|ум|юми|юм))?")
# A number written against "مه" / "م" is a Pashto or Persian ordinal ("۱۶مه" the 16th), not
# a day of May ("۱۶ مه")
_NOT_ORDINAL = r"(?!مه?(?![^\W\d_]))"
# Words for "year" that stand before the number ("августи соли 2022", "سال ۲۰۲۲")
_YEAR_BEFORE = r"(?:(?:соли|سال|year)\s+)?"
# Year-first month dates of the Turkic languages: "2022 жылғы қаңтарда", "2022-жылдын
# сентябрында", "2022 yil mart oyida", "2022-nji ýylyň sentýabrynda" (folded)
_YEAR_OF = (r"(?:жылгы|жылы|жылдын|жылдагы|yil|yilning|yili|йил|йилнинг|йили|yylyn|yylda"
            r"|соли|сол|год|года)")
_WORD_START = r"(?<![^\W\d_])"
# Arabic-script clitics glued to the front of a word: wa-, fa-, bi-, li-, al-
_CLITIC = r"(?:(?<![^\W\d_])(?:[وفبل]?(?:ال)?))?"


_CLITIC_LETTERS = frozenset("وفبل")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _month_lookup() -> dict[str, int]:
    return {stem: m for m, stems in _MONTHS.items() for stem in stems}


@lru_cache(maxsize=1)
def _month_heads() -> frozenset[str]:
    """The first two letters of every month name (each has two or more)."""
    return frozenset(stem[:2] for stem in _month_lookup())


@lru_cache(maxsize=1)
def _explicit_re() -> re.Pattern[str]:
    months = _alt(list(_month_lookup()))
    mon = rf"(?P<mon>{months})(?P<sfx>[^\W\d_]*)\.?"
    mon2 = rf"(?P<mon2>{months})(?P<sfx2>[^\W\d_]*)\.?"
    mon4 = rf"(?P<mon4>{months})(?P<sfx4>[^\W\d_]*)"
    year = rf"(?:[\s,]+{_YEAR_BEFORE}(?P<y>(?:19|20)\d\d))?"
    return re.compile(
        rf"(?P<iso>(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d))(?!\d)"
        rf"|(?<![\d.])(?P<nd>[0-3]?\d)[./](?P<nm>[01]?\d)[./](?P<ny>(?:19|20)\d\d)(?!\d)"
        rf"|(?<!\d)(?P<d>[0-3]?\d){_NOT_ORDINAL}{_ORD}[\s\-]*(?:of\s+)?{_CLITIC}{mon}{year}"
        rf"{_YEAR_WORDS}"
        # Pashto "د سپتمبر په ۱۶مه": the month, "on" (په, folded), the day with its ordinal
        rf"|{_WORD_START}{mon2}[\s\-]+(?:به\s+)?(?:(?P<d2>[0-3]?\d)(?:{_ORD}|مه|م)(?!\d)"
        rf"(?:,?\s+{_YEAR_BEFORE}(?P<y2>(?:19|20)\d\d))?"
        rf"|{_YEAR_BEFORE}(?P<y3>(?:19|20)\d\d)(?!\d))"
        rf"|(?<!\d)(?P<y4>(?:19|20)\d\d)(?:-?(?:nji|njy|inchi|нчи|нчы|чи|жыл))?[\s\-]*"
        rf"{_YEAR_OF}[^\W\d_]*\s+{mon4}(?![\s\-]*\d)"
    )


@lru_cache(maxsize=16)
def _relative_automaton(lang: str | None) -> Any:
    """Aho-Corasick automaton of relative day words: word -> days back (100+ = weekday)."""
    langs = [lang] if lang in _RELATIVE else list(_RELATIVE)
    if lang is None:
        langs = [x for x in langs if x != "tk"]  # "anna" is also a name
    words: dict[str, int] = {}
    for lg in langs:
        words.update(_RELATIVE[lg])
        for i, forms in enumerate(_WEEKDAYS.get(lg, ())):
            for f in forms:
                words[f] = 100 + i
    auto = ahocorasick.Automaton()
    for w, code in words.items():
        auto.add_word(w, (len(w), code))
    auto.make_automaton()
    return auto


def _plausible(d: date, published: date | None) -> date:
    """Move a year-less date back one year when it would fall after publication."""
    if published and d > published + timedelta(days=7):
        try:
            return d.replace(year=d.year - 1)
        except ValueError:
            return d
    return d


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, lang: str | None, published: date | None) -> list[DateRef]:
    """Every date in folded ``text`` resolvable to a day or month, in text order."""
    found: list[DateRef] = []
    months = _month_lookup()
    # the year of an undated text costs a scan of the whole text: found only when needed
    context: int | None = published.year if published else None
    context_known = published is not None
    runs = list(_DIGITS.finditer(text))  # one digit scan serves the dates and the year
    for m in _explicit_matches(text, runs):
        g = m.groupdict()
        value: str | None = None
        kind = "explicit"
        if g["iso"]:
            dt = _make(int(g["iy"]), int(g["im"]), int(g["id"]))
            value = dt.isoformat() if dt else None
        elif g["nd"]:
            dt = _make(int(g["ny"]), int(g["nm"]), int(g["nd"]))
            value = dt.isoformat() if dt else None
        elif g["y4"]:
            if not _month_word(g["mon4"], g["sfx4"]):
                continue
            value, kind = f"{int(g['y4']):04d}-{months[g['mon4']]:02d}", "month"
        else:
            stem = g["mon"] or g["mon2"]
            if not _month_word(stem, g["sfx"] if g["mon"] else g["sfx2"]):
                continue
            mon = months[stem]
            day = g["d"] or g["d2"]
            year = g["y"] or g["y2"] or g["y3"] or _year_before(text, m.start())
            if day is None:
                if year and g["y3"]:
                    value, kind = f"{int(year):04d}-{mon:02d}", "month"
            elif year:
                dt = _make(int(year), mon, int(day))
                value = dt.isoformat() if dt else None
            else:
                if not context_known:
                    context, context_known = _year_of(text, [r.group() for r in runs]), True
                if not context:
                    continue
                dt = _make(context, mon, int(day))
                value = _plausible(dt, published).isoformat() if dt else None
        if value:
            if _dateline(text, m.start(), m.end()):
                kind = "dateline"
            found.append(DateRef(m.start(), m.end(), value, kind))
    if _ARABIC.search(text) is not None:
        # Afghan and Iranian texts date events in the Solar Hijri calendar ("۲۵ سنبله ۱۴۰۱")
        taken = [(r.start, r.end) for r in found]
        for day, start, end in solar.find_all(text, published):
            if not any(s < end and start < e for s, e in taken):
                found.append(DateRef(start, end, day.isoformat(), "explicit"))
    if published:
        found.extend(_relative(text, lang, published))
    found.sort(key=lambda r: r.start)
    return found


# \d\d* rather than \d+: a pattern opening with a repeat gets no first-character scan
# in re, so \d+ is tried at every character (2.3x the cost on a 3 KB text)
_DIGITS = re.compile(r"\d\d*")
_CENTURIES = ("19", "20")


def _year_of(text: str, runs: Sequence[str] | None = None) -> int | None:
    """The year an undated text is about: the one it names most often (latest on ties).

    ``runs`` are the text's digit runs (``_DIGITS``), when the caller has them already.
    """
    counts: dict[int, int] = {}
    # a year is a whole run of four digits starting 19 or 20; a digit-run scan starts at
    # digits at C speed, where a pattern opening with a lookbehind is tried at every char
    for run in _DIGITS.findall(text) if runs is None else runs:
        if len(run) == 4 and run[:2] in _CENTURIES:
            y = int(run)
            counts[y] = counts.get(y, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


_SEP = " \t-"


def _word_before(text: str, i: int) -> int | None:
    """Start of the word just before offset ``i`` across spaces or a hyphen, if any."""
    j = i
    while j > 0 and text[j - 1] in _SEP and i - j < 4:
        j -= 1
    if j == i:
        return None
    if j > 0 and text[j - 1] == ".":
        j -= 1
    k = j
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    return k if k < j else None


def _explicit_matches(text: str, runs: Sequence[re.Match[str]] | None = None,
                      ) -> list[re.Match[str]]:
    """Explicit-date matches, tried only where one can start.

    Every explicit date holds a number and starts either at it ("14 September",
    "14.09.2022") or at the one- or two-word month name just before it ("September 14",
    "كانون الثاني 14"), so the pattern is anchored at those few offsets instead of being
    searched through the text. ``runs`` are the text's digit runs, if already found.
    """
    pattern = _explicit_re()
    heads = _month_heads()
    starts: list[int] = []
    for m in _DIGITS.finditer(text) if runs is None else runs:
        at = m.start()
        first = _word_before(text, at)
        if first is not None:
            # a date starting at a word starts with a month name: other words are not tried
            second = _word_before(text, first)
            if second is not None and text[second:second + 2] in heads:
                starts.append(second)
            if text[first:first + 2] in heads:
                starts.append(first)
        starts.append(at)
    out: list[re.Match[str]] = []
    last_end = -1
    for at in sorted(set(starts)):
        if at < last_end:
            continue
        found = pattern.match(text, at)
        if found:
            out.append(found)
            last_end = found.end()
    return out


def _month_word(stem: str, suffix: str) -> bool:
    """Short stems ("mar", "may") must be whole words; long ones take inflections."""
    return not suffix if len(stem) <= 3 else len(suffix) <= 5


def _year_before(text: str, start: int) -> str | None:
    """A year written just before a day-month date ("2022-yil 14-sentabr")."""
    m = re.search(r"((?:19|20)\d\d)\D{0,12}$", text[max(0, start - 18):start])
    return m.group(1) if m else None


def _relative(text: str, lang: str | None, published: date) -> list[DateRef]:
    out: list[DateRef] = []
    size = len(text)
    for end, (length, code) in _relative_automaton(lang).iter(text):
        start = end - length + 1
        if not _word_start(text, start):
            continue
        tail = end + 1
        while tail < size and text[tail].isalpha():
            tail += 1
        if tail - end - 1 > 4:
            continue  # a longer word that merely starts like a date word
        if code == 100 and text[start:end + 1] in _CAPITAL_MONDAY and not _day_word_near(
                text, start, tail):
            continue  # the capital, not Monday
        if code >= 100:
            # the latest such day on or before publication: wire reports name the day
            # they are filed on ("on Monday" in a Monday story is that day)
            day = published - timedelta(days=(published.weekday() - (code - 100)) % 7)
        else:
            day = published - timedelta(days=code)
        ref = DateRef(start, tail, day.isoformat(), "relative")
        # the automaton reports "شنبه" (Saturday) inside "سه شنبه" (Tuesday) at the same
        # end: keep the longer word
        if out and out[-1].end == tail and out[-1].start != start:
            if out[-1].start < start:
                continue
            out.pop()
        out.append(ref)
    return out


_WORD = re.compile(r"[^\W\d_]+")
# a wire dateline: "BISHKEK, May 15 (Reuters) -", "ТОШКЕНТ, 18 дек - Sputnik"
_DATELINE_BEFORE = re.compile(r"(?:^|\s)[^\W\d_]+(?:[ -][^\W\d_]+)?(?:,|\s+في)[ \t]*$")
_DATELINE_AFTER = re.compile(r"[ \t.]*[-(/]")


def _dateline(text: str, start: int, end: int) -> bool:
    """The date opens a dateline: a place name and comma before it, a dash or bracket after."""
    return (_DATELINE_AFTER.match(text, end) is not None
            and _DATELINE_BEFORE.search(text, max(0, start - 40), start) is not None)


def _day_word_near(text: str, start: int, end: int) -> bool:
    """A word for day or night just before ``start`` or within two words after ``end``."""
    before = _WORD.findall(text, max(0, start - 12), start)[-1:]
    after = _WORD.findall(text, end, end + 24)[:2]
    return any(w in _DAY_WORDS for w in before + after)


def _word_start(text: str, i: int) -> bool:
    """A word starts at ``i``, or (Arabic script) after one or two clitic letters."""
    if i == 0 or not text[i - 1].isalpha():
        return True
    j = i
    while j > 0 and text[j - 1] in _CLITIC_LETTERS:
        j -= 1
    return i - j <= 2 and (j == 0 or not text[j - 1].isalpha()) and _ARABIC.match(text, i) is not None


def dates_in(raw: str, lang: str | None, published: date | None) -> list[DateRef]:
    """Dates in raw (unfolded) text; offsets are into the folded text of the same length."""
    return find_dates(fold(raw), lang, published)
