"""Publication dates in the region's languages.

A date line is first *pre-normalised*: digits to ASCII, month names of every supported
language (from Babel's locale data plus Levantine/Maghrebi Arabic, Kazakh Latin and
traditional Kyrgyz names) replaced by English ones, and the Arabic/Persian AM/PM marks
("٥:٠٥ م" is 17:05) made explicit. A fast pattern parser then reads the usual layouts
(ISO, day-month-year with words or numbers, "Month d, yyyy", Kazakh/Kyrgyz year-first);
Solar Hijri dates ("۵ سنبله ۱۴۰۲") are converted (:mod:`kuzet.text.solar`);
only when all this fails is ``dateparser`` asked, with an explicit language and settings that
keep it deterministic. Values are naive wall-clock time of the source unless ``tz``
is given.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kuzet.text.normalize import fold
from kuzet.text.solar import find as find_solar

MONTHS_EN = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)

_BABEL_LOCALES = ("en", "ru", "kk", "ky", "uz", "uz_Cyrl", "tg", "tk", "ps", "fa", "fa_AF", "ar")

# Month names Babel does not list, general to each language (1-based months).
EXTRA_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "جانفي", "qañtar", "үчтүн айы", "yanvar", "январи", "ýanwar"),
    2: ("شباط", "فيفري", "aqpan", "бирдин айы", "fevral", "феврали", "fewral"),
    3: ("آذار", "naurız", "nauryz", "жалган куран", "марти"),
    4: ("نيسان", "إبريل", "ابريل", "أفريل", "säuir", "sauir", "чын куран", "апрели"),
    5: ("أيار", "ماي", "mamır", "mamyr", "бугу", "майи"),
    6: ("حزيران", "يونيه", "جوان", "mausım", "mausym", "кулжа", "июни", "iyun"),
    7: ("تموز", "يوليه", "جويلية", "şilde", "shilde", "теке", "июли", "iyul"),
    8: ("آب", "اغسطس", "أوت", "tamız", "tamyz", "баш оона", "августи", "awgust"),
    9: ("أيلول", "qırküyek", "аяк оона", "сентябри", "sentyabr", "sentýabr"),
    10: ("تشرين الأول", "اكتوبر", "qazan", "тогуздун айы", "октябри", "oktyabr", "oktýabr"),
    11: ("تشرين الثاني", "qaraşa", "qarasha", "жетинин айы", "ноябри", "noyabr", "noýabr"),
    12: ("كانون الأول", "jeltoqsan", "желтоксан", "бештин айы", "декабри", "dekabr"),
}

_PM = re.compile(r"(\d{1,2}[:.]\d{2})\s*(?:م|مساء|مساءا|مساءً|ب\.?\s?ظ\.?|بعد از ظهر|بعدازظهر|عصر)(?!\w)")
_AM = re.compile(r"(\d{1,2}[:.]\d{2})\s*(?:ص|صباحا|صباحاً|ق\.?\s?ظ\.?|قبل از ظهر|صبح)(?!\w)")
_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)
_LETTER = r"[^\W\d_]"

_M = "(" + "|".join(MONTHS_EN) + ")"
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)
_YMD = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_DMY_NUM = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
# "26 августи соли 2023": one short word ("year of") may sit between month and year.
_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:-?{_LETTER}{{1,4}})?\W{{0,3}}{_M}\W{{0,3}}(?:{_LETTER}{{1,5}}\s+)?"
    r"(\d{4})(?!\d)"
)
_MDY = re.compile(rf"{_M}\W{{0,3}}(\d{{1,2}})(?:st|nd|rd|th)?\W{{0,3}}(\d{{4}})(?!\d)")
_YDM = re.compile(
    rf"(?<!\d)(\d{{4}})(?:\W?{_LETTER}+)?(?:\s+{_LETTER}+)?\W{{0,3}}(\d{{1,2}})(?:-?{_LETTER}{{1,4}})?\W{{0,3}}{_M}"
)
_YMD_WORD = re.compile(rf"(?<!\d)(\d{{4}})\W{{0,3}}{_M}\W{{0,3}}(\d{{1,2}})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?!\d)\s*(am|pm)?", re.IGNORECASE)

_DATEPARSER_LANGS = frozenset({"en", "ru", "kk", "ky", "uz", "fa", "ps", "ar", "tr", "az"})


@lru_cache(maxsize=1)
def month_table() -> dict[str, int]:
    """Folded month name -> month number, for every supported language."""
    from babel import Locale  # imported here: only date parsing needs Babel's locale data

    table: dict[str, int] = {}

    def add(name: str, month: int) -> None:
        k = fold(name).strip(". ")
        if len(k) >= 2:
            table.setdefault(k, month)

    for month, name in enumerate(MONTHS_EN, 1):
        add(name, month)
    for code in _BABEL_LOCALES:
        loc = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for month, name in loc.months[context][width].items():
                    if width == "wide" or len(name.strip(".")) >= 3:
                        add(str(name), int(month))
    for month, names in EXTRA_MONTHS.items():
        for name in names:
            add(name, month)
    return table


@lru_cache(maxsize=1)
def _month_re() -> re.Pattern[str]:
    names = sorted(month_table(), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!{_LETTER})({alternation})({_LETTER}*)")


def _month_sub(m: re.Match[str]) -> str:
    name, suffix = m.group(1), m.group(2)
    # Case and possessive endings (августа, тамыздың, avgustda) only on full-length names:
    # a short name plus letters is another word.
    if suffix and (len(name) < 4 or len(suffix) > 4):
        return m.group(0)
    return " " + MONTHS_EN[month_table()[name] - 1] + " "


def prenormalize(text: str) -> str:
    """Folded text with ASCII digits, English month names and explicit am/pm."""
    s = text.translate(_DIGITS)
    s = _PM.sub(r"\1 pm", s)
    s = _AM.sub(r"\1 am", s)
    s = fold(s)
    return _month_re().sub(_month_sub, s)


def _month_no(name: str) -> int:
    return MONTHS_EN.index(name.lower()) + 1


def _time_after(s: str, end: int, start: int) -> tuple[int, int, int]:
    m = _TIME.search(s, end) or _TIME.search(s[:start])
    if not m:
        return 0, 0, 0
    h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    ampm = (m.group(4) or "").lower()
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59 or sec > 59:
        return 0, 0, 0
    return h, mi, sec


def _build(y: int, mo: int, d: int, hms: tuple[int, int, int]) -> datetime | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return datetime(y, mo, d, *hms)
    except ValueError:
        return None


def _offset(value: str | None) -> timezone | None:
    if not value:
        return None
    if value.upper() == "Z":
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def fast_parse(s: str) -> datetime | None:
    """Parse a pre-normalised date string with the common layouts; None if none fits."""
    m = _ISO.search(s)
    if m:
        hms = (int(m.group(4) or 0), int(m.group(5) or 0), int(m.group(6) or 0))
        if m.group(4) is None:
            hms = _time_after(s, m.end(), m.start())
        dt = _build(int(m.group(1)), int(m.group(2)), int(m.group(3)), hms)
        off = _offset(m.group(7))
        return dt.replace(tzinfo=off) if dt and off else dt
    for pattern, order in ((_DMY, "dmy"), (_MDY, "mdy"), (_YDM, "ydm"), (_YMD_WORD, "ymd")):
        m = pattern.search(s)
        if m:
            parts = dict(zip(order, m.groups(), strict=True))
            hms = _time_after(s, m.end(), m.start())
            return _build(int(parts["y"]), _month_no(parts["m"]), int(parts["d"]), hms)
    m = _DMY_NUM.search(s)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo > 12 >= d:  # a US-style month/day/year
            d, mo = mo, d
        return _build(y, mo, d, _time_after(s, m.end(), m.start()))
    m = _YMD.search(s)
    if m:
        hms = _time_after(s, m.end(), m.start())
        return _build(int(m.group(1)), int(m.group(2)), int(m.group(3)), hms)
    return None


def _dateparser(text: str, language: str | None) -> datetime | None:
    import dateparser  # slow to import; only needed for unusual layouts

    langs = ["en"]
    if language in _DATEPARSER_LANGS and language != "en":
        langs.insert(0, language)
    settings = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    try:
        value: datetime | None = dateparser.parse(text, languages=langs, settings=settings)  # type: ignore[arg-type]
        return value
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


def parse_published(text: str, language: str | None, tz: str | None = None) -> datetime | None:
    """The date and time in a date line or metadata value, or None when there is none."""
    if not text or len(text) > 200 or not any(c.isdigit() for c in text):
        return None
    s = prenormalize(text)
    solar = find_solar(s)
    if solar is not None:
        day, start, end = solar
        value = _build(day.year, day.month, day.day, _time_after(s, end, start))
    else:
        value = fast_parse(s)
    if value is None and re.search(r"\d{4}", s):
        value = _dateparser(text, language) or _dateparser(s, "en")
    if value is None:
        return None
    if tz:
        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is not None:
            return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    return value.replace(tzinfo=None)
