"""Full-text listing: the FTS-driven paths (few matches, many matches, relevance) give the
same articles as the general filtered query, the capped total, and the `serve` workers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from kuzet.store import Store
from kuzet.web import queries, server
from tests.test_web_api import TestClient, login, store, template_db, token  # noqa: F401

EARLY = datetime(1900, 1, 1)  # a filter that matches everything, to force the general path


def _ids(items: list[dict[str, object]]) -> list[object]:
    return [i["id"] for i in items]


@pytest.mark.parametrize("cap", [1000, 1, 2])
@pytest.mark.parametrize(("q", "offset"), [("Batken", 0), ("Batken", 1), ("batk", 0),
                                           ("border", 0), ("nothing-here", 0), ("", 0)])
def test_text_only_matches_general_query(store: Store, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                         cap: int, q: str, offset: int) -> None:
    monkeypatch.setattr(queries, "COUNT_CAP", cap)
    fast, total = queries.list_articles(store.engine, queries.ArticleFilter(q=q), 2, offset)
    slow, slow_total = queries.list_articles(store.engine,
                                             queries.ArticleFilter(q=q, since=EARLY), 2, offset)
    assert fast == slow and total == slow_total
    assert set(fast[0]) == {"id", "title", "language", "source", "published", "url"} if fast \
        else True


def test_relevance_gives_the_same_set(store: Store) -> None:  # noqa: F811
    newest, n = queries.list_articles(store.engine, queries.ArticleFilter(q="Batken"), 50)
    best, m = queries.list_articles(store.engine, queries.ArticleFilter(q="Batken"), 50,
                                    sort="relevance")
    assert n == m == 3 and sorted(_ids(newest)) == sorted(_ids(best))
    assert _ids(newest) == ["a-ar", "a-xss", "a-border"]


def test_api_and_page_sort(store: Store) -> None:  # noqa: F811
    from kuzet.web.app import create_app

    client = TestClient(create_app(store))
    headers = token(store, "viewer")
    body = client.get("/api/articles?q=Batken&sort=relevance", headers=headers).json()
    assert body["total"] == 3 and len(body["items"]) == 3
    assert client.get("/api/articles?q=Batken&sort=oldest", headers=headers).status_code == 422
    login(client, "viewer")
    html = client.get("/search?q=Batken&sort=relevance&lang=ru").text
    assert '<option value="relevance" selected>Сначала наиболее подходящие</option>' in html
    assert "/article/a-border" in html


def test_workers_and_worker_app(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    assert 1 <= server.default_workers() <= server.MAX_AUTO_WORKERS
    assert server.prepare({"db": store.engine.url.database}) is None  # accounts exist already
    monkeypatch.setenv(server.CONF_ENV, json.dumps({"db": store.engine.url.database, "activity_days": 7}))
    app = server.app_from_env()
    assert app.state.web.conf["activity_days"] == 7


def _brute(store: Store, kind: str, since: datetime | None,  # noqa: F811
           within: tuple[str, str] | None) -> dict[str, int]:
    """Counts per value straight from the facet rows, in Python."""
    import sqlalchemy as sa

    from kuzet.web.tables import facets

    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(facets)).all()
    keep = {r.article_id for r in rows if within is None or (r.kind, r.value) == within}
    out: dict[str, int] = {}
    for r in rows:
        if r.kind == kind and r.article_id in keep and (since is None or r.published >= since):
            out[r.value] = out.get(r.value, 0) + 1
    return out


@pytest.mark.parametrize("kind", ["admin1", "theme", "country", "event", "none"])
@pytest.mark.parametrize("since", [None, datetime(2026, 5, 10), datetime(2030, 1, 1)])
def test_facet_counts_and_weekly_agree_with_rows(store: Store, kind: str,  # noqa: F811
                                                 since: datetime | None) -> None:
    from kuzet.web import facets

    facets.sync(store.engine)
    assert queries.facet_counts(store.engine, kind, since) == _brute(store, kind, since, None)
    for within in (None, ("country", "KG"), ("admin1", "TJ-SU")):
        weekly = queries.weekly(store.engine, kind, datetime(2026, 5, 20), 4, within)
        assert {k: sum(v) for k, v in weekly.items()} == _brute(
            store, kind, datetime(2026, 5, 20) - timedelta(weeks=4), within)
