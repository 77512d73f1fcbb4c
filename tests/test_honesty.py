"""No file in the repository carries sentences of the publishers' texts in ../shared."""

import json
import unicodedata
from pathlib import Path

from tests.shared import ROOT, SHARED, needs_shared

SKIP_DIRS = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
             ".hypothesis", "test-artifacts", "node_modules"}
WIDTH = 60


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def _shingles() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in (SHARED / "seed").glob("*.txt")]
    for line in (SHARED / "eval" / "dev" / "news.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line)["text"])
    out: set[str] = set()
    for t in map(_norm, texts):
        out.update(t[i : i + WIDTH] for i in range(0, max(0, len(t) - WIDTH), 30))
    return {s for s in out if len(s) == WIDTH}


def _repo_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and path.stat().st_size < 5_000_000:
            files.append(path)
    return files


@needs_shared
def test_no_repo_file_copies_real_news_text() -> None:
    shingles = _shingles()
    assert shingles
    hits = []
    for path in _repo_files():
        try:
            body = _norm(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        if any(s in body for s in shingles):
            hits.append(str(path.relative_to(ROOT)))
    assert hits == []
