"""The article's event date: stated or computable from the text, never assumed."""

from datetime import datetime

import pytest

from kuzet.annotate.events import analyse, main_date
from kuzet.model import Article, Event, Span

PUB = datetime(2022, 9, 16, 12, 0)  # a Friday


def event_date(text: str, lang: str, published: datetime | None = PUB) -> str | None:
    art = Article(id="t", text=text, language=lang, published=published)
    return analyse(art)["event_date"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # no date in the text: null, not the publication date
        ("Border guards exchanged fire near the village.", "en", None),
        ("На границе произошла перестрелка.", "ru", None),
        ("Шекарада қақтығыс болды.", "kk", None),
        ("Chegarada otishma bo'ldi.", "uz", None),
        ("در مرز درگیری رخ داد.", "fa", None),
        ("وقعت اشتباكات على الحدود.", "ar", None),
        # the day stated in the event's sentence
        ("Border guards exchanged fire yesterday.", "en", "2022-09-15"),
        ("Сегодня на границе произошла перестрелка.", "ru", "2022-09-16"),
        ("Бүгін шекарада қақтығыс болды.", "kk", "2022-09-16"),
        ("Bugun chegarada otishma bo'ldi.", "uz", "2022-09-16"),
        ("امروز در مرز درگیری رخ داد.", "fa", "2022-09-16"),
        ("وقعت اليوم اشتباكات على الحدود.", "ar", "2022-09-16"),
        ("Дирӯз дар сарҳад задухӯрд рух дод.", "tg", "2022-09-15"),
        # a relative date in the lead when the event's sentence has none
        ("Yesterday was tense on the border.\n\nGuards exchanged fire.", "en", "2022-09-15"),
        # a wire dateline dates the report when nothing closer does...
        ("BISHKEK, Sept 14 (Reuters) - Guards exchanged fire.", "en", "2022-09-14"),
        ("ТОШКЕНТ, 14 сен - Sputnik. Чегарада отишма бўлди.", "uz", "2022-09-14"),
        # ...and yields to the day the sentence gives
        ("BISHKEK, Sept 16 (Reuters) - Guards exchanged fire on Tuesday.", "en",
         "2022-09-13"),
        ("د دوشنبې په ورځ په پوله نښته وشوه.", "ps", "2022-09-12"),
    ],
)
def test_event_date_table(text: str, lang: str, expected: str | None) -> None:
    assert event_date(text, lang) == expected


def test_undated_text_takes_first_stated_date() -> None:
    assert event_date("Clashes broke out on 14 September 2022.", "en", None) == "2022-09-14"


def test_first_date_of_the_lead() -> None:
    text = ("Officials met on Monday. Ties have grown since August 2021.\n\n"
            "The ministers thanked each other.")
    assert event_date(text, "en") == "2022-09-12"


def _event(kind: str, day: str | None) -> Event:
    return Event(type=kind, evidence=Span(0, 1, "x"), date=day)


@pytest.mark.parametrize(("events", "expected"), [
    # the onset among the main kind's dates; a whole month is a period, the day wins
    ([_event("COERCE", "2021-08"), _event("COERCE", "2022-08-05")], "2022-08-05"),
    ([_event("COERCE", "2022-08-07"), _event("COERCE", "2022-08-05")], "2022-08-05"),
    ([_event("COERCE", "2021-08")], "2021-08"),
    ([_event("CONSULT", "2022-08-01"), _event("ASSAULT", "2022-08-09")], "2022-08-09"),
])
def test_main_date_of_the_main_kind(events: list[Event], expected: str) -> None:
    assert main_date(events, [], None, 0) == expected
