from pathlib import Path

import pytest
import sqlalchemy as sa

import kuzet.jobs as jobs
from kuzet.model import Article
from kuzet.settings import load
from kuzet.store import Store
from kuzet.store.tables import analyses

TEXTS = [
    ("a1", "Граница", "Пограничники Кыргызстана и Таджикистана открыли огонь у села Ворух."),
    ("a2", "Water talks", "Uzbekistan and Kazakhstan agreed on releases from the Toktogul reservoir."),
]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "k.db"))
    for i, title, text in TEXTS:
        s.add_article(Article(id=i, title=title, text=text, paragraphs=(text,)))
    return s


def _versions(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(analyses.c.article_id, analyses.c.version)).all()
    return sorted((str(a), str(v)) for a, v in rows)


def test_reanalyze_fills_missing_then_replaces_stale(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(environ={})
    assert jobs.reanalyze(store, conf).ok == 2
    assert jobs.reanalyze(store, conf).ok == 0  # nothing stale
    monkeypatch.setattr(jobs, "PIPELINE_VERSION", "9.9.9")
    assert jobs.reanalyze(store, conf).ok == 2
    assert _versions(store) == [("a1", "9.9.9"), ("a2", "9.9.9")]  # replaced, never doubled
    record = store.get_analysis("a1")
    assert record is not None and "KG" in record["countries"]


def test_reanalyze_reports_unknown_ids(store: Store) -> None:
    report = jobs.reanalyze(store, load(environ={}), ids=["nope"])
    assert report.ok == 0 and report.rejected["K150"] == 1


def test_has_url_matches_fetched_and_canonical_urls(tmp_path: Path) -> None:
    s = Store(str(tmp_path / "u.db"))
    s.add_article(Article(id="u1", text="Текст", url="https://a.example/x?utm_source=t",
                          canonical_url="https://a.example/x"))
    assert s.has_url("https://a.example/x?utm_source=t")
    assert s.has_url("https://a.example/x")
    assert not s.has_url("https://a.example/y")
    s.close()
