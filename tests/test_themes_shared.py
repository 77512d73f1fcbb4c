"""Acceptance on the shared dev set and reference article (skipped without ../shared)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kuzet.annotate.themes import make_stage
from kuzet.model import Annotations, Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "eval" / "dev" / "news.jsonl"
SEED = SHARED / "seed" / "unrcca-kazakhstan-2023-08-26.ar.txt"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not DEV.exists() or not SEED.exists(), reason="../shared not present"),
]


def test_reference_article_themes_exact() -> None:
    stage = make_stage()
    art = Article(id="seed", text=SEED.read_text(encoding="utf-8"), language="ar")
    got = sorted(t.id for t in stage(art, Annotations())["themes"])
    assert got == ["afghanistan", "diplomacy", "drugs", "environment", "governance",
                   "terrorism", "water"]


def test_dev_micro_f1() -> None:
    stage = make_stage()
    counts: Counter[str] = Counter()
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        art = Article(id=rec["id"], text=rec["text"], language=rec["lang"])
        pred = {t.id for t in stage(art, Annotations())["themes"]}
        gold = set(rec["themes"])
        counts["tp"] += len(pred & gold)
        counts["fp"] += len(pred - gold)
        counts["fn"] += len(gold - pred)
    f1 = 2 * counts["tp"] / (2 * counts["tp"] + counts["fp"] + counts["fn"])
    assert f1 >= 0.85, counts
