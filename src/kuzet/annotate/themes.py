"""The themes stage: twelve preventive-diplomacy themes found by editable lexicons.

Each language has one tab-separated lexicon in ``kuzet/data/lexicons/themes/<lang>.tsv``
(format in that folder's README.md): ``theme, term, weight, rules``. Terms are matched on
``normalize(article.doc, fold=True)`` with word boundaries; ``*`` stands for any word
continuation (an inflection), so ``водохранилищ*`` matches every case form. A theme applies
when the weights of its *distinct* matched terms add up to :data:`THRESHOLD`; its score is
that sum and its evidence is the spans of the matched words in ``article.doc``.

Matching is Aho-Corasick on each term's literal head, then an anchored regex check of the
whole term, so the cost grows with the text, not with the size of the lexicons.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from kuzet.errors import KuzetError
from kuzet.model import Annotations, Article, Span, Theme
from kuzet.text import translit
from kuzet.text.normalize import Normalized, fold, normalize

THEMES: tuple[str, ...] = (
    "water", "environment", "terrorism", "drugs", "afghanistan", "border",
    "unrest", "governance", "military", "diplomacy", "economy", "migration",
)
NEGATIVE = "not"  # pseudo-theme: its matches cancel any theme match they overlap
LANGUAGES: tuple[str, ...] = ("ru", "kk", "ky", "uz", "tg", "tk", "fa", "ps", "ar", "en")
SCRIPTS: dict[str, tuple[str, ...]] = {
    "Cyrl": ("ru", "kk", "ky", "uz", "tg"),
    "Latn": ("en", "uz", "tk"),
    "Arab": ("ar", "fa", "ps"),
}
LEXICON_DIR = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "themes"

THRESHOLD = 1.0  # one strong term, or two weak ones; the same for every language
WINDOW = 80  # characters either side searched by near:/unless: rules
MAX_EVIDENCE = 8  # spans kept per theme: enough to prove it, small enough to read
MIN_HEAD = 3  # shortest literal head: shorter ones fire inside too many words
MIN_STEM = 4  # shortest literal before a trailing '*'

# Arabic clitics glued to the next word (conjunctions, prepositions, the article).
_AR_PREFIXES = frozenset({
    "و", "ف", "ب", "ك", "ل", "ال", "وال", "بال", "فال", "كال", "لل", "ولل", "فلل",
    "وب", "ول", "فب", "فل", "وك", "س", "وس",
})
PREFIXES: dict[str, frozenset[str]] = {"ar": _AR_PREFIXES}

# Whitespace and hyphens all become one space (1:1, offsets kept) so "cross-border",
# "cross border" and a phrase broken over a line meet the same lexicon key.
_WS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " ", "-": " "})
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ps"})


def _spaces(text: str) -> str:
    """``text`` with line breaks, tabs and hyphens as spaces (C-speed replaces)."""
    for ch in "\n\r\t-\u2028\u2029":
        if ch in text:
            text = text.replace(ch, " ")
    return text


@dataclass(frozen=True)
class Term:
    """One lexicon entry, compiled."""

    theme: str
    pattern: str  # folded, as matched
    weight: float
    lang: str
    line: int
    head: str  # literal text before the first '*': the Aho-Corasick key
    regex: re.Pattern[str]  # the whole term, anchored at the head's start
    free_left: bool  # pattern began with '*': no left word boundary
    near: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None


def _term_regex(pattern: str) -> str:
    parts = []
    for token in pattern.split(" "):
        parts.append(r"\w*".join(re.escape(p) for p in token.split("*")))
    body = " ".join(parts)
    return body if pattern.endswith("*") else body + r"(?![\w])"


def _context_regex(words: str) -> re.Pattern[str]:
    alts = [_term_regex(fold(w.strip()).translate(_WS)).removesuffix(r"(?![\w])")
            for w in words.split("|")]
    return re.compile("|".join(a for a in alts if a))


def parse_line(raw: str, lang: str, line: int) -> Term | str | None:
    """One lexicon line as a :class:`Term`, an error message, or None for blanks."""
    text = raw.rstrip("\n").rstrip("\r")
    if not text.strip() or text.lstrip().startswith("#"):
        return None
    cols = text.split("\t")
    if len(cols) < 3 or len(cols) > 4:
        return f"expected 3 or 4 tab-separated columns, got {len(cols)}"
    theme, term, weight_s = (c.strip() for c in cols[:3])
    if theme not in THEMES and theme != NEGATIVE:
        return f"unknown theme {theme!r}"
    try:
        weight = float(weight_s)
    except ValueError:
        return f"bad weight {weight_s!r}"
    if not 0 < weight <= 5:
        return f"weight {weight} outside (0, 5]"
    pattern = " ".join(fold(term).translate(_WS).split())
    if not pattern or "**" in pattern:
        return f"bad term {term!r}"
    free_left = pattern.startswith("*")
    core = pattern.lstrip("*")
    head = core.split("*", 1)[0]
    # A whole word cannot fire inside another, so two letters are enough ("су", "UN").
    if len(head.strip()) < (MIN_HEAD if "*" in core else 2):
        return f"term {term!r}: literal head {head!r} shorter than {MIN_HEAD} characters"
    min_stem = MIN_STEM - 1 if lang in _ARABIC_SCRIPT else MIN_STEM  # no written vowels
    if core.endswith("*") and "*" not in core[:-1] and " " not in core and len(head) < min_stem:
        return f"term {term!r}: stem shorter than {MIN_STEM} characters fires inside common words"
    near = unless = None
    for rule in (cols[3].split(";") if len(cols) == 4 else []):
        key, _, value = rule.strip().partition(":")
        if not key:
            continue
        if key not in ("near", "unless") or not value.strip():
            return f"bad rule {rule.strip()!r} (use near:a|b or unless:a|b)"
        if any(len(fold(w).strip(" *")) < MIN_HEAD for w in value.split("|")):
            return f"rule {rule.strip()!r}: context word shorter than {MIN_HEAD} characters"
        if key == "near":
            near = _context_regex(value)
        else:
            unless = _context_regex(value)
    return Term(theme, pattern, weight, lang, line, head, re.compile(_term_regex(core)),
                free_left, near, unless)


# Uzbek Cyrillic spelling of the Latin lexicon, so one file serves both scripts.
_UZ_DIGRAPHS = (("o'", "ў"), ("g'", "ғ"), ("sh", "ш"), ("ch", "ч"), ("yo", "ё"),
                ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("ts", "ц"))
_UZ_LETTERS = str.maketrans({
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ",
    "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з",
    "'": "ъ", "c": "с",
})


def uz_cyrillic(latin: str) -> str:
    """Uzbek Latin term spelled in Uzbek Cyrillic (word-initial e becomes э)."""
    text = re.sub(r"(?<![\w'])e", "э", latin.lower())
    for src, dst in _UZ_DIGRAPHS:
        text = text.replace(src, dst)
    return text.translate(_UZ_LETTERS)


def _variant_lines(raw: str, lang: str) -> list[str]:
    """Other spellings of one lexicon line: Turkic voicing, Uzbek Cyrillic, Kazakh Latin,
    Pashto gaf."""
    voiced = _voiced_line(raw, lang)
    if lang == "uz":
        return [_uz_cyrillic_line(raw)]
    if lang == "kk":  # Kazakh is also published in Latin (several alphabets in use)
        bases = [raw, *voiced]
        return voiced + [_translit_line(b, table) for b in bases for table in translit.KK_LATIN]
    if lang in ("ps", "fa") and "ګ" in raw:
        return [raw.replace("ګ", "گ")]  # Pashto ګ is often typed as Persian گ
    return voiced


# Turkmen, Kyrgyz and Kazakh voice a stem's final k/q/p before a vowel suffix:
# duşuşyk -> duşuşygy, коопсуздук -> коопсуздугу, ынтымақтастық -> ынтымақтастығы.
_VOICING: dict[str, dict[str, str]] = {
    "tk": {"k": "g", "p": "b"},
    "ky": {"к": "г", "п": "б"},
    "kk": {"к": "г", "қ": "ғ", "п": "б"},
}


def _voiced_line(raw: str, lang: str) -> list[str]:
    """The line with its stem's final consonant voiced, when the term is a ``stem*``."""
    cols = raw.split("\t")
    term = cols[1].strip() if len(cols) > 1 else ""
    voiced = _VOICING.get(lang, {}).get(term[-2:-1].lower()) if term.endswith("*") else None
    if not voiced or len(term) < 3 or not term[-3].isalpha():
        return []
    cols[1] = term[:-2] + voiced + "*"
    return ["\t".join(cols)]


