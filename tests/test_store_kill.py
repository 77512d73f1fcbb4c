"""A ``kill -9`` in the middle of a batch loses nothing committed and leaves no half row."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kuzet.store import Store
from kuzet.store.tables import articles
from tests.test_store_backends import BACKENDS, backend_url

ROOT = Path(__file__).resolve().parents[1]

# The child stores articles one by one and reports each id once add_article returned.
CHILD = """
import sys
from kuzet.model import Article
from kuzet.store import Store

def paragraphs(i):
    return tuple(f"marker{i}x{p} " + "слово сөз so'z كلمة " * 150 for p in range(12))

store = Store(sys.argv[1])
for i in range(100000):
    paras = paragraphs(i)
    aid, created = store.add_article(Article(
        id=f"k{i}", text="\\n\\n".join(paras), paragraphs=paras, title=f"Title {i}",
        url=f"https://kill.example/{i}", language="ru"))
    if i % 3 == 0:
        store.save_analysis(aid, {"n": i, "big": ["x" * 100] * 50}, "1")
    print(aid, flush=True)
"""


def expected_paragraphs(i: int) -> tuple[str, ...]:
    return tuple(f"marker{i}x{p} " + "слово сөз so'z كلمة " * 150 for p in range(12))


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)


def _fts_rows(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM article_fts")).scalar_one())


def test_kill_9_mid_batch(url: str) -> None:
    Store(url).close()  # migrate first, so the kill lands in the batch itself
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    reported: list[str] = []
    for line in child.stdout:
        reported.append(line.strip())
        if len(reported) >= 25:
            break
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate()
    reported += [x for x in rest.splitlines() if x.strip()]
    assert child.returncode == -signal.SIGKILL
    # a line cut by the kill is not a report
    reported = [r for r in reported if r.startswith("k") and r[1:].isdigit()]

    store = Store(url)
    try:
        for aid in reported:
            i = int(aid[1:])
            a = store.get_article(aid)
            assert a is not None, aid
            assert a.paragraphs == expected_paragraphs(i)
            assert a.text == "\n\n".join(a.paragraphs)
            assert [h["id"] for h in store.search(f"marker{i}x11")] == [aid]
            if i % 3 == 0:  # saved before the id was reported
                assert store.get_analysis(aid) == {"n": i, "big": ["x" * 100] * 50}
        # every stored article (reported or committed just before the kill) is whole
        stored = list(store.iter_articles())
        assert len(stored) >= len(reported)
        for a in stored:
            assert a.paragraphs == expected_paragraphs(int(a.id[1:]))
        assert _fts_rows(store) == len(stored)
        with store.engine.connect() as conn:
            ids = list(conn.execute(sa.select(articles.c.id)).scalars())
        assert len(ids) == len(set(ids)) == len(stored)
        # the store still takes writes after the crash
        assert store.add_article(stored[0])[1] is False
    finally:
        store.close()
