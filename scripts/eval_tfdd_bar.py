"""Sign agreement of our BAR score with TFDD's on the Central Asian water events.

Run: .venv/bin/python scripts/eval_tfdd_bar.py [--shared ../shared]
Each event summary (English) is analysed as an article; our BAR is the mean BAR of its
water events (0 when none). Agreement = same sign (negative, zero, positive) as TFDD's
BAR_Scale; reported over all rated events and over those where we found a water event.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from kuzet.annotate.events import analyse
from kuzet.model import Article

ROOT = Path(__file__).resolve().parents[1]


def sign(x: float) -> int:
    return (x > 0) - (x < 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    path = args.shared / "data" / "water_events" / "tfdd_water_events_CA6.csv"
    n = agree = covered = agree_covered = 0
    with path.open(encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            if not row["BAR_Scale"].strip() or not row["EVENT_SUMMARY"].strip():
                continue
            gold = int(row["BAR_Scale"])
            out = analyse(Article(id=row["ID"], text=row["EVENT_SUMMARY"], language="en"))
            bars = [e.bar for e in out["events"] if e.bar is not None and not e.negated]
            ours = sum(bars) / len(bars) if bars else 0.0
            n += 1
            agree += sign(ours) == sign(gold)
            if bars:
                covered += 1
                agree_covered += sign(ours) == sign(gold)
    print(f"TFDD CA water events: {n} rated; sign agreement {agree / n:.3f}; "
          f"with a water event found {covered} ({covered / n:.0%}), "
          f"agreement {agree_covered / max(covered, 1):.3f}")


if __name__ == "__main__":
    main()