def _translit_line(raw: str, table: dict[int, str]) -> str:
    return _map_line(raw, lambda t: t.lower().translate(table))


def _uz_cyrillic_line(raw: str) -> str:
    return _map_line(raw, uz_cyrillic)


def _map_line(raw: str, convert: Callable[[str], str]) -> str:
    """A lexicon line with its term and rule words respelled by ``convert``."""
    cols = raw.split("\t")
    cols[1] = convert(cols[1])
    if len(cols) > 3:
        rules = [r.partition(":") for r in cols[3].split(";")]
        cols[3] = ";".join(k + sep + convert(v) for k, sep, v in rules)
    return "\t".join(cols)


def lexicon_paths() -> dict[str, Path]:
    """The shipped lexicon file of each language that has one."""
    return {p.stem: p for p in sorted(LEXICON_DIR.glob("*.tsv")) if p.stem in LANGUAGES}


def read_lexicon(path: Path, lang: str) -> tuple[list[Term], list[str]]:
    """Compiled terms of one lexicon file and the problems found in it."""
    terms: list[Term] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parsed = parse_line(raw, lang, n)
        if parsed is None:
            continue
        if isinstance(parsed, str):
            errors.append(f"{path.name}:{n}: {parsed}")
            continue
        variants = [parsed]
        for alt in _variant_lines(raw, lang):
            extra = parse_line(alt, lang, n)
            if isinstance(extra, Term) and extra.pattern not in {v.pattern for v in variants}:
                variants.append(extra)
        key = (parsed.theme, parsed.pattern)
        if key in seen:
            errors.append(f"{path.name}:{n}: duplicate of line {seen[key]} ({parsed.pattern!r})")
            continue
        seen[key] = n
        terms.extend(variants)
    return terms, errors


