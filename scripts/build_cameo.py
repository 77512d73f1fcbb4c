"""Build src/kuzet/data/cameo/cameo.tsv from ../shared/data/cameo and ../shared/data/plover.

One row per CAMEO code: Goldstein value and quad class (GDELT lookups, via the merged
codebook), and the PLOVER event type, mode and contexts of Schrodt's CAMEO2PLOVER-2021
table. Run: .venv/bin/python scripts/build_cameo.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "kuzet" / "data" / "cameo" / "cameo.tsv"


def plover_table(path: Path) -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (PLOVER type, mode, contexts) from CAMEO2PLOVER-2021.txt."""
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)", line)
        if not m:
            continue
        code, kind, mode, contexts = m.groups()
        ctx = ";".join(c.strip() for c in contexts.split(";") if c.strip())
        table.setdefault(code, (kind, mode.strip(), ctx))  # first row wins (175 repeats)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    data = args.shared / "data"
    plover = plover_table(data / "plover" / "CAMEO2PLOVER-2021.txt")
    rows = []
    with (data / "cameo" / "cameo_eventcodes_merged.csv").open(encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            code = rec["cameo_code"]
            kind, mode, ctx = plover.get(code) or plover.get(code[:3]) or ("", "", "")
            label = re.sub(r"\s+", " ", rec["label"]).strip()
            rows.append((code, rec["goldstein"], rec["quad_class"], kind, mode, ctx, label))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Built by scripts/build_cameo.py from GDELT CAMEO lookups and PLOVER "
                "CAMEO2PLOVER-2021; do not edit.\n")
        f.write("code\tgoldstein\tquad_class\tplover\tmode\tcontexts\tlabel\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} codes -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
