import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.annotate.casualties import _NUMBERS, _number_word, cue_kinds, cue_positions, find
from kuzet.text.normalize import fold


@pytest.mark.parametrize(
    ("raw", "lang", "killed", "injured"),
    [
        ("24 قتيلا", "ar", 24, None),
        ("أسفر عن مقتل 24 شخصا وإصابة 87", "ar", 24, 87),
        ("погибли 24 человека", "ru", 24, None),
        ("двое погибли, пятеро ранены", "ru", 2, 5),
        ("24 kishi halok bo'ldi", "uz", 24, None),
        ("at least 37 civilians were killed", "en", 37, None),
        ("24 people were killed and 50 injured", "en", 24, 50),
        ("killed 2 and injured 5", "en", 2, 5),
        ("the death toll rose to 100", "en", 100, None),
        ("twenty-four people died", "en", 24, None),
        ("кемінде 20 адам қаза тапты", "kk", 20, None),
        ("10 киши каза болду", "ky", 10, None),
        ("5 нафар кушта шуданд", "tg", 5, None),
        ("3 adam öldi", "tk", 3, None),
        ("۲۴ نفر کشته شدند", "fa", 24, None),
        ("dozens were killed", "en", None, None),
        ("in 2022 many were killed", "en", None, None),
        ("prices rose 20 percent", "en", None, None),
        ("3 were killed ①", "en", 3, None),  # a non-decimal digit opening a token
        ("25m² area, 4 killed", "en", 4, None),
    ],
)
def test_casualties_table(raw: str, lang: str, killed: int | None, injured: int | None) -> None:
    got = find(fold(raw), lang)
    assert (got.killed, got.injured) == (killed, injured)


@given(st.text(max_size=200), st.sampled_from(["ru", "en", "ar", "kk", None]))
def test_casualties_never_crash(raw: str, lang: str | None) -> None:
    got = find(fold(raw), lang)
    assert got.killed is None or got.killed >= 0


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("at least 24 people were killed", "en", 1),
        ("погибли 5 человек, ранены 7", "ru", 2),
        ("no casualties reported here", "en", 0),
    ],
)
def test_cue_positions_find_cues_in_whole_text(text: str, lang: str, count: int) -> None:
    assert len(cue_positions(fold(text), lang)) == count


@pytest.mark.parametrize(
    ("text", "lang", "kinds"),
    [
        ("погибли 5 человек, ранены 7", "ru", [True, False]),
        ("3 guards were injured", "en", [False]),
        ("24 قتيلا و87 جريحا", "ar", [True, False]),
        ("no casualties reported here", None, []),
    ],
)
def test_cue_kinds_tell_killing_cues(text: str, lang: str | None, kinds: list[bool]) -> None:
    got = cue_kinds(fold(text), lang)
    assert [k for _, k in got] == kinds
    assert [p for p, _ in got] == cue_positions(fold(text), lang)


def _number_word_reference(token: str, numbers: dict[str, int]) -> int | None:
    """The original stem search: every cut, filtered afterwards."""
    if token in numbers:
        return numbers[token]
    for cut in range(len(token) - 1, 2, -1):
        stem = token[:cut]
        if stem in numbers and len(stem) >= 4 and len(token) - cut <= 3:
            return numbers[stem]
    return None


@given(st.text(alphabet="двадцатпяьсоклминдх", max_size=14))
def test_number_word_matches_reference(token: str) -> None:
    numbers = {**_NUMBERS["ru"], "дв": 2, "два": 2}
    assert _number_word(token, numbers) == _number_word_reference(token, numbers)