def check() -> list[str]:
    """Problems in the shipped theme lexicons (empty when they are valid)."""
    paths = lexicon_paths()
    errors = [f"themes: no lexicon for language {lang!r}" for lang in LANGUAGES
              if lang not in paths]
    for lang, path in paths.items():
        terms, errs = read_lexicon(path, lang)
        errors.extend(f"themes/{e}" for e in errs)
        missing = set(THEMES) - {t.theme for t in terms}
        if missing:
            errors.append(f"themes/{path.name}: no terms for {', '.join(sorted(missing))}")
    return errors


# A hit: (start, -end, order, theme, pattern, weight). Tuples sort by start, longest first,
# then in lexicon order, with no key function.
_Hit = tuple[int, int, int, str, str, float]
_Rx = re.Pattern[str] | None
# The rare checks of a term: (literal head to verify, regex, near, unless, negative?).
_Checks = tuple[str | None, _Rx, _Rx, _Rx, bool]
# One term under one automaton key: (kind, head length, checks or None, order, theme,
# pattern, weight). Plain tuples: attribute lookups cost more than the checks.
_Entry = tuple[int, int, _Checks | None, int, str, str, float]
_WHOLE, _STEM, _REGEX = 0, 1, 2  # ends at a word boundary / takes any ending / needs regex


@lru_cache(maxsize=1)
def _non_word() -> re.Pattern[str]:
    """Every non-word character but space and apostrophe, as one explicit class."""
    # An explicit class compiles to a bitmap: one lookup a character, twice as fast as
    # [^\w '], which asks the Unicode database about every character of the text.
    # Characters beyond the BMP (emoji, rare scripts) all count as non-word.
    ranges: list[str] = []
    begin = -1
    for code in range(0x10001):
        ch = chr(code) if code < 0x10000 else "a"
        if code < 0x10000 and not (ch.isalnum() or ch in "_ '"):
            if begin < 0:
                begin = code
        elif begin >= 0:
            ranges.append(re.escape(chr(begin)) + "-" + re.escape(chr(code - 1)))
            begin = -1
    return re.compile("[" + "".join(ranges) + "\U00010000-\U0010ffff]")


