"""Plain-text layout: paragraphs, and the header lines news items start with.

Copied news items usually begin like the reference article: a title line, a date line,
an author line (in either order), sometimes a "print"/"share" line, then the body. The
header is read from the first few short lines only; anything that does not look like a
header line ends it, so body text is never taken for metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from kuzet.text.boilerplate import is_boilerplate
from kuzet.text.dates import parse_published

MAX_TITLE = 300
MAX_HEADER_LINE = 100
HEADER_LINES = 5

# "By ...", "Автор: ..." — an explicit author line in any of the ten languages.
_AUTHOR_PREFIX = re.compile(
    r"^\s*(?:by|author|written by|автор|авторы|автори|текст|muallif|avtor|awtor|"
    r"муаллиф|муаллифи|بقلم|كتب|كتبت|نویسنده|نوشته|لیکوال|ليکوال)\s*[:：\-–—]?\s+",
    re.IGNORECASE,
)
_NOT_NAME = re.compile(r"[\d!?:;،؛؟«»\"()\[\]{}|/@#%=+*<>]")
_SENTENCE_END = re.compile(r"[.!?؟。]\s*$")


@dataclass
class Layout:
    """What the header of a plain-text item says, and where its body starts."""

    title: str = ""
    published: datetime | None = None
    author: str | None = None
    body: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: one per line, or per block when lines are hard-wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n[ \t\u00a0]*\n", text) if b.strip()]
    multi = [b for b in blocks if b.strip().count("\n") > 0]
    lines = [ln for ln in text.split("\n") if ln.strip()]
    # Hard-wrapped text (e-mail style): most blocks span several short lines of similar
    # length; joining them restores the paragraphs.
    if blocks and len(multi) * 2 > len(blocks) and lines and max(map(len, lines)) <= 100 \
            and sum(map(len, lines)) / len(lines) > 50:
        return [" ".join(ln.strip() for ln in b.split("\n") if ln.strip()) for b in blocks]
    return [" ".join(ln.split()) for ln in lines]


def looks_like_name(line: str) -> bool:
    """True for a short line that could be a person's name (no digits or sentence marks)."""
    words = line.split()
    return (
        1 <= len(words) <= 5
        and len(line) <= 60
        and not _NOT_NAME.search(line)
        and not _SENTENCE_END.search(line)
        # every word capitalised (or from a script without case, like Arabic)
        and all(w[0].isalpha() and not w[0].islower() for w in words)
    )


def _author(line: str) -> str | None:
    m = _AUTHOR_PREFIX.match(line)
    if m:
        rest = line[m.end():].strip(" ,.")
        names = [n.strip() for n in re.split(r",| and | и | و ", rest) if n.strip()]
        return rest if names and all(looks_like_name(n) for n in names) else None
    return None


def _looks_like_title(line: str) -> bool:
    if len(line) > MAX_TITLE or (len(line) > 150 and _SENTENCE_END.search(line)):
        return False  # a body paragraph
    letters = sum(1 for c in line if c.isalpha())
    return len(line) >= 8 and letters * 2 >= len(line)


def read_layout(paragraphs: list[str], language: str | None, with_title: bool = True) -> Layout:
    """Title, date, author and header boilerplate of a plain-text item, and its body."""
    out = Layout()
    i = 0
    if with_title and len(paragraphs) >= 2 and _looks_like_title(paragraphs[0]):
        first = paragraphs[0]
        if not is_boilerplate(first) and parse_published(first, language) is None:
            out.title = first
            i = 1
    pending: int | None = None  # index of a name seen before the date line
    boiler_at: list[int] = []
    seen = 0
    while i < len(paragraphs) and seen < HEADER_LINES:
        line = paragraphs[i]
        if len(line) > MAX_HEADER_LINE:
            break
        if is_boilerplate(line):
            boiler_at.append(i)
        elif out.published is None and (date := parse_published(line, language)):
            out.published = date
            if pending is not None and out.author is None:
                out.author = paragraphs[pending]
                pending = None
        elif out.author is None and (name := _author(line)):
            out.author = name
        elif out.author is None and pending is None and looks_like_name(line):
            if out.published is not None:
                out.author = line
            else:
                pending = i
        else:
            break
        i += 1
        seen += 1
    if pending is not None:
        i = pending  # a name without a date line is not a byline: it stays in the body
    out.boilerplate = [paragraphs[j] for j in boiler_at if j < i]
    out.body = paragraphs[i:]
    return out
