"""Raise the committed quality floors to the current scores (never lowers one silently).

Usage: python scripts/update_floors.py [--lower]   (run from the repository root)
Floors are the dev-set and held-out scores rounded down to 2 decimals, so noise-free
re-runs pass; lowering a floor needs --lower and a reason in the commit message.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from kuzet.eval.runner import evaluate_dev, scores_of

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "dev": ROOT.parent / "shared" / "eval" / "dev" / "news.jsonl",
    "heldout": ROOT / "eval" / "heldout" / "news.jsonl",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lower", action="store_true", help="also lower floors that are above the scores")
    args = ap.parse_args()
    path = ROOT / "quality_floor.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for name, gold in SETS.items():
        if not gold.exists():
            continue
        scores = scores_of(evaluate_dev(gold))
        floors = data.setdefault(name, {})
        for key, value in sorted(scores.items()):
            new = math.floor(value * 100) / 100
            old = floors.get(key)
            if old is None or new > old or (args.lower and new < old):
                if old is not None and new < old:
                    print(f"LOWERED {name}.{key}: {old} -> {new}")
                floors[key] = new
            elif new < old:
                print(f"below floor {name}.{key}: {value:.4f} < {old}")
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
