"""Score the events stage on ../shared/eval/dev/news.jsonl: event types, killed, event_date.

Run: .venv/bin/python scripts/eval_events.py [--shared ../shared] [-v]
Per language: event-type micro-F1 (negated events not counted), killed and event_date
exact match. Uses only the text, language and publication date of each record.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from kuzet.annotate.events import analyse
from kuzet.model import Article

ROOT = Path(__file__).resolve().parents[1]


def article_of(rec: dict[str, object]) -> Article:
    published = rec.get("published")
    text = str(rec["text"])
    return Article(
        id=str(rec["id"]), text=text, language=str(rec.get("lang") or "") or None,
        published=datetime.fromisoformat(str(published)) if published else None,
        paragraphs=tuple(p for p in text.split("\n\n") if p.strip()),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    for line in (args.shared / "eval" / "dev" / "news.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        out = analyse(article_of(rec))
        pred = {e.type for e in out["events"] if not e.negated}
        gold = set(rec["events"])
        for key in (rec["lang"], "ALL"):
            s = stats[key]
            s[0] += len(pred & gold)
            s[1] += len(pred - gold)
            s[2] += len(gold - pred)
            s[3] += out["killed"] == rec["killed"]
            s[4] += out["event_date"] == rec["event_date"]
            s[5] += 1
        if args.verbose:
            print(rec["id"], rec["lang"], "+", sorted(pred - gold), "-", sorted(gold - pred),
                  "killed", out["killed"], rec["killed"], "date", out["event_date"],
                  rec["event_date"])
    print(f"{'lang':5} {'n':>3} {'F1':>6} {'killed':>7} {'date':>6}")
    for key in sorted(stats, key=lambda k: (k == "ALL", k)):
        tp, fp, fn, k, d, n, _ = stats[key]
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        print(f"{key:5} {n:3d} {f1:6.3f} {k / n:7.3f} {d / n:6.3f}")


if __name__ == "__main__":
    main()
