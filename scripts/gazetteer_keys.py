"""Write the gazetteer's key table, ``src/kuzet/data/gazetteer/keys.json.gz``.

Turning every name form into matching keys takes most of a second; shipping the result
lets the places stage load in a fraction of that. Run after editing common_words.txt or calendar_words.txt
(scripts/build_gazetteer.py runs it too); ``kuzet data check`` and the tests report a
stale table, and the places stage rebuilds a stale one in memory rather than trust it.

Usage: ``.venv/bin/python scripts/gazetteer_keys.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kuzet.annotate.gazetteer import write_keys  # noqa: E402


def main() -> None:
    """Build keys.json.gz from gazetteer.json.gz and the word lists."""
    target = write_keys()
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
