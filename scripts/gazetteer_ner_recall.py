"""Place recall of the places stage on NER gold sets (LOC/GPE mentions in the six countries).

A gold LOC/GPE span counts as "a place in the six countries" when its folded text is a
gazetteer key of an entry located in KZ, KG, TJ, TM, UZ or AF (or of one of these
countries); recall is the share of those spans that the stage finds (overlap).
Usage: ``.venv/bin/python scripts/gazetteer_ner_recall.py [--shared ../shared] [--max 20000]``
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from kuzet.annotate.gazetteer import load
from kuzet.annotate.places import make_stage
from kuzet.model import Annotations, Article
from kuzet.text.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
SIX = {"KZ", "KG", "TJ", "TM", "UZ", "AF"}
CORPORA = {
    "kk KazNERD": ("data/ner_gold/kaznerd/IOB2_test.txt", {"GPE", "LOCATION"}),
    "ru factRuEval": ("data/ner_gold/factrueval_ru/factrueval2016_testset_BIO.txt",
                      {"Location", "LocOrg"}),
    "ar ANERcorp": ("data/ner_gold/anercorp_ar/ANERCorp_CamelLab_test.txt", {"LOC"}),
    "fa Arman": ("data/ner_gold/arman_fa/test_fold1.txt", {"loc"}),
}


def sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = re.split(r"[\t ]+", line.strip())
        if len(parts) < 2:
            if sent:
                yield sent
            sent = []
            continue
        sent.append((parts[0], parts[-1]))
        if parts[0] in {".", "!", "?", "؟"} and "ANER" in path.name:
            yield sent  # ANERcorp has no blank lines between sentences
            sent = []
    if sent:
        yield sent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--max", type=int, default=20000)
    args = ap.parse_args()
    gaz, stage = load(), make_stage()
    for name, (rel, labels) in CORPORA.items():
        total = found = 0
        for k, sent in enumerate(sentences(Path(args.shared) / rel)):
            if k >= args.max:
                break
            text, spans, pos, cur = "", [], 0, None
            for tok, tag in sent:
                start = len(text)
                text += tok + " "
                kind = tag[2:] if tag[:2] in {"B-", "I-"} else None
                if kind in labels and tag.startswith("I-") and cur is not None:
                    cur[1] = start + len(tok)
                elif kind in labels:
                    cur = [start, start + len(tok)]
                    spans.append(cur)
                else:
                    cur = None
                pos = start
            del pos
            six = []
            for s, e in spans:
                hit = gaz.lookup(fold(text[s:e]))
                if any(gaz.entries[n.entry].country in SIX for n in hit):
                    six.append((s, e))
            if not six:
                continue
            ann = Annotations(**stage(Article(id="n", text=text), Annotations()))
            got = [(p.start, p.end) for p in ann.places] + [(c.start, c.end)
                                                            for c in ann.countries]
            total += len(six)
            found += sum(any(a < e and s < b for a, b in got) for s, e in six)
        print(f"{name}: {found}/{total} = {found / max(total, 1):.2f}")


if __name__ == "__main__":
    main()
