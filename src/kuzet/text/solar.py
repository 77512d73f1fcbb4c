"""Solar Hijri dates (Afghanistan's and Iran's civil calendar) to Gregorian.

Afghan news in Dari and Pashto is dated "۵ سنبله ۱۴۰۲": the zodiac month names used in
Afghanistan (Dari and Pashto forms) and the Iranian month names are recognised, and the
date converted with the arithmetic (33-year cycle) algorithm used by jdf/jalaali.
"""

from __future__ import annotations

import re
from datetime import date
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
