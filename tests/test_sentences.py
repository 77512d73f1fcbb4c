import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.annotate.sentences import split


def texts(raw: str) -> list[str]:
    return [raw[s:e] for s, e in split(raw)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("С. Жапаров прибыл в 2022 г. в Ош. Встреча прошла.",
         ["С. Жапаров прибыл в 2022 г. в Ош.", "Встреча прошла."]),
        ("Title\n\nBody one. Body two.", ["Title", "Body one.", "Body two."]),
        ("هل حدث ذلك؟ نعم حدث.", ["هل حدث ذلك؟", "نعم حدث."]),
        ("The rate rose 2.5 percent. Then fell.", ["The rate rose 2.5 percent.", "Then fell."]),
        ("«Мы договорились.» Он ушёл.", ["«Мы договорились.»", "Он ушёл."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split_table(raw: str, expected: list[str]) -> None:
    assert texts(raw) == expected


@given(st.text(max_size=300))
def test_split_spans_valid(raw: str) -> None:
    last = 0
    for s, e in split(raw):
        assert last <= s < e <= len(raw)
        assert raw[s:e] == raw[s:e].strip()
        last = e
