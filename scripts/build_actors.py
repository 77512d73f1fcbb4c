"""Build src/kuzet/data/actors/actors.json from the curated source files.

Usage: .venv/bin/python scripts/build_actors.py [--shared ../shared]

Reads the analyst-editable ``src/kuzet/data/actors/source/*.toml``, validates them (the same
checks as ``kuzet data check``) against the CAMEO actor tables in
``../shared/data/cameo`` (GDELT country/type/known-group/religion tables), and expands every
name into the spellings the matcher needs, systematically rather than by hand:

- Cyrillic names are transliterated to Latin in several conventions (English, Uzbek,
  Turkmen, Kazakh Latin), so a name listed once in Russian also matches Latin-script text;
- Arabic-script names get the usual spelling variants (يي/ي, dropped long vowels, -وف/-اف,
  joined or split عبد/الله compounds, the ل + ال clitic form);
- Latin names get -yev/-ev, -ov/-ow, kh/x and zh/j variants.

Keys are stored folded (``kuzet.text.normalize.fold``), ready for the automaton. Titles
("the Kazakh foreign minister") are generated from ``titles.toml`` templates.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kuzet.annotate.actors import BUILT, SOURCE_DIR, load_sources, sources_hash, validate  # noqa: E402
from kuzet.text.normalize import fold  # noqa: E402

# Transliteration profiles for Cyrillic: English (BGN-like), English with j, Uzbek Latin,
# Turkmen Latin, Kazakh Latin 2021. Each maps a lower-case Cyrillic letter to Latin.
_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i", "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ў": "o'",
}
_PROFILES: list[dict[str, str]] = [
    {},
    {"ж": "j", "й": "i", "ҷ": "j", "қ": "q", "ғ": "gh"},
    {"ж": "j", "х": "x", "қ": "q", "ғ": "g'", "ҳ": "h", "ц": "s", "ё": "yo"},
    {"ж": "j", "х": "h", "ш": "s", "ч": "c", "ц": "s", "қ": "k", "ю": "yu"},
    {"ж": "zh", "х": "h", "й": "i", "ы": "y", "э": "e", "қ": "q", "ғ": "g", "ң": "n"},
]
_VOWELS = set("аеёиоуыэюяәөұүіӣӯ")


def translit(name: str, profile: dict[str, str]) -> str:
    """One Latin transliteration of a Cyrillic name."""
    table = {**_BASE, **profile}
    out = []
    low = name.lower()
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else " "
        if ch == "е" and (not prev.isalpha() or prev in _VOWELS or prev in "ьъ"):
            out.append("ye")  # word-initial and post-vocalic е is iotated
        else:
            out.append(table.get(ch, ch))
    return "".join(out)


_LATIN_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"([aeiou])ev\b"), r"\1yev"),
    (re.compile(r"([aeiou])yev\b"), r"\1ev"),
    (re.compile(r"ov\b"), "ow"),
    (re.compile(r"ev\b"), "ew"),
    (re.compile(r"ova\b"), "owa"),
    (re.compile(r"kh"), "x"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"zh"), "j"),
]


def latin_variants(key: str) -> set[str]:
    """Latin spelling variants (one rule at a time, then pairs)."""
    out = {key}
    for _ in range(2):
        out |= {rx.sub(rep, v) for v in list(out) for rx, rep in _LATIN_RULES}
    return out


_DELETABLE = "اوي"


def arabic_variants(key: str, single: bool) -> set[str]:
    """Arabic-script spelling variants of a folded key."""
    out = {key, key.replace("يي", "ي"), re.sub(r"وف\b", "اف", key), re.sub(r"اف\b", "وف", key)}
    out |= {re.sub(r"عبد ال", "عبدال", v) for v in list(out)}
    out |= {re.sub(r"عبدال", "عبد ال", v) for v in list(out)}
    out |= {re.sub(r"(\w) الله\b", r"\1الله", v) for v in list(out)}
    out |= {re.sub(r"(\w)الله\b", r"\1 الله", v) for v in list(out)}
    if key.startswith("ال"):
        out.add("لل" + key[2:])  # لِـ + الـ: للأمم المتحدة
    if single and len(key) >= 6:
        # A long vowel written or left out (نورتليو / نورتلو): drop one inner mater lectionis,
        # but not the ي of a final -يان/-يين/-يون: without it the name is a plural
        # ("بزشكيان" Pezeshkian, "پزشکان" doctors).
        for v in list(out):
            last = len(v) - 3 if v.endswith(("يان", "يين", "يون")) else len(v)
            for i in range(2, len(v) - 1):
                if v[i] in _DELETABLE and i != last:
                    out.add(v[:i] + v[i + 1:])
    return {v for v in out if len(v) >= 3}


def script(text: str) -> str:
    """The dominant script of a string (Arab, Cyrl or Latn)."""
    for ch in text:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF:
            return "Arab"
        if 0x0400 <= o <= 0x04FF:
            return "Cyrl"
    return "Latn"


def is_acronym(name: str) -> bool:
    """Short all-capital names (UN, ООН, ИГ) that must match in capitals only."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 6 and name == name.upper() and script(name) != "Arab"


