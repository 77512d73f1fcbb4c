"""Countries and admin-1 micro-F1 per language on the dev set (places stage, + actors if present).

Usage: ``.venv/bin/python scripts/gazetteer_eval.py [--shared ../shared] [--stages places] [-v]``
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from kuzet.annotate.pipeline import Pipeline
from kuzet.model import Article

ROOT = Path(__file__).resolve().parents[1]


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--stages", default="places")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--show", nargs="*", default=[], help="print the findings of these ids")
    args = ap.parse_args()
    pipe = Pipeline(args.stages)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in open(Path(args.shared) / "eval/dev/news.jsonl", encoding="utf-8"):
        gold = json.loads(line)
        ann = pipe.annotate(Article(id=gold["id"], text=gold["text"]))
        if gold["id"] in args.show:
            print("==", gold["id"], gold["countries"], gold["admin1"])
            for p in ann.places:
                print("  P", repr(p.text), p.kind, p.country, p.admin1, p.gazetteer_id, p.name)
            for c in ann.countries:
                print("  C", repr(c.text), c.code, c.via)
        for field, got in (("countries", ann.country_codes()), ("admin1", ann.admin1_codes())):
            g, p = set(gold[field]), set(got)
            for key in (gold["lang"], "all"):
                c = counts[(field, key)]
                c[0] += len(g & p)
                c[1] += len(p - g)
                c[2] += len(g - p)
            if args.v and g != p:
                print(gold["id"], gold["lang"], field, "missing", sorted(g - p),
                      "extra", sorted(p - g))
    for field in ("countries", "admin1"):
        cells = [f"{k}={f1(*v):.2f}" for (fl, k), v in sorted(counts.items()) if fl == field]
        print(field, " ".join(cells))


if __name__ == "__main__":
    main()
