"""Acceptance: the reference article through `kuzet analyze --json` (needs ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuzet.cli import cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "unrcca-kazakhstan-2023-08-26.ar.txt"
EXPECTED = SHARED / "seed" / "unrcca-kazakhstan-2023-08-26.expected.json"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEED.exists(), reason="../shared/seed not available"),
]


@pytest.fixture(scope="module")
def record() -> dict[str, object]:
    result = CliRunner().invoke(cli, ["analyze", str(SEED), "--json", "--stages", ""], obj={})
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1
    data: dict[str, object] = json.loads(lines[0])
    return data


@pytest.fixture(scope="module")
def must() -> dict[str, object]:
    data: dict[str, object] = json.loads(EXPECTED.read_text(encoding="utf-8"))["must"]
    return data


@pytest.mark.parametrize("field", ["language", "title", "author"])
def test_exact_fields(record: dict[str, object], must: dict[str, object], field: str) -> None:
    assert record[field] == must[field]


def test_published_local_time(record: dict[str, object], must: dict[str, object]) -> None:
    assert record["published"] == f"{must['published_date']}T{must['published_local_time']}"


def test_paragraphs_and_removals(record: dict[str, object], must: dict[str, object]) -> None:
    paragraphs = record["paragraphs"]
    assert isinstance(paragraphs, list)
    assert len(paragraphs) == must["unique_paragraphs"]
    assert record["duplicates_removed"] == 2
    assert record["boilerplate_removed"] == must["boilerplate_removed"]
    assert record["script"] == "Arab"


def test_no_print_word_in_text(record: dict[str, object]) -> None:
    paragraphs = record["paragraphs"]
    assert isinstance(paragraphs, list)
    assert all("طباعة" not in p for p in paragraphs)
    assert "طباعة" not in str(record["title"])
