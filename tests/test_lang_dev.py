"""Every real text of the dev set gets its gold language (read from ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kuzet.text.lang import detect

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "eval" / "dev" / "news.jsonl"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not DEV.exists(), reason="../shared/eval/dev/news.jsonl not available"),
]


def _records() -> list[dict[str, str]]:
    if not DEV.exists():
        return []
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("record", _records(), ids=lambda r: f"{r['id']}-{r['lang']}")
def test_dev_language(record: dict[str, str]) -> None:
    lang, script = detect(record["text"])
    assert lang == record["lang"]
    assert script in {"Latn", "Cyrl", "Arab"}


def test_dev_covers_all_languages() -> None:
    assert {r["lang"] for r in _records()} >= {"ru", "kk", "ky", "uz", "tg", "tk", "fa", "ps", "ar", "en"}