def expand(name: str, single: bool) -> set[str]:
    """Every folded key a name should match."""
    base = fold(name).strip()
    keys = {base, base.replace("-", " "), base.replace(" ", "-") if "-" in name else base}
    sc = script(name)
    if sc == "Cyrl" and not is_acronym(name):
        for profile in _PROFILES:
            keys |= latin_variants(fold(translit(name, profile)))
            keys.add(fold(translit(name, profile)).replace("-", " "))
    elif sc == "Latn" and not is_acronym(name):
        keys |= {v for k in list(keys) for v in latin_variants(k)}
    elif sc == "Arab":
        keys = {v for k in keys for v in arabic_variants(k, single)}
    return {k for k in keys if len(k.replace(" ", "")) >= 2}


def _mixed(key: str) -> bool:
    scripts = {script(w) for w in key.split() if any(c.isalpha() for c in w)}
    return len(scripts) > 1


_RU_MASC = ("", "а", "у", "ом", "е", "ы")
_RU_FEM = ("а", "ы", "е", "у", "ой")


def expand_template(template: str, forms: dict[str, list[str]]) -> set[str]:
    """All phrases of one title template with the country forms filled in."""
    slots = re.findall(r"\{(\w+)\}", template)
    phrases = {template}
    for slot in slots:
        phrases = {p.replace("{" + slot + "}", f, 1) for p in phrases for f in forms.get(slot, [])}
    out: set[str] = set()
    for phrase in phrases:
        words = [[w[:-1] + e for e in _RU_MASC] if w.endswith("*") else
                 [w[:-1] + e for e in _RU_FEM] if w.endswith("~") else [w] for w in phrase.split()]
        for combo in itertools.product(*words):
            key = fold(" ".join(combo))
            if not _mixed(key):
                out.add(key)
                if script(key) == "Arab":
                    out.add(key.replace("يي", "ي"))
    return out


def cameo_parts(shared: Path) -> list[str]:
    """3-letter CAMEO actor code parts from the GDELT lookup tables."""
    parts: set[str] = set()
    base = shared / "data" / "cameo"
    for name in ("gdelt_CAMEO.country.txt", "gdelt_CAMEO.type.txt", "gdelt_CAMEO.knowngroup.txt",
                 "gdelt_CAMEO.religion.txt"):
        for line in (base / name).read_text(encoding="utf-8").splitlines()[1:]:
            code = line.split("\t")[0].strip()
            if len(code) == 3 and code.isupper():
                parts.add(code)
    return sorted(parts)


def build(shared: Path) -> dict[str, Any]:
    """The compact built dictionary."""
    actors, titles = load_sources(SOURCE_DIR)
    parts = cameo_parts(shared)
    problems = validate(actors, titles, frozenset(parts))
    if problems:
        raise SystemExit("actor data has problems:\n" + "\n".join(problems))
    out_actors = []
    keys: set[tuple[str, int, str]] = set()
    upper: set[str] = set()
    for i, raw in enumerate(actors):
        out_actors.append({k: v for k, v in raw.items() if k in
                           ("id", "name", "country", "type", "cameo", "kind", "ref", "roles")})
        for field, kind in (("names", "F"), ("short", "S"), ("alone", "A")):
            for name in raw.get(field, ()):
                single = " " not in name.strip()
                for key in expand(name, single):
                    keys.add((key, i, kind))
                    if is_acronym(name):
                        upper.add(key)
    # A key that is a full name of one actor never also acts as a surname of another.
    title_keys: set[tuple[str, str]] = set()
    offices_held = {r[1] for raw in actors for r in raw.get("roles", ()) if r[1]}
    for office, templates in titles.get("office", {}).items():
        for code, forms in titles.get("country", {}).items():
            if f"{code}.{office}" not in offices_held:
                continue
            for lang_templates in templates.values():
                for template in lang_templates:
                    if "{" not in template and office != "leader":
                        continue
                    title_keys |= {(k, f"{code}.{office}") for k in expand_template(template, forms)}
    return {
        "version": 1,
        "source_hash": sources_hash(SOURCE_DIR),
        "cameo_parts": parts,
        "actors": out_actors,
        "keys": sorted([k, i, kind] for k, i, kind in keys),
        "titles": sorted([k, o] for k, o in title_keys),
        "upper": sorted(upper),
    }


def main() -> None:
    """Build and write actors.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    data = build(args.shared)
    BUILT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = f"{len(data['actors'])} actors, {len(data['keys'])} name keys, {len(data['titles'])} title keys"
    print(f"{BUILT}: {counts}")


if __name__ == "__main__":
    main()