def _marked(spaced: str) -> str:
    """``spaced`` with every word boundary a space, padded by one space each side.

    Only word characters and word-internal apostrophes (Uzbek o'z) stay, so keys that begin
    with a space hit at word starts only, and the automaton leaves its root at word starts
    only (a small trie walk instead of one from every letter). Offsets shift by one.
    """
    text = " " + _non_word().sub(" ", spaced) + " "
    if "'" in text:  # an apostrophe after a non-word character is a quote: a boundary
        while " '" in text or "''" in text:
            text = text.replace(" '", "  ").replace("''", "' ")
    return text


def _keys(term: Term, index: int) -> list[tuple[str, _Entry]]:
    """The automaton keys of one term, each with its entry."""
    core = term.pattern.lstrip("*")
    if "*" not in core:
        kind = _WHOLE
    elif core.index("*") == len(core) - 1:
        kind = _STEM
    else:
        kind = _REGEX
    head = term.head
    # Phrases and heads with punctuation are verified against the real text: a comma
    # between two words is a space in the marked text, but must not join a phrase.
    literal = head if _marked(head) != f" {head} " or " " in head else None
    lefts: tuple[str, ...] = ("",)
    if not term.free_left:
        lefts = tuple(" " + p for p in ("", *sorted(PREFIXES.get(term.lang, ()))))
    order = len(head) * 1_000_000 + index  # ties as before: shorter head, then line
    checks: _Checks | None = (literal, term.regex if kind == _REGEX else None, term.near,
                              term.unless, term.theme == NEGATIVE)
    if checks == (None, None, None, None, False):
        checks = None
    entry: _Entry = (kind, len(head), checks, order, term.theme, term.pattern, term.weight)
    key = _marked(head)[1:-1]
    return [(left + key, entry) for left in lefts]


@dataclass
class _Matcher:
    terms: list[Term]
    automaton: Any

    @classmethod
    def build(cls, terms: list[Term]) -> _Matcher:
        """An automaton over the boundary-marked heads of ``terms``."""
        auto = ahocorasick.Automaton()
        by_key: dict[str, list[_Entry]] = {}
        for i, term in enumerate(terms):
            for key, entry in _keys(term, i):
                by_key.setdefault(key, []).append(entry)
        for key, entries in by_key.items():
            auto.add_word(key, tuple(entries))
        if by_key:
            auto.make_automaton()
        return cls(terms, auto if by_key else None)

    def hits(self, spaced: str) -> tuple[list[_Hit], list[tuple[int, int]]]:
        """Hits in ``spaced`` (see :func:`_spaces`) and the spans of negative terms."""
        found: list[_Hit] = []
        blocked: list[tuple[int, int]] = []
        if self.automaton is None:
            return found, blocked
        marked = _marked(spaced)
        find = marked.find
        apostrophes = "'" in marked
        for end_idx, entries in self.automaton.iter(marked):
            for kind, n, checks, order, theme, pattern, weight in entries:
                start = end_idx - n  # marked offsets are one more than spaced ones
                if kind == _STEM:  # the word goes on to the next space (or apostrophe)
                    end = find(" ", end_idx + 1) - 1
                    if apostrophes and (cut := find("'", end_idx + 1, end + 1)) >= 0:
                        end = cut - 1
                elif kind == _WHOLE:
                    nxt = marked[end_idx + 1]
                    if nxt != " " and nxt != "'":
                        continue
                    end = start + n
                else:
                    m = checks[1].match(spaced, start)  # type: ignore[index, union-attr]
                    if m is None:
                        continue
                    end = m.end()
                if checks is not None:
                    literal, _rx, near, unless, negative = checks
                    if literal is not None and not spaced.startswith(literal, start):
                        continue
                    if near is not None or unless is not None:
                        window = spaced[max(0, start - WINDOW): end + WINDOW]
                        if near is not None and not near.search(window):
                            continue
                        if unless is not None and unless.search(window):
                            continue
                    if negative:
                        blocked.append((start, end))
                        continue
                found.append((start, -end, order, theme, pattern, weight))
        return found, blocked

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, pattern) in normalised ``text``, for inspection and tests."""
        found, _ = self.hits(_spaces(text))
        return sorted((s, -ne, p) for s, ne, _o, _t, p, _w in found)


# Gazetteer kinds and actor words that support a theme when earlier stages found them.
_PLACE_THEMES: dict[str, tuple[str, float]] = {
    "river": ("water", 0.5), "dam": ("water", 1.0), "canal": ("water", 1.0),
}


def _found_evidence(found: Annotations) -> list[tuple[int, int, str, str, float]]:
    out: list[tuple[int, int, str, str, float]] = []
    for p in found.places:
        if p.kind in _PLACE_THEMES:
            theme, weight = _PLACE_THEMES[p.kind]
            out.append((p.start, p.end, theme, "place:" + p.name, weight))
    taliban = _TALIBAN
    for a in found.actors:
        # the same few actors recur in every text: their test is remembered by id and name
        key = (a.id, a.name)
        is_taliban = taliban.get(key)
        if is_taliban is None:
            is_taliban = "taliban" in a.id.lower() or "taliban" in a.name.lower()
            if len(taliban) < 4096:
                taliban[key] = is_taliban
        if is_taliban:
            out.append((a.start, a.end, "afghanistan", "actor:taliban", 1.0))
    return out


# (actor id, name) -> whether it is the Taliban, filled as actors are met (bounded)
_TALIBAN: dict[tuple[str, str], bool] = {}


def _original(norm: Normalized, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Normalised spans as spans of the original text (bisect, not a full position table)."""
    deleted = norm.deleted
    if not deleted:
        return spans
    out = []
    for s, e in spans:
        out.append((_to_original(deleted, s), _to_original(deleted, e - 1) + 1))
    return out


