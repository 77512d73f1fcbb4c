"""The store on the real texts of ../shared: every language finds its own articles."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kuzet.model import PARAGRAPH_SEP, Article
from kuzet.store import Store, fts
from tests.shared import SHARED, needs_shared
from tests.test_store_backends import BACKENDS, backend_url

NEWS = SHARED / "eval" / "dev" / "news.jsonl"
SEED = SHARED / "seed" / "unrcca-kazakhstan-2023-08-26.ar.txt"
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")

pytestmark = [needs_shared, pytest.mark.shared]


def _article(record: dict[str, object]) -> Article:
    paras = tuple(dict.fromkeys(p.strip() for p in str(record["text"]).split("\n\n")
                                if p.strip()))
    return Article(id=str(record["id"]), text=PARAGRAPH_SEP.join(paras), paragraphs=paras,
                   url=str(record["url"]), language=str(record["lang"]))


def _records() -> list[dict[str, object]]:
    if not NEWS.exists():
        return []
    return [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[Store, list[Article]]]:
    gen = backend_url(request.param, tmp_path_factory.mktemp("shared"))
    store = Store(next(gen))
    items = [_article(r) for r in _records()]
    for a in items:
        store.add_article(a)
    yield store, items
    store.close()
    gen.close()


def _distinctive_words(article: Article, n: int = 3) -> list[str]:
    """The article's longest words, spelled as in the text (picked at run time)."""
    words = {article.text[s:e] for _, s, e in fts.keyed(article.text).tokens()}
    return sorted(words, key=lambda w: (-len(w), w))[:n]


def test_each_article_finds_itself(loaded: tuple[Store, list[Article]]) -> None:
    store, items = loaded
    missed = []
    for a in items:
        for word in _distinctive_words(a):
            if a.id not in {h["id"] for h in store.search(word, limit=50)}:
                missed.append((a.id, a.language))
    assert not missed


def test_stored_once(loaded: tuple[Store, list[Article]]) -> None:
    store, items = loaded
    for a in items:
        assert store.add_article(a) == (a.id, False)
    counts = store.counts()
    assert counts["articles"] == len(items)
    assert len(counts["by_language"]) == 10


@pytest.mark.skipif(not SEED.exists(), reason="../shared seed article is absent")
def test_seed_arabic_without_diacritics(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    paras = tuple(p.strip() for p in text.split("\n\n") if p.strip())
    store = Store(str(tmp_path / "k.db"))
    store.add_article(Article(id="seed", text=PARAGRAPH_SEP.join(paras), paragraphs=paras,
                              language="ar"))
    voweled = [w for w in re.findall(r"\S+", text) if _HARAKAT.search(w)]
    assert voweled, "the seed article has words with diacritics"
    for word in voweled:
        bare = re.sub(r"[^\w]", "", _HARAKAT.sub("", word))
        assert [h["id"] for h in store.search(bare)] == ["seed"], bare
    store.close()
