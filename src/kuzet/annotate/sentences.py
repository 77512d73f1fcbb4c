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
# Written to start with a character class: re then skips ahead at C speed to candidate
# characters, where an alternation at the top level is tried at every position (4x slower).
# Terminal punctuation takes the line break after it in the same match: a paragraph end
# is then one boundary, not two (the second enclosing only whitespace).
_BOUNDARY = re.compile(
    r"[.!?…؟۔\n](?:(?<=\n)\n*|(?<!\n)[.!?…؟۔]*[\"'»”)\]]*(?=\s)(?:[ \t]*\n+)?)")


def split(text: str) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    ends_sentence = _ends_sentence
    for m in _BOUNDARY.finditer(text):
        dot, end = m.span()
        # a line break always ends a sentence; a period before one needs no check
        if text[dot] == "." and text[end - 1] != "\n" and not ends_sentence(text, dot, end):
            continue
        # the piece since the last boundary, whitespace trimmed (inline: the hot path)
        piece = text[start:end]
        left = piece.lstrip()
        if left:
            first = end - len(left)
            spans.append((first, first + len(left.rstrip())))
        start = end
    _add(text, start, len(text), spans)
    return spans


_SPACE_AFTER = re.compile(r"[ \t]*")
_LONGEST = 7  # longer than any abbreviation with its opening bracket or quote


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    """Whether the period at ``dot`` really closes a sentence."""
    # the next visible character: a lower-case letter continues the sentence
    j = after
    if text.startswith(" ", j):  # the usual single space, without a regex call
        j += 1
    if text.startswith((" ", "\t"), j):
        m = _SPACE_AFTER.match(text, j)
        j = m.end() if m else j
    if text[j:j + 1].islower():
        return False
    # the word before the period, looked for only as far back as an abbreviation or an
    # initial can reach (str.rfind runs at C speed; this is the hot path)
    lo = max(0, dot - _LONGEST)
    i = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot), text.rfind("\t", lo, dot)) + 1
    if i == 0 and lo > 0:
        return True  # a word of seven letters or more: no abbreviation
    word = text[i:dot]
    if len(word) <= 1:
        return not word.isalpha()  # an initial: "A. Smith", "С. Жапаров"
    if len(word) <= 6:
        word = word.lower().lstrip("(\"'«“")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
    return True


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
