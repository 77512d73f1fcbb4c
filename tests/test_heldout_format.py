"""Format checks for the fictional held-out gold set in eval/heldout/news.jsonl."""

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest

HELDOUT = Path(__file__).resolve().parents[1] / "eval" / "heldout" / "news.jsonl"

THEMES = frozenset(
    "water environment terrorism drugs afghanistan border unrest governance "
    "military diplomacy economy migration".split()
)
EVENTS = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)
LANGS = ("ru", "kk", "ky", "uz", "tg", "tk", "fa", "ps", "ar", "en")
REGION = ("KZ", "KG", "TJ", "TM", "UZ", "AF")
SUBDIVISIONS = frozenset(
    s.code for s in pycountry.subdivisions if s.country_code in REGION
)
FIELDS = {
    "id", "url", "published", "text", "lang", "countries", "admin1", "themes",
    "events", "killed", "event_date", "story", "date_note", "notes",
}
ID_RE = re.compile(r"^ho-(ru|kk|ky|uz|uzc|tg|tk|fa|ps|ar|en)-\d{2}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _rows() -> list[dict[str, Any]]:
    """Every line of the held-out file, parsed."""
    with HELDOUT.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


ROWS = _rows()


def _valid_date(s: str) -> bool:
    """True for YYYY-MM-DD or YYYY-MM that names a real date or month."""
    if not DATE_RE.match(s):
        return False
    try:
        date.fromisoformat(s if len(s) == 10 else s + "-01")
    except ValueError:
        return False
    return True


def test_ids_unique_and_counts_per_language() -> None:
    """Ids are unique and every language has at least twelve texts."""
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    counts = Counter(r["lang"] for r in ROWS)
    for lang in LANGS:
        assert counts[lang] >= (24 if lang == "uz" else 12), lang
    assert sum(1 for r in ROWS if r["id"].startswith("ho-uzc-")) >= 12


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_row_format(row: dict[str, Any]) -> None:
    """Fields, types, codes and sort order of one gold row."""
    assert set(row) == FIELDS
    assert ID_RE.match(row["id"])
    assert row["lang"] in LANGS
    assert row["id"].split("-")[1] in (row["lang"], "uzc")
    assert row["url"].startswith("https://") and ".example/" in row["url"]
    assert _valid_date(row["published"]) and len(row["published"]) == 10
    assert "2019" <= row["published"][:4] <= "2026"
    assert isinstance(row["text"], str) and 400 <= len(row["text"]) <= 1500
    for key in ("countries", "admin1", "themes", "events"):
        assert isinstance(row[key], list)
        assert row[key] == sorted(set(row[key])), key
    for code in row["countries"]:
        assert pycountry.countries.get(alpha_2=code) is not None, code
    for code in row["admin1"]:
        assert code in SUBDIVISIONS, code
        assert code[:2] in row["countries"], code
    assert set(row["themes"]) <= THEMES
    assert set(row["events"]) <= EVENTS
    killed = row["killed"]
    assert killed is None or (isinstance(killed, int) and killed > 0)
    assert row["event_date"] is None or _valid_date(row["event_date"])
    assert row["story"] is None or isinstance(row["story"], str)
    assert row["date_note"] is None or isinstance(row["date_note"], str)
    assert row["notes"].startswith("FICTIONAL held-out text")


def test_stories_span_languages() -> None:
    """Each shared story id is reported in at least two languages."""
    langs: dict[str, set[str]] = {}
    for r in ROWS:
        if r["story"] is not None:
            langs.setdefault(r["story"], set()).add(r["id"].split("-")[1])
    assert langs
    for story, seen in langs.items():
        assert len(seen) >= 2, story


@pytest.mark.parametrize("lang", LANGS)
def test_script_of_language(lang: str) -> None:
    """Texts use their language's own letters (a cheap guard against mislabelled lang)."""
    letters = {
        "kk": "әғқңөұүһі", "ky": "ңөү", "tg": "ғӣқӯҳҷ", "tk": "äçňöşüýž",
        "ps": "ټډړږښځڅڼېۍ", "fa": "پچژگ", "ru": "ыэё",
    }.get(lang)
    if letters is None:
        pytest.skip(f"no distinctive letters listed for {lang}")
    for r in ROWS:
        if r["lang"] == lang:
            assert any(ch in r["text"].lower() for ch in letters), r["id"]
