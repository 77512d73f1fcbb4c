"""The main job: `kuzet demo` builds a fresh database from the fictional corpus and analyses it."""

from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from kuzet.cli import cli
from kuzet.demo import run, summary_text
from kuzet.settings import load


def test_demo_builds_an_analysed_database(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    summary = run(db, load(environ={}))
    assert summary["rejections"] == []
    assert summary["articles"] >= 150
    assert summary["analyses"] == summary["articles"]
    assert len(summary["by_language"]) >= 8
    first = datetime.fromisoformat(summary["first_published"])
    last = datetime.fromisoformat(summary["last_published"])
    assert (last - first).days >= 120
    found = summary["found"]
    assert {"KG", "TJ", "KZ", "UZ"} <= set(found["countries"])
    assert {"border", "water", "unrest", "diplomacy"} <= set(found["themes"])
    assert "ASSAULT" in found["event_types"] and "CONSULT" in found["event_types"]
    assert summary["signals"]["stories"] < summary["articles"]  # reports grouped into stories
    assert "FICTIONAL" in summary_text(summary)
    # run again on the same path: a fresh database, nothing stored twice
    again = run(db, load(environ={}))
    assert again["articles"] == summary["articles"]


def test_demo_command_prints_summary_and_next_step(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["demo", "--db", db, "--quiet"], obj={})
    assert result.exit_code == 0, result.output
    assert "FICTIONAL" in result.output
    assert f"kuzet serve --db {db}" in result.output
