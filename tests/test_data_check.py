"""`kuzet data check` and the gazetteer's check()."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuzet.annotate.gazetteer import check, data_path
from kuzet.commands.data import data, run_checks


def test_shipped_gazetteer_is_valid() -> None:
    assert check() == []


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for p in data_path("gazetteer").iterdir():
        shutil.copy(p, tmp_path / p.name)
    return tmp_path


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("vorukh\tvillage\tTJ\tTJ-SU\t1\t1\ten=Vorukh", "duplicate id"),
        ("x1\tvillage\tQQ\t\t1\t1\ten=Somewhere", "unknown country"),
        ("x2\tvillage\tTJ\tKG-B\t1\t1\ten=Somewhere", "is not a unit of TJ"),
        ("x3\tplanet\tTJ\t\t1\t1\ten=Somewhere", "unknown kind"),
        ("x4\tvillage\tTJ\t\t100\t1\ten=Somewhere", "out of range"),
        ("x5\tvillage\tTJ\t\t1\t1\ten=Mary", "common word"),
        ("x6\tvillage\tTJ\t\t1\t1\tzz=Somewhere", "bad names part"),
        ("x7\tvillage\tTJ", "columns"),
    ],
)
def test_problems_found(folder: Path, row: str, problem: str) -> None:
    with open(folder / "places.tsv", "a", encoding="utf-8") as f:
        f.write(row + "\n")
    problems = check(folder)
    assert any(problem in p for p in problems), problems


def test_unknown_unit(folder: Path) -> None:
    with open(folder / "admin1.tsv", "a", encoding="utf-8") as f:
        f.write("KG-ZZ\tKG.99\ten=Nowhere\n")
    assert any("unknown ISO 3166-2" in p for p in check(folder))


def test_run_checks_skips_missing_modules() -> None:
    ran, problems = run_checks(["kuzet.no_such_module:check", "kuzet.annotate.gazetteer:check"])
    assert ran == ["kuzet.annotate.gazetteer:check"]
    assert problems == []


def test_cli_reports_and_fails_on_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kuzet.commands.data.CHECKS", ("kuzet.annotate.gazetteer:check",))
    monkeypatch.setattr("kuzet.commands.data.run_checks",
                        lambda checks=("x",): (["x"], ["places.tsv a: duplicate id"]))
    result = CliRunner().invoke(data, ["check"])
    assert result.exit_code == 1
    assert "duplicate id" in result.output