def _to_original(deleted: tuple[int, ...], i: int) -> int:
    # The original index o of kept character i satisfies o == i + #(deleted <= o); iterate
    # from below to the least such o, which is never itself deleted.
    o = i
    while True:
        nxt = i + bisect_right(deleted, o)
        if nxt == o:
            return o
        o = nxt


def score_themes(doc: str, matcher: _Matcher, found: Annotations | None = None) -> list[Theme]:
    """The themes of one document: distinct-term weights summed and thresholded."""
    norm = normalize(doc, fold=True)
    hits, blocked = matcher.hits(_spaces(norm.text))
    spans: dict[str, list[tuple[int, int]]] = {}
    reach: dict[str, int] = {}  # per theme, the end of the furthest span counted so far
    weights: dict[str, dict[str, float]] = {}
    hits.sort()
    for s, neg_end, _order, theme, pattern, weight in hits:
        e = -neg_end
        if s < reach.get(theme, -1):
            continue  # hits come by start, so this overlaps words already counted
        if blocked and any(bs < e and s < be for bs, be in blocked):
            continue
        reach[theme] = e
        if theme in weights:
            weights[theme][pattern] = weight
            spans[theme].append((s, e))
        else:
            weights[theme] = {pattern: weight}
            spans[theme] = [(s, e)]
    scores: dict[str, float] = {}  # lexicon score of each theme that reaches the threshold
    for theme, terms in weights.items():
        score = sum(terms.values())
        if score + 1e-9 < THRESHOLD:
            continue
        # Weak words need company only when strong words alone miss the threshold (the
        # cheap C-level tests first: most themes have one term or only strong ones).
        if len(terms) > 1 and min(terms.values()) < THRESHOLD and sum(
                w for w in terms.values() if w >= THRESHOLD) + 1e-9 < THRESHOLD:
            counted: dict[tuple[int, int], tuple[str, float] | None] = dict.fromkeys(
                spans[theme])
            for s, ne, _o, t, p, w in hits:  # the first hit of a span is the one counted
                if t == theme and counted.get((s, -ne), 0) is None:
                    counted[(s, -ne)] = (p, w)
            seq = [(s, e, *pw) for (s, e), pw in counted.items() if pw is not None]
            weights[theme], spans[theme] = terms, _ = _sentence_support(norm.text, seq)
            score = sum(terms.values())
        scores[theme] = score
    extra = _found_evidence(found) if found is not None else []
    if extra:
        spans = {theme: _original(norm, got) for theme, got in spans.items()}
        for s, e, theme, key, weight in extra:
            if any(ps < e and s < pe for ps, pe in spans.get(theme, [])):
                continue  # the lexicon already counted these words
            weights.setdefault(theme, {})[key] = weight
            spans.setdefault(theme, []).append((s, e))
    if extra:  # found evidence may lift any theme, so every sum is taken again
        scores = {theme: sum(terms.values()) for theme, terms in weights.items()}
    themes = []
    for theme, score in scores.items():
        if score + 1e-9 < THRESHOLD:
            continue
        got = spans[theme]
        if extra:
            kept = sorted(set(got))[:MAX_EVIDENCE]
        else:  # counted spans come in order and never overlap: no sort needed
            kept = _original(norm, got[:MAX_EVIDENCE])
        themes.append(_theme(theme, round(score, 4), tuple([_span(a, b, doc) for a, b in kept])))
    return sorted(themes, key=lambda t: (-t.score, t.id))


