"""Event-type accuracy of the events stage on the PLOVER gold-standard records (English).

Run: .venv/bin/python scripts/eval_plover_gsr.py [--shared ../shared]
Old PLOVER names are mapped to the 16 types (FIGHT -> ASSAULT, DEMAND -> REQUEST,
DISAPPROVE and INVESTIGATE -> ACCUSE). "top-1" takes the first reported event of the
sentence; "any" counts a record right when its type is among those reported.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from kuzet.annotate.events import analyse
from kuzet.model import Article

ROOT = Path(__file__).resolve().parents[1]
OLD = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    records = json.loads((args.shared / "data" / "plover" / "PLOVER_GSR_CAMEO.json").read_text())
    n = top = anyhit = 0
    misses: Counter[str] = Counter()
    for rec in records:
        if not rec.get("text") or rec.get("event") == "DOCUMENT":
            continue
        gold = OLD.get(rec["event"], rec["event"])
        events = [e.type for e in analyse(Article(id=rec["id"], text=rec["text"],
                                                  language="en"))["events"] if not e.negated]
        n += 1
        top += bool(events) and events[0] == gold
        anyhit += gold in events
        if gold not in events:
            misses[gold] += 1
    print(f"PLOVER GSR: {n} records, top-1 accuracy {top / n:.3f}, any-match {anyhit / n:.3f}")
    print("misses by type:", dict(misses.most_common()))


if __name__ == "__main__":
    main()
