"""Publication dates in the region's languages."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.text.dates import MONTHS_EN, month_table, parse_published, prenormalize
from kuzet.text.normalize import fold
from kuzet.text.solar import find_all, to_gregorian, year_of


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("السبت 26/أغسطس/2023 - 05:05 م", "ar", datetime(2023, 8, 26, 17, 5)),
        ("الأحد ٣ آب ٢٠٢٥ - ٠٩:١٥ ص", "ar", datetime(2025, 8, 3, 9, 15)),
        ("12 كانون الثاني 2024", "ar", datetime(2024, 1, 12)),
        ("26 августа 2023 г., 14:30", "ru", datetime(2023, 8, 26, 14, 30)),
        ("26.08.2023 17:05", "ru", datetime(2023, 8, 26, 17, 5)),
        ("2023 жылғы 26 тамыз, 10:15", "kk", datetime(2023, 8, 26, 10, 15)),
        ("20 şilde 2023", "kk", datetime(2023, 7, 20)),
        ("2023-жылдын 26-августу", "ky", datetime(2023, 8, 26)),
        ("26-avgust, 2023-yil 09:00", "uz", datetime(2023, 8, 26, 9, 0)),
        ("26 август 2023 йил", "uz", datetime(2023, 8, 26)),
        ("26 августи соли 2023", "tg", datetime(2023, 8, 26)),
        ("26-njy awgust 2023 ý.", "tk", datetime(2023, 8, 26)),
        ("۵ اگست ۲۰۲۳", "fa", datetime(2023, 8, 5)),
        ("۱۲ جنوري ۲۰۲۴", "ps", datetime(2024, 1, 12)),
        ("۵ سنبله ۱۴۰۲ - ۱۰:۳۰", "fa", datetime(2023, 8, 27, 10, 30)),
        ("۱ حمل ۱۴۰۲", "ps", datetime(2023, 3, 21)),
        ("۲۷ مرداد ۱۴۰۲", "fa", datetime(2023, 8, 18)),
        ("۳۰ اسفند ۱۴۰۳", "fa", datetime(2025, 3, 20)),
        ("August 26, 2023 5:05 pm", "en", datetime(2023, 8, 26, 17, 5)),
        ("2023-08-26T17:05:00+05:00", None, datetime(2023, 8, 26, 17, 5)),
        ("2023/08/26", None, datetime(2023, 8, 26)),
        ("Published 3 days ago", "en", None),
        ("no date here", "en", None),
        ("31.02.2023", "ru", None),
        ("", None, None),
    ],
)
def test_parse_published(text: str, lang: str | None, expected: datetime | None) -> None:
    assert parse_published(text, lang) == expected


def test_time_zone_conversion() -> None:
    value = parse_published("2023-08-26T12:00:00Z", None, tz="Asia/Almaty")
    assert value is not None and value.tzinfo is not None
    assert value.utcoffset() is not None
    assert value.replace(tzinfo=None) > datetime(2023, 8, 26, 12, 0)


def test_month_table_has_every_month_for_each_language() -> None:
    table = month_table()
    assert set(table.values()) == set(range(1, 13))
    for name, month in [("тамыз", 8), ("August", 8), ("шілде", 7), ("أيلول", 9), ("ýanwar", 1)]:
        assert table[fold(name)] == month


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_prenormalize_never_crashes(text: str) -> None:
    assert isinstance(prenormalize(text), str)
    value = parse_published(text, "ru")
    assert value is None or 1900 <= value.year <= 2100


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2090, 1, 1).date()),
       st.sampled_from(["en", "ru", "kk", "uz", "ar"]))
def test_day_month_year_round_trip(day: object, lang: str) -> None:
    assert isinstance(day, date)
    text = f"{day.day} {MONTHS_EN[day.month - 1].title()} {day.year}"
    value = parse_published(text, lang)
    assert value is not None and value.date() == day


@pytest.mark.parametrize(
    ("solar", "gregorian"),
    [((1402, 1, 1), date(2023, 3, 21)), ((1402, 6, 5), date(2023, 8, 27)),
     ((1399, 12, 30), date(2021, 3, 20)), ((1380, 10, 11), date(2002, 1, 1))],
)
def test_solar_hijri(solar: tuple[int, int, int], gregorian: date) -> None:
    assert to_gregorian(*solar) == gregorian


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("۲۵ سنبله ۱۴۰۱", None, [date(2022, 9, 16)]),  # with its year: no publication needed
    ("د ۲۵ سنبله", date(2023, 3, 1), [date(2022, 9, 16)]),  # the year of publication
    ("۱۲ حوت", date(2023, 3, 1), [date(2023, 3, 3)]),  # two days ahead: still this year
    ("۲۰ حوت", date(2023, 3, 1), [date(2022, 3, 11)]),  # weeks ahead: last year's
    ("در ۳ اسد ۱۴۰۲ و ۴ میزان", date(2023, 10, 1), [date(2023, 7, 25), date(2023, 9, 26)]),
    ("۵ تیر", date(2023, 10, 1), []),  # "five arrows": a month only with its year
    ("۵ تیر ۱۴۰۲", None, [date(2023, 6, 26)]),
    ("۳۱ میزان", date(2023, 10, 1), []),  # months 7-12 have 30 days
    ("۲۵ سنبلهها", date(2023, 3, 1), []),  # not the whole word
])
def test_solar_hijri_dates_in_text(text: str, published: date | None, expected: list[date]) -> None:
    assert [d for d, _, _ in find_all(fold(text), published)] == expected


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)))
def test_solar_year_starts_at_nowruz(d: date) -> None:
    jy = year_of(d)
    assert to_gregorian(jy, 1, 1) <= d < to_gregorian(jy + 1, 1, 1)
