"""Boilerplate lines and repeated paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.text.boilerplate import clean_paragraphs, is_boilerplate


@pytest.mark.parametrize(
    "line",
    ["طباعة", "Print", "Share this article", "Поделиться", "Читайте также: Новый мост открыт",
     "Бөлісу", "Пікірлер", "Бөлүшүү", "Ulashish", "Izohlar", "Улашиш", "Мубодила", "Paýlaş",
     "چاپ", "اشتراک‌گذاری", "شریکول", "اقرأ أيضا: زيارة الوزير", "Facebook Twitter WhatsApp",
     "  SUBSCRIBE  ", "•••", "Tags:"],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    ["The minister refused to share details of the agreement.",
     "Президент поделился планами на следующий год.",
     "وقال الوزير إن الطباعة متوقفة", "Print media in Kazakhstan", "2023", "Tashkent"],
)
def test_prose_is_kept(line: str) -> None:
    assert not is_boilerplate(line)


def test_clean_paragraphs_counts_duplicates_and_title_repeats() -> None:
    cleaned = clean_paragraphs(
        ["Big title", "First paragraph.", "Print", "first  paragraph", "Second.", "BIG TITLE!"],
        title="Big title",
    )
    assert cleaned.paragraphs == ("First paragraph.", "Second.")
    assert cleaned.duplicates_removed == 3
    assert cleaned.boilerplate_removed == ("Print",)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=12), st.text(max_size=20))
def test_clean_paragraphs_accounts_for_every_line(paragraphs: list[str], title: str) -> None:
    cleaned = clean_paragraphs(paragraphs, title)
    non_empty = [p for p in paragraphs if p.strip()]
    total = len(cleaned.paragraphs) + cleaned.duplicates_removed + len(cleaned.boilerplate_removed)
    assert total == len(non_empty)
    assert all(p == p.strip() and p for p in cleaned.paragraphs)
