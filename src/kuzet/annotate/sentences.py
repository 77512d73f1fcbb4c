"""Sentence splitting with offsets, for the ten languages Kuzet reads.

Rule-based on purpose: news prose in Cyrillic, Latin and Arabic script ends sentences
with ``. ! ? … ؟ ۔`` or a line break, and the few traps (initials, abbreviations such
as ``г.``, ``т.е.``, ``U.S.``, decimal numbers) are cheap to recognise. A statistical
splitter would cost more than the rest of the events stage.
"""

from __future__ import annotations

import re

# Words after which a period does not end a sentence (lower case, without the period).
_ABBREVIATIONS = frozenset(
    """
    г гг ул д им т е п пр др см стр обл р-н р-на р рис тыс млн млрд руб долл сом тг
    ж жж б б.а млн. млрд. ш с шаҳ н
    mr mrs ms dr prof gen col lt sgt st vs etc no jan feb mar apr jun jul aug sep sept
    oct nov dec inc ltd co corp jr sr rep sen gov u.s u.n e.g i.e
    y yil mln mlrd
    """.split()
)

# A candidate boundary: terminal punctuation (with closing quotes/brackets) then space,
# or a line break.
_BOUNDARY = re.compile(r"[.!?…؟۔]+[\"'»”)\]]*(?=\s)|\n+")


def split(text: str) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group()[0] != "\n" and not _ends_sentence(text, m.start(), end):
            continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    """Whether the punctuation at ``dot`` really closes a sentence."""
    if text[dot] != ".":
        return True
    # the word before the period
    i = dot
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    word = text[i:dot].lower().lstrip("(\"'«“")
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "A. Smith", "С. Жапаров"
    if word in _ABBREVIATIONS:
        return False
    # the next visible character: a lower-case letter continues the sentence
    j = after
    while j < len(text) and text[j] in " \t":
        j += 1
    return not (j < len(text) and text[j].islower())


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
