"""Language-aware endings and clitics for matching names on folded text.

A gazetteer name is matched as a stem; what follows it up to the end of the word must be
an ending of its script (Russian, Kazakh, Kyrgyz and Tajik case endings for Cyrillic;
Uzbek, Turkmen, Turkish and English suffixes for Latin; Arabic, Persian and Pashto
suffixes for Arabic script), and what precedes it must be a word boundary or, in Arabic
script, one of the attached clitics (و ب ل ك ف ال وال فال ...). Every form here is
written naturally and folded once at import, exactly as the text is folded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from kuzet.text.normalize import fold


def _folded(forms: str) -> frozenset[str]:
    return frozenset(fold(f) for f in forms.split())


# Russian case endings of nouns, adjectives in -ск-, and demonyms in -ец/-цы.
_RU = _folded(
    "а я у ю е и ы ом ем ой ей ою ею ам ям ами ями ах ях ов ев ью ьи ье ьей ьем ьям "
    "ая ую ое ие ий ый ые ого ему ому ым им ых их ыми ими ей ое "
    "ский ская ское ские ского скому ском ских скими скую ской ским "
    "ец ца цу цем це цы цев цам цами цах ка ки ке ку кой цкий цкая цкой цкие цкого "
    "ийский ийская ийской ийские ийского ийскую ийском ийских ийским "
    "ане ан анам анами анах ин ина ину ином ине нин нина нину ниным"
)
# Kazakh and Kyrgyz (folded: no vowel-harmony letters left): derivation, plural,
# possessive and case slots combined.
_TURKIC_CYRL_DERIV = ("", "лык", "лик", "дык", "дик", "тык", "тик", "лук", "дук", "тук",
                      "дагы", "деги", "тагы", "теги", "догу", "тогу", "нын", "ын")
_TURKIC_CYRL_PLURAL = ("", "лар", "лер", "дар", "дер", "тар", "тер", "лор", "дор", "тор")
_TURKIC_CYRL_POSS = ("", "ы", "и", "сы", "си", "у", "су", "ын", "ин", "сын", "син", "мыз", "миз")
_TURKIC_CYRL_CASE = (
    "", "да", "де", "та", "те", "до", "то", "дан", "ден", "тан", "тен", "нан", "нен", "дон",
    "тон", "нон", "га", "ге", "ка", "ке", "го", "ко", "а", "е", "на", "не", "ны", "ни", "ды",
    "ди", "ты", "ти", "ну", "ду", "ту", "дын", "дин", "тын", "тин", "нын", "нин", "дун",
    "тун", "нун", "мен", "бен", "пен", "менен", "бенен", "пенен", "нда", "нде", "ндa", "нан",
    "ндагы", "ндеги", "ндан", "нден", "дагы", "деги", "ча", "че", "дай", "дей", "тай", "ша",
)
# Tajik: izofat, object marker, plural, enclitic "and", adjective -ӣ, possessives.
_TG = _folded("и ӣ ро ҳо ҳои ҳоро у ву аш ам ат ямон ашон иён иёни ӣ ро ҳоямон ю е я ия")

# Latin Turkic (Uzbek, Turkmen, Turkish, Kazakh Latin) and English suffixes.
_LATN_DERIV = ("", "lik", "lig", "li", "ly", "liq", "lyk", "lyg", "dagi", "daki", "deki",
               "daky", "dagy", "tagi", "taki", "teki", "ndagi", "ndaky", "ski", "i", "an")
_LATN_PLURAL = ("", "lar", "ler", "s", "es")
_LATN_POSS = ("", "i", "y", "si", "sy", "in", "yn", "nin", "nyn", "ning", "imiz", "ymyz")
_LATN_CASE = (
    "", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "ga", "ge", "ka", "ke", "qa",
    "a", "e", "ni", "ny", "na", "ne", "ning", "nin", "nyn", "nun", "yn", "in", "un", "ndan",
    "nden", "nda", "nde", "ya", "ye", "yi", "yu", "u", "dek", "cha", "gacha", "igacha",
    "om", "em", "u", "ie", "y", "dir", "dur", "dyr",
)


def _combine(*slots: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching every concatenation of one option per slot.

    Listing the product instead (about 200,000 strings, each folded) took most of a
    second at import; backtracking over the slots accepts exactly the same strings.
    """
    groups = ("(?:" + "|".join(re.escape(fold(o)) for o in slot) + ")" for slot in slots)
    return re.compile("".join(groups))


_TURKIC_CYRL = _combine(_TURKIC_CYRL_DERIV, _TURKIC_CYRL_PLURAL, _TURKIC_CYRL_POSS,
                        _TURKIC_CYRL_CASE)
