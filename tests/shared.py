"""Where the shared gold data lives, and a marker to skip cleanly without it."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(
    not (SHARED / "eval" / "dev" / "news.jsonl").exists(),
    reason="../shared (gold data) is not beside this checkout",
)
