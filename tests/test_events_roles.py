"""Role cues found by one match at the fourth-last word agree with tries at each word."""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kuzet.annotate.roles import _WINDOW, _alternation, _cue_before, _role_terms, role_cues

_WORD = re.compile(r"[^\W_][^\W_]*")
LANGS = [("ru",), ("en",), ("ar",), ("fa",), ("tg",), ("ps",), ("ar", "en", "fa", "ru", "uz")]


def unfactored(langs: tuple[str, ...]) -> re.Pattern[str]:
    """The cues-before pattern as first written: a lookbehind in front of every term."""
    terms = _role_terms(langs)
    return re.compile(f"(?:(?P<about>{_alternation(terms['ABOUT']) or '(?!)'})"
                      f"|(?P<with>{_alternation(terms['WITH']) or '(?!)'}))"
                      r"[\W_]+(?:[^\W_]+[\W_]+)?$")


def reference(pattern: re.Pattern[str], text: str, lo: int, at: int) -> tuple[bool, ...] | None:
    """The earlier way: anchored tries at each of the last four word starts of the window."""
    for start in [m.start() for m in _WORD.finditer(text, lo, at)][-4:]:
        m = pattern.match(text, start, at)
        if m:
            return (m.group("about") is not None, m.group("with") is not None, m.start())
    return None


WORDS = ["situation in", "по поводу", "положение в", "در مورد", "issue of",
         "с", "со", "о", "об", "вопрос", "ситуации", "в", "with", "on", "the", "situation",
         "in", "مع", "وبمع", "الوضع", "في", "bilan", "haqida", "جونم", "ва", "Кабул",
         "Kabul", "1", "_", "'", "x", "ж", "سره", "د", "با", "درباره"]
SEPS = ["", " ", ", ", "-", " (", "\n", "'", "5", "»"]


@settings(max_examples=600, deadline=None)
@example([("x", ""), ("_", ""), ("с", " ")], ("ru",), 0)  # "_" is a word character
@example([("5", ""), ("مع", " ")], ("ar",), 0)  # a digit may precede Arabic clitics
@example([("положение в", " "), ("the", " ")], ("ru",), 0)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=14),
       st.sampled_from(LANGS), st.integers(0, 60))
def test_cue_before_matches_anchored_tries(parts: list[tuple[str, str]],
                                           langs: tuple[str, ...], cut: int) -> None:
    text = "".join(w + s for w, s in parts) + "Name"
    at = len(text) - 4
    cues = role_cues(langs)
    assert cues.before is not None  # every language in LANGS has cues before a name
    assert cues.skip is not None  # and every cue starts with a letter: the one-match search
    for lo in {max(0, at - _WINDOW), max(0, at - cut)}:
        want = reference(unfactored(langs), text, lo, at)
        for skip in (cues.skip, None):  # one match at the fourth-last word, or the tries
            got = _cue_before(cues.before, text, lo, at, None, skip)
            assert (None if got is None else (
                got.group("about") is not None, got.group("with") is not None)) == (
                None if want is None else want[:2]), (text, lo)
