"""Rebuild every data file shipped in the package, in dependency order (`make data`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The gazetteer and actors are built from ../shared/data and curated files; the CAMEO
# table from ../shared/data/cameo and plover; the demo corpus from its own _source files.
BUILDERS = ("build_gazetteer.py", "build_actors.py", "build_cameo.py", "build_demo.py")


def main() -> int:
    for name in BUILDERS:
        print(f"== {name}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / name)], check=False)
        if done.returncode:
            print(f"{name} failed with exit code {done.returncode}", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
