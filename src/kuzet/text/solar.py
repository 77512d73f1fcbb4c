"""Solar Hijri dates (Afghanistan's and Iran's civil calendar) to Gregorian.

Afghan news in Dari and Pashto is dated "۵ سنبله ۱۴۰۲": the zodiac month names used in
Afghanistan (Dari and Pashto forms) and the Iranian month names are recognised, and the
date converted with the arithmetic (33-year cycle) algorithm used by jdf/jalaali.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from kuzet.text.normalize import fold

MONTHS: tuple[tuple[str, ...], ...] = (
    ("حمل", "وری", "فروردین"),
    ("ثور", "غویی", "اردیبهشت"),
    ("جوزا", "جوزای", "غبرگولی", "خرداد"),
    ("سرطان", "چنگاښ", "تیر"),
    ("اسد", "زمری", "مرداد", "امرداد"),
    ("سنبله", "وږی", "شهریور"),
    ("میزان", "تله", "مهر"),
    ("عقرب", "لړم", "آبان"),
    ("قوس", "لیندۍ", "آذر"),
    ("جدی", "مرغومی", "دی"),
    ("دلو", "سلواغه", "بهمن"),
    ("حوت", "کب", "اسفند"),
)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], re.Pattern[str]]:
    table = {fold(name): i for i, names in enumerate(MONTHS, 1) for name in names}
    names = "|".join(sorted((re.escape(n) for n in table), key=len, reverse=True))
    # Only a day, a month name and a 13xx/14xx year together make a Solar Hijri date:
    # several month names are also ordinary words ("اسد" lion, "تیر" arrow).
    pattern = re.compile(rf"(?<!\d)(\d{{1,2}})\s*({names})\s*(?:سال\s*)?(1[34]\d\d)(?!\d)")
    return table, pattern


def to_gregorian(jy: int, jm: int, jd: int) -> date:
    """The Gregorian date of Solar Hijri year ``jy``, month ``jm``, day ``jd``."""
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    leap = (gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0
    lengths = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    gd = days + 1
    gm = 1
    for length in lengths:
        if gd <= length:
            break
        gd -= length
        gm += 1
    return date(gy, gm, gd)


# Month names that are nothing else: a day number before one of these is a date even
# without a year ("۲۵ سنبله"); the others ("اسد" lion, "تیر" arrow, "مهر" seal, "دی", "تله"
# trap, "کب") need the year as well.
_PLAIN_MONTHS = frozenset(("حمل", "ثور", "جوزا", "جوزای", "سرطان", "سنبله", "میزان", "عقرب",
                           "قوس", "جدی", "دلو", "حوت", "وری", "غویی", "غبرگولی", "چنگاښ",
                           "زمری", "وږی", "لړم", "لیندۍ", "مرغومی", "سلواغه", "فروردین",
                           "اردیبهشت", "خرداد", "مرداد", "امرداد", "شهریور", "آبان", "آذر",
                           "بهمن", "اسفند"))


@lru_cache(maxsize=1)
def _dayless_pattern() -> re.Pattern[str]:
    plain = frozenset(fold(n) for n in _PLAIN_MONTHS)
    names = "|".join(sorted((re.escape(n) for n in plain), key=len, reverse=True))
    # a day, then the month as a whole word, optionally "of the year" and a year
    return re.compile(rf"(?<!\d)(\d{{1,2}})\s*({names})(?![^\W\d_])"
                      rf"(?:\s*(?:سال\s*)?(1[34]\d\d)(?!\d))?")


def year_of(d: date) -> int:
    """The Solar Hijri year that Gregorian ``d`` falls in."""
    jy = d.year - 621
    return jy if d >= to_gregorian(jy, 1, 1) else jy - 1


_DIGITS = re.compile(r"\d\d*")  # no leading repeat: re scans for the first digit in C


def find_all(folded: str, published: date | None = None) -> list[tuple[date, int, int]]:
    """Every Solar Hijri date in folded text with ASCII digits: (Gregorian date, start, end).

    Dates without a year take the Solar Hijri year of ``published`` (none without it), and
    only with a month name that is nothing but a month.
    """
    table, with_year = _table()
    pattern = _dayless_pattern()
    out: list[tuple[date, int, int]] = []
    year = year_of(published) if published is not None else 0
    # Both patterns open with a lookbehind, which re would try at every character: they are
    # tried only where a day number of one or two digits starts.
    for run in _DIGITS.finditer(folded):
        if run.end() - run.start() > 2:
            continue
        at = run.start()
        m = with_year.match(folded, at)
        if m is not None:
            got = _convert(int(m.group(3)), table[m.group(2)], int(m.group(1)))
            if got:
                out.append((got, m.start(), m.end()))
            continue
        if not year:
            continue
        m = pattern.match(folded, at)
        if m is None or m.group(3):
            continue  # with its year: the first pattern's
        got = _convert(year, table[m.group(2)], int(m.group(1)))
        # more than a week after publication: last year's (as for Gregorian dates)
        if got and published is not None and got > published + timedelta(days=7):
            got = _convert(year - 1, table[m.group(2)], int(m.group(1)))
        if got:
            out.append((got, m.start(), m.end()))
    return out


def _convert(year: int, month: int, day: int) -> date | None:
    if not 1 <= day <= (31 if month <= 6 else 30):
        return None
    return to_gregorian(year, month, day)


def find(folded: str) -> tuple[date, int, int] | None:
    """(Gregorian date, start, end) of a Solar Hijri date in folded text with ASCII digits."""
    table, pattern = _table()
    m = pattern.search(folded)
    if not m:
        return None
    day, month, year = int(m.group(1)), table[m.group(2)], int(m.group(3))
    if not 1 <= day <= (31 if month <= 6 else 30):
        return None
    return to_gregorian(year, month, day), m.start(), m.end()
