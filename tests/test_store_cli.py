"""``kuzet show`` and ``kuzet search`` over a small store."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuzet.cli import cli
from kuzet.model import Article
from kuzet.store import Store

BODY = ("Делегации Кыргызстана и Таджикистана обсудили границу.",
        "Встреча прошла в Бишкеке \x1b[31mкрасным\x1b[0m.")
RECORD = {
    "id": "a1", "countries": ["KG", "TJ"], "places": [{"name": "Bishkek"}],
    "actors": [], "themes": [{"id": "border", "score": 0.8, "evidence": []}],
    "events": [{"type": "CONSULT", "evidence": {"start": 0, "end": 9, "text": "Делегации"}}],
    "killed": None, "pipeline_version": "0.1.0",
}


@pytest.fixture
def dbpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no kuzet.toml from the checkout
    monkeypatch.delenv("KUZET_DB", raising=False)
    path = str(tmp_path / "k.db")
    store = Store(path)
    store.add_article(Article(id="a1", title="Граница", text="\n\n".join(BODY), paragraphs=BODY,
                              language="ru", published=datetime(2024, 5, 1, 10, 0),
                              source="test", url="https://example.kg/1"))
    store.add_article(Article(id="a2", title="Другое", text="Ничего.", paragraphs=("Ничего.",),
                              language="ru"))
    store.save_analysis("a1", RECORD, "0.1.0")
    store.close()
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), obj={})
    return result.exit_code, result.output


def test_show_human(dbpath: str) -> None:
    code, out = run("show", "a1", "--db", dbpath)
    assert code == 0
    assert "Граница" in out and "Бишкеке" in out
    assert "countries: KG, TJ" in out and "event CONSULT: Делегации" in out
    assert "\x1b" not in out  # untrusted text cannot drive the terminal


def test_show_json(dbpath: str) -> None:
    code, out = run("show", "a1", "--db", dbpath, "--json")
    assert code == 0
    assert json.loads(out) == RECORD


def test_show_not_analysed(dbpath: str) -> None:
    code, out = run("show", "a2", "--db", dbpath, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["id"], data["text"], data["pipeline_version"]) == ("a2", "Ничего.", None)
    code, out = run("show", "a2", "--db", dbpath)
    assert "analysis: none yet" in out


def test_show_missing(dbpath: str) -> None:
    code, out = run("show", "zzz", "--db", dbpath)
    assert code == 1
    assert "no stored article" in out


@pytest.mark.parametrize(
    ("query", "ids"),
    [("бишкек", ["a1"]), ("ГРАНИЦА", ["a1"]), ("ничего", ["a2"]), ("Ташкент", [])],
)
def test_search_json(dbpath: str, query: str, ids: list[str]) -> None:
    code, out = run("search", query, "--db", dbpath, "--json")
    assert code == 0
    assert [h["id"] for h in json.loads(out)] == ids


def test_search_human_and_env(dbpath: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUZET_DB", dbpath)
    code, out = run("search", "Бишкек", "--limit", "5")
    assert code == 0
    assert out.startswith("a1  2024-05-01T10:00  ru   Граница")
    assert "«Бишкеке»" in out and "\x1b" not in out
    assert run("search", "Ташкент")[1].strip() == "no match"


def test_bad_db(tmp_path: Path) -> None:
    code, out = run("search", "x", "--db", str(tmp_path / "no" / "such" / "k.db"))
    assert code == 1
    assert "K150" in out