_LATN = _combine(_LATN_DERIV, _LATN_PLURAL, _LATN_POSS, _LATN_CASE)
# Arabic nisba -ي/-ية and plurals, Persian -ی/-ها/-ان, Pashto oblique endings.
ARAB_SUFFIXES: frozenset[str] = _folded(
    "ي ية يه يين يون يان ان ها های هاي هایی ى ه و ش شان ها يي ئي ای اي يو ته ې"
) | {""}
# Attached clitics before a name: conjunction, prepositions, article.
ARAB_PREFIXES: frozenset[str] = _folded("و ف ب ل ك وب ول فب فل وك") | {""}
# Before a name stored without its article (الصين → صين): the article forms.
ARAB_AL_PREFIXES: frozenset[str] = _folded("ال وال بال فال كال لل ولل فلل وبال")


_ARAB_OR_CYRL = re.compile("[\u0600-\u06ff\u0400-\u04ff]")


def script_of(key: str) -> str:
    """The script of a folded key: that of its first Arabic or Cyrillic letter, else "Latn"."""
    m = _ARAB_OR_CYRL.search(key)
    if m is None:
        return "Latn"
    return "Arab" if m.group() >= "\u0600" else "Cyrl"


@lru_cache(maxsize=8192)  # the same few endings recur in every text
def suffix_ok(suffix: str, script: str) -> bool:
    """Whether ``suffix`` (the rest of the word after a name) is an ending of ``script``."""
    if not suffix:
        return True
    if script == "Cyrl":
        return suffix in _RU or suffix in _TG or _TURKIC_CYRL.fullmatch(suffix) is not None
    if script == "Arab":
        return suffix in ARAB_SUFFIXES
    if suffix[0] == "'":  # Turkish Tacikistan'da, English Kyrgyzstan's
        rest = suffix[1:]
        return 0 < len(rest) <= 6 and rest.isalpha()
    return _LATN.fullmatch(suffix) is not None


def prefix_ok(prefix: str, script: str, needs_article: bool) -> bool:
    """Whether ``prefix`` (the start of the word before a name) is an allowed clitic."""
    if needs_article:
        return script == "Arab" and prefix in ARAB_AL_PREFIXES
    if not prefix:
        return True
    return script == "Arab" and prefix in ARAB_PREFIXES


# Letters and digits stay, every other ASCII byte becomes a space (UTF-8 leaves the
# bytes of non-ASCII characters >= 0x80, so the character offsets do not move).
_ASCII_SPACED = bytes(c if chr(c).isalnum() else 0x20 for c in range(128)) + bytes(range(128, 256))
_ASCII = bytes(range(128))
# The non-ASCII punctuation news text is full of; anything rarer takes the slow path.
_MARKS = tuple("«»“”„…№،؛؟‹›•·")
_NOT_WORD = re.compile(r"[^\w ]|_")


def spaced_key(text: str) -> str:
    """``text`` with every character that is not a letter or digit replaced by a space."""
    return _NOT_WORD.sub(" ", text)


class Spaced(NamedTuple):
    """A text made ready for the name automata (see :func:`spaced`)."""

    text: str  # a space, then the text with every non-letter, non-digit made a space
    arabic: bool  # it may hold Arabic-script letters: only then can Arabic-script keys match


# UTF-8 lead bytes of U+0600-06FF, U+0750-077F and U+F000-FFFF (Arabic presentation forms
# among them): when none occurs, no Arabic-script key can match and its automaton is skipped.
_ARABIC_LEADS = (b"\xd8", b"\xd9", b"\xda", b"\xdb", b"\xdd", b"\xef")


@lru_cache(maxsize=4)  # places and actors both scan the same document
def spaced(text: str) -> Spaced:
    """``text`` prepared for matching keys stored as ``" " + spaced_key(key)``.

    The spaced text is a space and then ``text`` as :func:`spaced_key` makes it, so its
    offsets are those of ``text`` plus one. Name keys of cased scripts are stored with a
    space before them: the automaton then only tries them at word starts, which makes it
    about three times faster than trying every key at every character.
    """
    if text.isascii():  # English and some Latin texts: one table lookup per byte is all
        return Spaced(" " + text.encode("ascii").translate(_ASCII_SPACED).decode("ascii"), False)
    raw = text.encode("utf-8", "surrogatepass")
    arabic = any(lead in raw for lead in _ARABIC_LEADS)
    res = raw.translate(_ASCII_SPACED).decode("utf-8", "surrogatepass")
    # Only non-ASCII characters are left to look at: letters, or punctuation to replace.
    rest = raw.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    if rest and not rest.isalnum():
        for mark in _MARKS:
            if mark in rest:
                res = res.replace(mark, " ")
                rest = rest.replace(mark, "")
        if rest and not rest.isalnum():
            res = _NOT_WORD.sub(" ", res)  # some rarer symbol: do it the slow, exact way
    return Spaced(" " + res, arabic)


def by_letter_frequency(keys: Iterable[str]) -> list[str]:
    """``keys`` ordered so that every trie node lists its commonest next letter first.

    pyahocorasick looks a letter up among a node's children one by one, in the order
    they were added; adding the keys in this order makes the scan about a third faster.
    """
    keys = list(keys)
    counts = Counter(c for key in keys for c in key)
    rank = {c: chr(i) for i, (c, _) in enumerate(counts.most_common())}
    return sorted(keys, key=lambda key: "".join([rank[c] for c in key]))
