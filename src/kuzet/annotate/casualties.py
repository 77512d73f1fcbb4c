"""Killed and injured counts from numerals and number words in ten languages.

Works on one folded sentence (``kuzet.text.normalize.fold``). A casualty cue ("killed",
"погибли", "قتيلا", "halok", "қаза тапты", "кушта", "کشته", "وژل") takes the nearest
number within a few words on either side, without crossing "and"-like words or another
cue's number: "24 قتيلا", "погибли 24 человека", "24 kishi halok bo'ldi", "at least 37
civilians were killed", "кемінде 20 адам қаза тапты". Vague amounts ("dozens") give no
number.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

# (killed cues, injured cues), folded stems matched at a word start (anywhere in a word
# for Arabic script, where clitics and the verb prefix are glued on)
_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("kill", "dead", "died", "death", "fatalit", "perish", "slain", "lost their lives"),
           ("injur", "wound", "hurt", "hospitali")),
    "ru": (("погиб", "убит", "убил", "жертв", "скончал", "гибел", "смерт"),
           ("ранен", "ранил", "пострадав", "пострадал", "травм", "госпитализ")),
    "kk": (("каза тап", "каза бол", "мерт бол", "олтирил", "олди", "курбан", "кайтыс бол"),
           ("жаралан", "жаракат", "зардап шек")),
    "ky": (("каза бол", "курман бол", "олду", "олтурул", "набыт бол", "кайтыс бол"),
           ("жарадар", "жаракат", "жабыркад")),
    "uz": (("halok", "o'ldir", "o'ld", "vafot", "qurbon", "халок", "ўлдир", "ўлди", "вафот",
            "курбон"),
           ("yarador", "yaralan", "jarohat", "ярадор", "яралан", "жарохат")),
    "tg": (("кушта", "халок", "халокат", "чон бохт", "фавтид", "куруб"),
           ("захми", "мачрух", "чарохат")),
    "tk": (("oldi", "oldurul", "olduril", "wepat", "helak", "pida bol"),
           ("yaralan", "yaraly", "sikes")),
    "fa": (("كشته", "جان باخت", "جان خود را از دست", "هلاك", "قتل", "تلفات جاني"),
           ("زخمي", "مجروح")),
    "ps": (("وزل", "مره", "تلفات", "قتل", "كشته"),
           ("تبي", "زخمي", "زوبل", "مجروح")),
    "ar": (("قتيل", "قتلي", "مقتل", "قتل", "حتف", "مصرع", "وفاه", "اودي بحياه"),
           ("جريح", "جرحي", "اصابه", "مصاب", "اصيب")),
}

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBERS: dict[str, dict[str, int]] = {
    "en": {**{w: i + 1 for i, w in enumerate(_UNITS)}, "ten": 10, "eleven": 11, "twelve": 12,
           "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
           "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
           "hundred": 100, "thousand": 1000},
    "ru": {"один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "двух": 2, "двое": 2,
           "три": 3, "трех": 3, "трое": 3, "четыр": 4, "четверо": 4, "пят": 5, "пятеро": 5,
           "шест": 6, "сем": 7, "восем": 8, "девят": 9, "десят": 10, "одиннадцат": 11,
           "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15,
           "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19,
           "двадцат": 20, "тридцат": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
           "семьдесят": 70, "восемьдесят": 80, "девяност": 90, "сто": 100, "двести": 200,
           "триста": 300, "тысяч": 1000},
    "kk": {"бир": 1, "еки": 2, "уш": 3, "торт": 4, "бес": 5, "алты": 6, "жети": 7,
           "сегиз": 8, "тогыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "кырык": 40,
           "елу": 50, "алпыс": 60, "жетпис": 70, "сексен": 80, "токсан": 90, "жуз": 100,
           "мын": 1000},
    "ky": {"бир": 1, "эки": 2, "уч": 3, "торт": 4, "беш": 5, "алты": 6, "жети": 7,
           "сегиз": 8, "тогуз": 9, "он": 10, "жыйырма": 20, "жиирма": 20, "отуз": 30,
           "кырк": 40, "элуу": 50, "алтымыш": 60, "жетимиш": 70, "сексен": 80,
           "токсон": 90, "жуз": 100, "мин": 1000},
    "uz": {"bir": 1, "ikki": 2, "uch": 3, "to'rt": 4, "besh": 5, "olti": 6, "yetti": 7,
           "sakkiz": 8, "to'qqiz": 9, "o'n": 10, "yigirma": 20, "o'ttiz": 30, "qirq": 40,
           "ellik": 50, "oltmish": 60, "yetmish": 70, "sakson": 80, "to'qson": 90,
           "yuz": 100, "ming": 1000, "бир": 1, "икки": 2, "уч": 3, "тўрт": 4, "беш": 5,
           "олти": 6, "етти": 7, "саккиз": 8, "тўккиз": 9, "ўн": 10, "игирма": 20,
           "ўттиз": 30, "кирк": 40, "эллик": 50, "юз": 100, "минг": 1000},
    "tg": {"як": 1, "ду": 2, "се": 3, "чор": 4, "панч": 5, "шаш": 6, "хафт": 7, "хашт": 8,
           "нух": 9, "дах": 10, "бист": 20, "си": 30, "чил": 40, "панчох": 50, "сад": 100,
           "хазор": 1000},
    "tk": {"bir": 1, "iki": 2, "uc": 3, "dort": 4, "bas": 5, "alty": 6, "yedi": 7,
           "sekiz": 8, "dokuz": 9, "on": 10, "yigrimi": 20, "otuz": 30, "kyrk": 40,
           "elli": 50, "yuz": 100, "mun": 1000},
    "fa": {"يك": 1, "دو": 2, "سه": 3, "جهار": 4, "بنج": 5, "شش": 6, "هفت": 7, "هشت": 8,
           "نه": 9, "ده": 10, "يازده": 11, "دوازده": 12, "سيزده": 13, "جهارده": 14,
           "بانزده": 15, "بيست": 20, "سي": 30, "جهل": 40, "بنجاه": 50, "صد": 100,
           "هزار": 1000},
    "ps": {"يو": 1, "دوه": 2, "دري": 3, "جلور": 4, "بنجه": 5, "شبز": 6, "اوه": 7, "اته": 8,
           "نه": 9, "لس": 10, "شل": 20, "ديرش": 30, "جلويشت": 40, "بنجوس": 50, "سل": 100,
           "زر": 1000},
    "ar": {"واحد": 1, "اثنان": 2, "اثنين": 2, "ثلاث": 3, "اربع": 4, "خمس": 5, "ست": 6,
           "سبع": 7, "ثماني": 8, "ثمان": 8, "تسع": 9, "عشر": 10, "عشرين": 20, "عشرون": 20,
           "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40, "اربعون": 40, "خمسين": 50,
           "خمسون": 50, "مئه": 100, "مائه": 100, "مئات": 0, "الف": 1000},
}
_NUMBERS["ky"].update({k: v for k, v in _NUMBERS["kk"].items() if k not in _NUMBERS["ky"]})

# words a cue does not look across for its number ("killed 2 and injured 5")
_STOP = frozenset(
    "and и және жана жене va ва ham hem we و وا او هم also а но but while".split()
)
_ARABIC = re.compile("[\u0600-\u06ff]")
# a number ("1 200", "3,500") or a word ("o'ldi"); written to open with one character
# class, which re can skip ahead to, and branch on whether that character was a digit
_TOKEN = re.compile(r"[^\W_](?:(?<=\d)\d*(?:[ ,.]\d{3})*|(?<!\d)[^\W\d_]*(?:'[^\W\d_]+)*)")
_NON_DIGITS = re.compile(r"\D")
_WINDOW = 6  # tokens searched on each side of a cue
# numbers followed by these are not head counts
_NOT_PEOPLE = re.compile(r"\s*(?:%|процент|percent|km|км|year|лет|год|yil|жыл|сол|سال|عام)")


@dataclass(frozen=True)
class Casualties:
    """Killed and injured counts found in one sentence."""

    killed: int | None = None
    injured: int | None = None


def _lang_key(lang: str | None) -> tuple[str, ...]:
    return (lang,) if lang in _CUES else tuple(_CUES)


@lru_cache(maxsize=16)
def _tables(langs: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], dict[str, int]]:
    cues: list[tuple[str, str]] = []
    numbers: dict[str, int] = {}
    for lg in langs:
        killed, injured = _CUES[lg]
        cues += [(c, "k") for c in killed] + [(c, "i") for c in injured]
        if len(langs) == 1 or lg not in {"ru", "tg", "fa", "ps"}:  # short words collide
            numbers.update(_NUMBERS[lg])
    cues.sort(key=lambda c: -len(c[0]))
    return tuple(cues), numbers


@lru_cache(maxsize=16)
def _stems(langs: tuple[str, ...]) -> frozenset[str]:
    """First four letters of the number words that may take an ending (see _number_word)."""
    return frozenset(w[:4] for w in _tables(langs)[1] if len(w) >= 4)


@lru_cache(maxsize=16)
def _cue_terms(langs: tuple[str, ...]) -> dict[str, bool]:
    killing: dict[str, bool] = {}
    for cue, kind in _tables(langs)[0]:  # a cue listed twice is a killing cue if either is
        killing[cue] = killing.get(cue, False) or kind == "k"
    return killing


def cue_terms(lang: str | None) -> dict[str, bool]:
    """Folded casualty cue -> whether it is a killing cue (for a caller's own automaton)."""
    return dict(_cue_terms(_lang_key(lang)))


@lru_cache(maxsize=16)
def _cue_automaton(langs: tuple[str, ...]) -> Any:
    auto = ahocorasick.Automaton()
    for cue, killed in _cue_terms(langs).items():
        auto.add_word(cue, (len(cue), killed))
    auto.make_automaton()
    return auto


def cue_positions(text: str, lang: str | None) -> list[int]:
    """Start offsets of casualty cues in a whole folded document, in text order.

    One Aho-Corasick pass, so a caller can run :func:`find` only on the sentences that
    hold a cue instead of on every sentence.
    """
    return [pos for pos, _killed in cue_kinds(text, lang)]


def cue_kinds(text: str, lang: str | None) -> list[tuple[int, bool]]:
    """(start offset, is a killing cue) of every casualty cue in a folded document, in order.

    A sentence without a killing cue cannot give :func:`find` a death toll.
    """
    arabic: bool | None = None  # a scan of the whole text: made only if a cue needs it
    out = []
    for end, (length, killed) in _cue_automaton(_lang_key(lang)).iter(text):
        pos = end - length + 1
        if pos and text[pos - 1].isalpha():
            if arabic is None:
                arabic = _ARABIC.search(text) is not None
            if not arabic:
                continue
        out.append((pos, killed))
    out.sort()
    return out


def _number_word(token: str, numbers: dict[str, int]) -> int | None:
    """Value of a number word, allowing a short inflection after long stems."""
    if token in numbers:
        return numbers[token]
    # only stems of four letters or more, with at most three letters after them
    for cut in range(len(token) - 1, max(3, len(token) - 4), -1):
        stem = token[:cut]
        if stem in numbers:
            return numbers[stem]
    return None


def _numbers(tokens: list[re.Match[str]], text: str, numbers: dict[str, int],
             stems: frozenset[str] = frozenset(),
             words: list[str] | None = None) -> dict[int, int]:
    """Token index -> value of each number (a run of number words counts once).

    ``stems`` (:func:`_stems` of ``numbers``) lets most words skip the inflection search;
    without it every word is searched. ``words`` are the tokens' texts, if already taken.
    """
    if words is None:
        words = [t.group() for t in tokens]
    # Only tokens that may be numbers are visited (a comprehension sifts them at a
    # fraction of the loop's cost); any other word ends a run, seen as a gap in indexes.
    candidates = [i for i, w in enumerate(words)
                  if w[0].isdecimal() or w in numbers
                  or (len(w) > 4 and (not stems or w[:4] in stems))]
    out: dict[int, int] = {}
    run_start: int | None = None
    total = current = 0
    last = -2  # index of the last candidate visited
    for i in candidates:
        if i != last + 1 and run_start is not None:  # a plain word came between
            out[run_start] = total + current
            run_start = None
        last = i
        word = words[i]
        # a token opening with a decimal digit is a number; "²" or "½" is a digit but
        # not a decimal one, and holds no number (int() of its digits used to fail)
        if word[0].isdecimal():
            if _NOT_PEOPLE.match(text, tokens[i].end()):
                continue
            digits = word if word.isdecimal() else _NON_DIGITS.sub("", word)
            value = int(digits) if len(digits) < 8 else 0
            if 1900 <= value <= 2100 and len(digits) == 4:
                continue  # a year
            if value:
                out[i] = value
            run_start = None
            continue
        # an inflected number word starts with the first four letters of one
        wv = numbers.get(word)
        if wv is None:
            wv = _number_word(word, numbers)
        if wv is None or wv == 0:
            if run_start is not None:
                out[run_start] = total + current
            run_start = None
            continue
        if run_start is None:
            run_start, total, current = i, 0, 0
        if wv in (100, 1000):
            current = max(current, 1) * wv
            if wv == 1000:
                total, current = total + current, 0
        else:
            current += wv
    if run_start is not None:
        out[run_start] = total + current
    return out


def find(text: str, lang: str | None) -> Casualties:
    """Killed and injured counts in one folded sentence (largest of each)."""
    key = _lang_key(lang)
    numbers = _tables(key)[1]
    found: dict[str, int] = {}
    hits: list[tuple[int, str]] = []
    arabic: bool | None = None  # looked for only when a cue sits inside a word
    # one automaton pass finds every cue; str.find took a cue's occurrences without
    # overlap, so an overlapping repeat of a cue with a border ("dead|ead") is skipped
    reach: dict[str, int] = {}
    for end, entries in _find_automaton(key).iter(text):
        for length, kind, cue, border in entries:
            pos = end - length + 1
            if border:
                if pos < reach.get(cue, 0):
                    continue
                reach[cue] = end + 1
            if pos and text[pos - 1].isalpha() and arabic is None:
                arabic = _ARABIC.search(text) is not None
            if pos == 0 or not text[pos - 1].isalpha() or arabic:
                hits.append((pos, kind))
    if not hits:
        return Casualties()
    tokens = list(_TOKEN.finditer(text))
    words = [t.group() for t in tokens]
    values = _numbers(tokens, text, numbers, _stems(key), words)
    if not values:
        return Casualties()
    starts = [t.start() for t in tokens]
    claimed: set[int] = set()
    by_token = {_token_at(starts, pos): kind for pos, kind in sorted(hits, reverse=True)}
    for idx, kind in sorted(by_token.items()):
        best = _nearest(words, values, idx, claimed)
        if best is not None:
            claimed.add(best)
            found[kind] = max(found.get(kind, 0), values[best])
    return Casualties(found.get("k"), found.get("i"))


@lru_cache(maxsize=16)
def _find_automaton(langs: tuple[str, ...]) -> Any:
    """The (length, kind, cue, has a border) of every cue of :func:`_tables`, by cue.

    A cue with a border (a proper prefix equal to a suffix) is the only kind that can
    overlap itself.
    """
    auto = ahocorasick.Automaton()
    table: dict[str, list[tuple[int, str, str, bool]]] = {}
    for cue, kind in _tables(langs)[0]:
        border = any(cue[:k] == cue[-k:] for k in range(1, len(cue)))
        table.setdefault(cue, []).append((len(cue), kind, cue, border))
    for cue, entries in table.items():
        auto.add_word(cue, tuple(entries))
    auto.make_automaton()
    return auto


def _token_at(starts: list[int], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)


def _nearest(words: list[str], values: dict[int, int], idx: int,
             claimed: set[int]) -> int | None:
    """The number nearest to token ``idx``, before (preferred) or after, not across 'and'."""
    best: tuple[int, int] | None = None
    for step in (-1, 1):
        j = idx + step
        dist = 0
        while 0 <= j < len(words) and dist < _WINDOW:
            if j in values:
                if j not in claimed and (best is None or dist < best[0]):
                    best = (dist, j)
                break
            if words[j] in _STOP:
                break
            j += step
            dist += 1
    return best[1] if best else None
