"""The store suite, run on SQLite and (with KUZET_TEST_PG_URL) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kuzet.errors import KuzetError
from kuzet.model import PARAGRAPH_SEP, Article
from kuzet.store import Store, api, db
from kuzet.store.tables import analyses, articles, sources
from tests.test_store_backends import BACKENDS, backend_url


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    s = Store(url)
    yield s
    s.close()


def make(aid: str, *paragraphs: str, **kw: Any) -> Article:
    paras = paragraphs or (f"Body of {aid}.",)
    return Article(id=aid, text=PARAGRAPH_SEP.join(paras), paragraphs=tuple(paras), **kw)


def test_open_runs_migrations_once(url: str) -> None:
    Store(url).close()
    s = Store(url)  # second open: nothing to do, nothing breaks
    assert db.current_revision(s.engine) == db.head_revision()
    names = set(sa.inspect(s.engine).get_table_names())
    assert {"sources", "articles", "analyses", "alembic_version", "article_fts"} <= names
    s.close()


def test_head_is_core_or_later() -> None:
    assert db.head_revision() is not None


FULL = make(
    "kz-1", "Первый абзац.", "Второй абзац.",
    title="Заголовок", url="https://example.kz/a?utm=1", canonical_url="https://example.kz/a",
    source="example.kz", author="Автор", published=datetime(2024, 3, 1, 17, 5),
    language="ru", script="Cyrl", duplicates_removed=2, boilerplate_removed=("Печать",),
    fetched_at=datetime(2024, 3, 1, 12, 0), content_hash="abc123",
)


@pytest.mark.parametrize(
    "article",
    [
        FULL,
        make("bare", "Only text."),
        make("ar", "فقرة أولى.", "فقرة ثانية.", title="عنوان", language="ar", script="Arab"),
    ],
    ids=["full", "bare", "arabic"],
)
def test_roundtrip(store: Store, article: Article) -> None:
    stored_id, created = store.add_article(article)
    assert (stored_id, created) == (article.id, True)
    back = store.get_article(stored_id)
    assert back is not None
    assert back.text == article.text
    assert back.paragraphs == article.paragraphs
    assert back.doc == article.doc
    for name in ("title", "url", "source", "author", "published", "language", "script",
                 "duplicates_removed", "boilerplate_removed", "fetched_at"):
        assert getattr(back, name) == getattr(article, name), name
    assert back.canonical_url == (article.canonical_url or article.url)
    assert back.content_hash == (article.content_hash or api.content_hash(article.text))


def test_missing_article(store: Store) -> None:
    assert store.get_article("nope") is None
    assert store.get_analysis("nope") is None


def test_timestamps(store: Store) -> None:
    almaty = timezone(timedelta(hours=5))
    a = make("tz", published=datetime(2024, 1, 1, 9, 0, tzinfo=almaty),
             fetched_at=datetime(2024, 1, 1, 9, 0, tzinfo=almaty))
    store.add_article(a)
    back = store.get_article("tz")
    assert back is not None
    assert back.published == datetime(2024, 1, 1, 9, 0)  # local wall clock kept
    assert back.fetched_at == datetime(2024, 1, 1, 4, 0)  # UTC


@pytest.mark.parametrize(
    ("second", "same"),
    [
        (make("b", "Other text.", canonical_url="https://x/1"), True),
        (make("b", "Other text.", url="https://x/1?ref=feed", canonical_url="https://x/1"), True),
        (make("b", "Other text.", content_hash="h1"), True),
        (make("b", "Other text.", url="https://x/1"), True),  # URL when no canonical
        (make("b", "Other text.", url="https://x/2", content_hash="h2"), False),
        (make("a", "Other text.", url="https://x/3", content_hash="h3"), False),  # id taken
    ],
)
def test_dedupe(store: Store, second: Article, same: bool) -> None:
    first = make("a", "Same body.", url="https://x/1", content_hash="h1")
    assert store.add_article(first) == ("a", True)
    got_id, created = store.add_article(second)
    assert created is not same
    assert (got_id == "a") is same
    if not same and second.id == "a":
        assert got_id == "a-2"
    assert store.counts()["articles"] == (1 if same else 2)


def test_dedupe_on_computed_hash(store: Store) -> None:
    # Without a content hash from extraction, the same text (spelled differently) is one item.
    assert store.add_article(make("a", "Oʻzbekiston va Qozogʻiston", url="https://x/1"))[1]
    got = store.add_article(make("b", "O'zbekiston  va QOZOG'ISTON", url="https://y/1"))
    assert got == ("a", False)


def test_dedupe_is_idempotent_over_many_runs(store: Store) -> None:
    batch = [make(f"n{i}", f"Text number {i}.", url=f"https://x/{i}") for i in range(10)]
    for _ in range(3):
        for a in batch:
            store.add_article(a)
    assert store.counts()["articles"] == 10


def test_race_falls_back_to_existing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_article(make("a", "Text.", url="https://x/1"))
    calls = {"n": 0}
    real = Store._find

    def blind_once(self: Store, *args: Any) -> str | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(self, *args)

    # The first check misses (as if another writer committed in between): the unique
    # constraint must catch it and the existing id come back.
    monkeypatch.setattr(Store, "_find", blind_once)
    assert store.add_article(make("other", "Text.", url="https://x/1")) == ("a", False)
    assert store.counts()["articles"] == 1


def test_concurrent_writers(url: str) -> None:
    stores = [Store(url) for _ in range(4)]
    batch = [make(f"c{i}", f"Concurrent {i}.", url=f"https://c/{i}") for i in range(15)]

    def work(s: Store) -> list[tuple[str, bool]]:
        return [s.add_article(a) for a in batch]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, stores))
    created = [r for rs in results for r in rs if r[1]]
    assert sorted(i for i, _ in created) == sorted(a.id for a in batch)
    assert stores[0].counts()["articles"] == 15
    for s in stores:
        s.close()


def test_sources(store: Store) -> None:
    sid = store.upsert_source("akipress", url="https://akipress.org")
    assert store.upsert_source("akipress") == sid
    assert store.upsert_source("akipress", kind="rss", language="ru") == sid
    store.add_article(make("s1", source="akipress"))
    store.add_article(make("s2", source="new-source"))
    with store.engine.connect() as conn:
        rows = {r.name: r for r in conn.execute(sa.select(sources))}
        linked = dict(conn.execute(sa.select(articles.c.id, articles.c.source_id)).all())
    assert rows["akipress"].url == "https://akipress.org"
    assert (rows["akipress"].kind, rows["akipress"].language) == ("rss", "ru")
    assert linked == {"s1": sid, "s2": rows["new-source"].id}


def test_analysis_is_replaced(store: Store) -> None:
    store.add_article(make("a"))
    store.add_article(make("b"))
    assert store.ids_needing_analysis("1") == ["a", "b"]
    store.save_analysis("a", {"countries": ["KZ"]}, "1")
    assert store.ids_needing_analysis("1") == ["b"]
    store.save_analysis("a", {"countries": ["KG"], "nested": {"x": [1, 2]}}, "2")
    assert store.get_analysis("a") == {"countries": ["KG"], "nested": {"x": [1, 2]}}
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(analyses.c.article_id, analyses.c.version)).all()
    assert [tuple(r) for r in rows] == [("a", "2")]
    assert store.ids_needing_analysis("2") == ["b"]
    assert store.ids_needing_analysis("3") == ["a", "b"]


def test_analyses_saved_in_one_batch(store: Store) -> None:
    for aid in ("a", "b", "c"):
        store.add_article(make(aid))
    store.save_analysis("a", {"countries": ["KZ"]}, "1")
    store.save_analyses([("a", {"countries": ["KG"]}), ("b", {"countries": ["TJ"]})], "2")
    assert store.get_analysis("a") == {"countries": ["KG"]}  # replaced, not doubled
    assert store.ids_needing_analysis("2") == ["c"]
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(analyses)).scalar_one() == 2
    with pytest.raises(KuzetError) as err:  # one unknown id: nothing of the batch is saved
        store.save_analyses([("c", {}), ("ghost", {})], "2")
    assert err.value.code == "K150"
    assert store.ids_needing_analysis("2") == ["c"]
    store.save_analyses([], "2")


def test_analysis_needs_article(store: Store) -> None:
    with pytest.raises(KuzetError) as err:
        store.save_analysis("ghost", {}, "1")
    assert err.value.code == "K150"


@pytest.fixture
def filled(store: Store) -> Store:
    for i in range(7):
        store.add_article(make(
            f"f{i}", f"Filled {i}.", language="ru" if i % 2 else "kk",
            source="a" if i < 3 else "b", published=datetime(2024, 1, 1 + i, 12, 0),
        ))
    store.add_article(make("undated", "No date.", language="en"))
    return store


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "undated"]),
        ({"language": "ru"}, ["f1", "f3", "f5"]),
        ({"source": "a"}, ["f0", "f1", "f2"]),
        ({"since": datetime(2024, 1, 5)}, ["f4", "f5", "f6"]),
        ({"until": datetime(2024, 1, 3)}, ["f0", "f1"]),
        ({"since": datetime(2024, 1, 2), "until": datetime(2024, 1, 5), "language": "kk"},
         ["f2"]),
        ({"limit": 3}, ["f0", "f1", "f2"]),
        ({"limit": 0}, []),
        ({"since": datetime(2024, 1, 5, tzinfo=UTC), "limit": 2}, ["f4", "f5"]),
    ],
)
def test_iter_articles(filled: Store, kwargs: dict[str, Any], expected: list[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "_PAGE", 2)  # exercise paging
    assert [a.id for a in filled.iter_articles(**kwargs)] == expected


def test_counts(filled: Store) -> None:
    filled.save_analysis("f0", {}, "1")
    c = filled.counts()
    assert c["articles"] == 8
    assert c["analyses"] == 1
    assert c["by_language"] == {"kk": 4, "ru": 3, "en": 1}
    assert c["by_source"] == {"a": 3, "b": 4, "": 1}
    assert (c["first_published"], c["last_published"]) == ("2024-01-01T12:00", "2024-01-07T12:00")


def test_bad_database_is_a_kuzet_error(tmp_path: Path) -> None:
    with pytest.raises(KuzetError) as err:
        Store(str(tmp_path / "missing-dir" / "k.db"))
    assert err.value.code == "K150"


def test_id_race_retries(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_article(make("x", "First."))
    calls = {"n": 0}
    real = Store._free_id

    def stale_once(self: Store, conn: Any, wanted: str) -> str:
        calls["n"] += 1
        return wanted if calls["n"] == 1 else real(self, conn, wanted)

    # As if another writer took the id after we looked: the insert fails, the retry wins.
    monkeypatch.setattr(Store, "_free_id", stale_once)
    assert store.add_article(make("x", "Second.")) == ("x-2", True)


def test_downgrade_and_upgrade_again(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    with Store(url) as s:
        s.add_article(make("a"))
        with resources.as_file(resources.files("kuzet.store") / "migrations") as loc:
            cfg = Config()
            cfg.set_main_option("script_location", str(loc))
            with db.writing(s.engine) as conn:
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "base")
        assert db.current_revision(s.engine) is None
        assert "articles" not in sa.inspect(s.engine).get_table_names()
    with Store(url) as s:
        assert s.counts()["articles"] == 0
        assert s.add_article(make("a")) == ("a", True)
        assert [h["id"] for h in s.search("body")] == ["a"]
