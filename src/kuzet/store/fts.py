"""Full-text search keys shared by the index and the query, on SQLite and PostgreSQL.

Documents and queries go through the same :func:`keyed` function, so a search in any of
the ten languages meets the text whatever its spelling: :func:`kuzet.text.normalize.normalize`
with ``fold=True`` (case, Arabic letter forms, ``қ``/``к``, ``ş``/``s``...), Arabic
diacritics stripped, compatibility forms decomposed and marks dropped, and apostrophes
removed inside words so ``Oʻzbekiston``, ``O'zbekiston`` and ``Ozbekiston`` are one word.
Tokens are runs of letters and digits. Arabic-script tokens are also indexed without
their proclitics (``و``, ``ب``, ``ل``, ``ال``...), so ``القاهرة`` finds ``والقاهرة``.

The tokens are prepared here and handed to the database verbatim (joined by spaces for
FTS5, as a lexeme array for PostgreSQL), so both backends index exactly the same words
and no text from an article ever reaches a query parser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kuzet.text.normalize import normalize, strip_arabic_diacritics

_TOKEN = re.compile(r"[^\W_]+")
_APOSTROPHE = "'"
# Arabic proclitics, longest first: conjunction/preposition + article, then alone.
_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_MIN_STEM = 3
# Query tokens at least this long match as prefixes (Kazakh, Uzbek and Russian endings).
PREFIX_MIN = 3
MAX_QUERY_TERMS = 16
# Longer "words" are not language (base64, URLs run together); PostgreSQL also caps
# lexemes at 2 KB, so they are left out of the index on both backends.
MAX_TOKEN = 64


@dataclass(frozen=True)
class Keyed:
    """Search key of a text: the key string and, per key character, its original offset."""

    text: str
    origin: tuple[int, ...]

    def tokens(self) -> list[tuple[str, int, int]]:
        """Tokens with their original ``(start, end)`` offsets."""
        out = []
        for m in _TOKEN.finditer(self.text):
            start = self.origin[m.start()]
            end = self.origin[m.end() - 1] + 1
            out.append((m.group(), start, end))
        return out


@lru_cache(maxsize=4096)
def _char_key(ch: str) -> str:
    """Key of one normalised character: compatibility-decomposed, marks dropped."""
    if ch.isascii():
        return "" if ch == _APOSTROPHE else ch
    key = ch
    # Decomposition can reveal characters normalize() changes (a ligature's tatweel,
    # a presentation form's alef with hamza): repeat until nothing changes.
    for _ in range(4):
        new = "".join(_decompose(c) for c in normalize(key, fold=True).text)
        if new == key:
            break
        key = new
    return key


def _decompose(ch: str) -> str:
    # normalize() already deleted the harakat; stripping again keeps the promise local
    if ch == _APOSTROPHE or not strip_arabic_diacritics(ch):
        return ""
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    if len(kept) > 1 and not _TOKEN.fullmatch(kept):
        return ch  # "¼" → "1⁄4" would split one character into two words
    return kept.lower()


def keyed(text: str) -> Keyed:
    """The search key of ``text`` with offsets back into ``text``."""
    n = normalize(text, fold=True)
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(n.text):
        key = _char_key(ch)
        if not key:
            continue
        o = n.to_original(i)
        out.append(key)
        origin.extend([o] * len(key))
    return Keyed("".join(out), tuple(origin))


def _is_arabic(token: str) -> bool:
    return "\u0600" <= token[0] <= "\u06ff"


def variants(token: str) -> list[str]:
    """The token and, for Arabic script, the token without its proclitics."""
    out = [token]
    if _is_arabic(token):
        for p in _PROCLITICS:
            if token.startswith(p) and len(token) - len(p) >= _MIN_STEM:
                out.append(token[len(p):])
    return out


def index_terms(text: str) -> list[str]:
    """Every term indexed for ``text`` (tokens and their variants, in order)."""
    terms: list[str] = []
    for token, _, _ in keyed(text).tokens():
        if len(token) <= MAX_TOKEN:
            terms.extend(variants(token))
    return terms


def query_terms(query: str) -> list[str]:
    """Distinct query terms, in order, at most :data:`MAX_QUERY_TERMS`."""
    seen: dict[str, None] = {}
    for token, _, _ in keyed(query).tokens():
        if len(token) <= MAX_TOKEN:
            seen.setdefault(token, None)
    return list(seen)[:MAX_QUERY_TERMS]


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term, long ones as prefixes (terms are letters only)."""
    parts = [f'"{t}"*' if len(t) >= PREFIX_MIN else f'"{t}"' for t in terms]
    return " AND ".join(parts)


def pg_tsquery(terms: list[str]) -> str:
    """A PostgreSQL tsquery literal in the same sense as :func:`fts5_match`."""
    parts = [f"'{t}':*" if len(t) >= PREFIX_MIN else f"'{t}'" for t in terms]
    return " & ".join(parts)


def term_matches(term: str, token: str) -> bool:
    """Whether a query term matches an indexed token (or one of its variants)."""
    long = len(term) >= PREFIX_MIN
    return any(v.startswith(term) if long else v == term for v in variants(token))


def snippet(doc: str, terms: list[str], width: int = 160) -> str:
    """A window of ``doc`` around the first matching word, the matches between « and »."""
    tokens = keyed(doc).tokens()
    hits = [(s, _after_marks(doc, e)) for tok, s, e in tokens
            if any(term_matches(t, tok) for t in terms)]
    if not hits:
        return _clip(doc[:width].replace("\n", " "), 0, len(doc) > width)
    first = hits[0][0]
    lo = max(0, first - width // 3)
    hi = min(len(doc), lo + width)
    pieces = []
    pos = lo
    for s, e in hits:
        if s < pos or e > hi:
            continue
        pieces.append(doc[pos:s])
        pieces.append("«" + doc[s:e] + "»")
        pos = e
    pieces.append(doc[pos:hi])
    return _clip("".join(pieces).replace("\n", " "), lo, hi < len(doc))


def _after_marks(doc: str, end: int) -> int:
    """Extend a word's end over the diacritics that follow its last letter."""
    while end < len(doc) and (unicodedata.category(doc[end]) == "Mn" or doc[end] == "\u0640"):
        end += 1
    return end


def _clip(text: str, lo: int, more: bool) -> str:
    text = " ".join(text.split())
    return ("…" if lo > 0 else "") + text + ("…" if more else "")
