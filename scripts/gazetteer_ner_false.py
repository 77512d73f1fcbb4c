"""False places on NER gold sets: matches of the places stage outside gold LOC/GPE spans.

Each corpus is cut into documents of ``--chunk`` sentences, and every document starts
with the six countries named in its language, so that names which need their country
in the text are tried too (the worst case of a regional news text). A match counts as
right when it overlaps a gold location span; the report lists, per kind and population
band, how many matches were right and what the others were (gold label or O), with the
commonest wrong words. It measured the population below which Arabic-script GeoNames
names need local context (gazetteer.LOCAL_POP).
Usage: ``.venv/bin/python scripts/gazetteer_ner_false.py [--shared ../shared] [--chunk 20]``
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazetteer_ner_recall import CORPORA, ROOT, sentences

from kuzet.annotate.gazetteer import load
from kuzet.annotate.places import make_stage
from kuzet.model import Annotations, Article

PREFIX = {
    "ar": "أفغانستان وكازاخستان وقرغيزستان وطاجيكستان وتركمانستان وأوزبكستان.",
    "fa": "افغانستان، قزاقستان، قرقیزستان، تاجیکستان، ترکمنستان و ازبکستان.",
    "kk": "Ауғанстан, Қазақстан, Қырғызстан, Тәжікстан, Түрікменстан және Өзбекстан.",
    "ru": "Афганистан, Казахстан, Киргизия, Таджикистан, Туркмения и Узбекистан.",
}
EXTRA = {"ar ANERcorp train": ("data/ner_gold/anercorp_ar/ANERCorp_CamelLab_train.txt",
                               {"LOC"})}
BANDS = ((1_000, "<1k"), (10_000, "<10k"), (30_000, "<30k"), (100_000, "<100k"))


def band(kind: str, gid: str, pop: int) -> str:
    """A kind, with a population band for GeoNames places."""
    if not gid.startswith("gn:") or kind not in {"city", "village"}:
        return kind
    return next((f"{kind} {label}" for top, label in BANDS if pop < top), f"{kind} 100k+")


def main() -> None:
    """Print false-place counts per corpus, kind and population band."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--chunk", type=int, default=20)
    args = ap.parse_args()
    gaz, stage = load(), make_stage()
    pop = {e.id: e.pop for e in gaz.entries}
    for name, (rel, labels) in {**CORPORA, **EXTRA}.items():
        path = Path(args.shared) / rel
        if not path.exists():
            continue
        prefix = PREFIX[name[:2]] + "\n\n"
        stats: dict[str, Counter[str]] = defaultdict(Counter)
        wrong: dict[str, Counter[str]] = defaultdict(Counter)
        sents = list(sentences(path))
        for k in range(0, len(sents), args.chunk):
            text, cur = prefix, None
            ents: list[tuple[int, int, str]] = []
            for sent in sents[k:k + args.chunk]:
                for tok, tag in sent:
                    start = len(text)
                    text += tok + " "
                    label = tag[2:] if tag[:2] in {"B-", "I-"} else None
                    if label and tag.startswith("I-") and cur is not None:
                        ents[cur] = (ents[cur][0], start + len(tok), ents[cur][2])
                    elif label:
                        cur = len(ents)
                        ents.append((start, start + len(tok), label))
                    else:
                        cur = None
                text += "\n"
            ann = Annotations(**stage(Article(id="n", text=text), Annotations()))
            for p in ann.places:
                if p.start < len(prefix):
                    continue
                label = next((x[2] for x in ents if x[0] < p.end and p.start < x[1]), "O")
                gid = p.gazetteer_id or ""
                key = band(p.kind, gid, pop.get(gid, 0))
                stats[key]["right" if label in labels else label] += 1
                if label not in labels:
                    wrong[key][f"{p.text}={p.name}"] += 1
        print(f"== {name}")
        for key, counts in sorted(stats.items()):
            common = ", ".join(f"{w} x{c}" for w, c in wrong[key].most_common(6))
            print(f"  {key}: {dict(counts)}  {common}")


if __name__ == "__main__":
    main()