# A sentence ends at . ! ? (Latin, Arabic, Armenian-style) or a paragraph break.
_SENTENCE_END = re.compile(r"[.!?\u061f\u06d4\u0589]\s|\n")


def _sentence_support(
    text: str, seq: list[tuple[int, int, str, float]],
) -> tuple[dict[str, float], list[tuple[int, int]]]:
    """The weights and spans of one theme counting a weak term only beside another term.

    The guideline applies a theme when one sentence is about it: a supporting word
    (weight below the threshold) alone in its sentence is a passing mention, so it counts
    only when another distinct term of the theme shares its sentence.
    """
    keep: dict[str, float] = {}
    spans: list[tuple[int, int]] = []
    n = len(seq)
    # The nearest other term on each side (a farther one crosses the same sentence end),
    # found in one pass each way: a run of one term shares its neighbours.
    left: list[int] = [-1] * n
    right: list[int] = [n] * n
    for i in range(1, n):
        left[i] = i - 1 if seq[i - 1][2] != seq[i][2] else left[i - 1]
    for i in range(n - 2, -1, -1):
        right[i] = i + 1 if seq[i + 1][2] != seq[i][2] else right[i + 1]
    for i, (s, e, pattern, weight) in enumerate(seq):
        ok = weight + 1e-9 >= THRESHOLD
        if not ok and left[i] >= 0:
            ok = not _SENTENCE_END.search(text, seq[left[i]][1], s)
        if not ok and right[i] < n:
            ok = not _SENTENCE_END.search(text, e, seq[right[i]][0])
        if ok:
            keep[pattern] = weight
            spans.append((s, e))
    return keep, spans


def _span(start: int, end: int, doc: str) -> Span:
    """``Span(start, end, doc[start:end])`` without the frozen-dataclass ``__init__``."""
    # Span() and Theme() pay three object.__setattr__ calls each, a third of this stage's
    # time on a 3 KB text; filling the instance dict gives an equal, equally frozen object.
    span: Span = object.__new__(Span)
    fields = span.__dict__
    fields["start"] = start
    fields["end"] = end
    fields["text"] = doc[start:end]
    return span


def _theme(theme: str, score: float, evidence: tuple[Span, ...]) -> Theme:
    """``Theme(theme, score, evidence)``, built as :func:`_span` builds a Span."""
    made: Theme = object.__new__(Theme)
    fields = made.__dict__
    fields["id"] = theme
    fields["score"] = score
    fields["evidence"] = evidence
    return made


def load_terms(langs: Iterable[str]) -> list[Term]:
    """Compiled terms of the given languages; raises K160 on an invalid lexicon."""
    paths = lexicon_paths()
    terms: list[Term] = []
    for lang in langs:
        if lang not in paths:
            continue
        got, errors = read_lexicon(paths[lang], lang)
        if errors:
            raise KuzetError("K160", f"themes/{lang}.tsv", "; ".join(errors[:3]))
        terms.extend(got)
    return terms


def make_stage() -> Callable[[Article, Annotations], Mapping[str, Any]]:
    """Build the themes stage (lexicons loaded and compiled once, here)."""
    per_lang = {lang: load_terms([lang]) for lang in lexicon_paths()}
    matchers: dict[tuple[str, ...], _Matcher] = {}

    def matcher_for(article: Article) -> _Matcher:
        lang = (article.language or "").split("-")[0].lower()
        langs = (lang,) if lang in per_lang else SCRIPTS.get(article.script or "", LANGUAGES)
        if langs not in matchers:
            matchers[langs] = _Matcher.build([t for x in langs for t in per_lang.get(x, [])])
        return matchers[langs]

    def stage(article: Article, found: Annotations) -> Mapping[str, Any]:
        return {"themes": tuple(score_themes(article.doc, matcher_for(article), found))}

    return stage
