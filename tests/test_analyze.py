"""`kuzet analyze`: inputs of every kind, one line per bad input, records valid by schema."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from kuzet.annotate.pipeline import DEFAULT_ORDER, load_stage
from kuzet.cli import cli
from kuzet.errors import KuzetError
from kuzet.model import (
    Actor,
    Annotations,
    Article,
    CountryRef,
    Event,
    Place,
    Span,
    Theme,
    analysis_record,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

HTML = """<html><head><meta charset="utf-8"><title>Water talks | Daily</title>
<link rel="canonical" href="https://news.example.org/2024/water-talks?utm_source=x">
<meta property="article:published_time" content="2024-03-05T09:30:00+05:00">
<meta name="author" content="Aigerim Sadykova"></head><body><nav>Home News</nav><article>
<h1>Water talks resume on the Syr Darya</h1><p>Share</p>
<p>Delegations of Kazakhstan and Uzbekistan met in Tashkent on Tuesday to discuss the
allocation of water from the Syr Darya river during the coming irrigation season.</p>
<p>The ministers agreed to exchange data on reservoir levels every week and to hold another
round of talks before the summer, officials said after the meeting.</p>
<p>Delegations of Kazakhstan and Uzbekistan met in Tashkent on Tuesday to discuss the
allocation of water from the Syr Darya river during the coming irrigation season.</p>
</article><footer>Subscribe</footer></body></html>"""

TEXT = """Встреча министров в Бишкеке
5 марта 2024, 14:20
Иван Петров
Поделиться
Министры иностранных дел Кыргызстана и Таджикистана обсудили вопросы делимитации границы.
Стороны договорились продолжить переговоры в следующем месяце.
"""


def _schema() -> dict[str, Any]:
    text = resources.files("kuzet").joinpath("schema/analysis.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


VALIDATOR = Draft202012Validator(_schema())


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["analyze", *args], obj={})


def _records(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "note.txt").write_bytes(TEXT.encode("cp1251"))
    records = [
        {"id": "r-1", "url": "https://example.org/a?fbclid=1", "published": "2023-01-02",
         "text": "Talks between Tajikistan and Afghanistan on the Panj river.\n\nThey went on."},
        {"id": "r-2", "text": ""},
    ]
    (tmp_path / "batch.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\nnot json\n", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return tmp_path


def test_directory_batch_goes_on(inputs: Path) -> None:
    result = _run(str(inputs), "--json", "--stages", "")
    assert result.exit_code == 0
    records = _records(result)
    assert {r["id"] for r in records} >= {"r-1"}
    assert len(records) == 3
    errors = result.stderr.splitlines()
    codes = sorted(line.split()[0] for line in errors)
    assert codes == ["K101", "K101", "K102", "K111"]
    assert any("batch.jsonl:3" in line for line in errors)
    assert any("image.html" in line for line in errors)


def _loadable_stages() -> str:
    """The default stages whose data is built (areas still in progress are left out)."""
    ok = []
    for name in DEFAULT_ORDER:
        try:
            load_stage(name)
        except KuzetError:
            continue
        ok.append(name)
    return ",".join(ok)


def test_records_follow_the_schema(inputs: Path) -> None:
    result = _run(str(inputs), "--json", "--stages", _loadable_stages())
    assert result.exit_code == 0, result.output
    records = _records(result)
    assert records
    for record in records:
        errors = sorted(VALIDATOR.iter_errors(record), key=str)
        assert not errors, [e.message for e in errors]


def test_jsonl_keeps_id_url_published(inputs: Path) -> None:
    result = _run(str(inputs / "batch.jsonl"), "--json", "--stages", "")
    record = _records(result)[0]
    assert record["id"] == "r-1"
    assert record["url"] == "https://example.org/a?fbclid=1"
    assert record["published"] == "2023-01-02T00:00"


@pytest.mark.parametrize(
    ("name", "field", "expected"),
    [
        ("page.html", "title", "Water talks resume on the Syr Darya"),
        ("page.html", "author", "Aigerim Sadykova"),
        ("page.html", "published", "2024-03-05T09:30"),
        ("page.html", "duplicates_removed", 2),
        ("page.html", "language", "en"),
        ("note.txt", "title", "Встреча министров в Бишкеке"),
        ("note.txt", "published", "2024-03-05T14:20"),
        ("note.txt", "author", "Иван Петров"),
        ("note.txt", "boilerplate_removed", ["Поделиться"]),
        ("note.txt", "language", "ru"),
        ("note.txt", "script", "Cyrl"),
    ],
)
def test_fields(inputs: Path, name: str, field: str, expected: object) -> None:
    result = _run(str(inputs / name), "--json", "--stages", "")
    assert result.exit_code == 0, result.output
    assert _records(result)[0][field] == expected


def test_nothing_analysed_is_an_error(inputs: Path) -> None:
    result = _run(str(inputs / "empty.txt"), "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("K101 ")


def test_strict_fails_on_any_rejection(inputs: Path) -> None:
    assert _run(str(inputs), "--json", "--stages", "", "--strict").exit_code == 1


def test_unsupported_and_missing(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    result = _run(str(tmp_path / "x.pdf"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert [line.split()[0] for line in result.stderr.splitlines()[:2]] == ["K104", "K100"]


def test_human_summary(inputs: Path) -> None:
    result = _run(str(inputs / "note.txt"), "--stages", "")
    assert result.exit_code == 0
    assert "Встреча министров" in result.stdout
    assert "1 analysed" in result.stderr


def test_full_record_follows_the_schema() -> None:
    article = Article(id="x1", text="Body text.", title="T", published=datetime(2024, 1, 2, 3, 4),
                      language="kk", script="Cyrl", paragraphs=("Body text.",))
    span = Span(3, 7, "Body")
    ann = Annotations(
        places=(Place("Tashkent", "Tash", 3, 7, "city", "UZ", "UZ-TK", 41.3, 69.2, "g1"),),
        countries=(CountryRef("UZ", "Tash", 3, 7, "capital"),),
        actors=(Actor("a1", "Someone", "Body", 3, 7, "KZ", "government", "KZGOV", "minister"),),
        themes=(Theme("water", 0.5, (span,)),),
        events=(Event("CONSULT", span, contexts=("water",), actor="KZ", recipient="UZ",
                      date="2024-01", quad_class=1, goldstein=1.0, bar=2),),
        killed=3,
        event_date="2024-01-01",
    )
    record = analysis_record(article, ann, "0.1.0")
    assert not list(VALIDATOR.iter_errors(record))
    record["published"] = "2024-01-02"
    assert list(VALIDATOR.iter_errors(record))
