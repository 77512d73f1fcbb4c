"""`kuzet ingest` and `kuzet watch` through click, with the real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuzet.cli import cli
from tests.httpserver import LocalServer, Route, serve
from tests.test_ingest import EN, RU, page, rss

pytest.importorskip("kuzet.store")


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve({"/robots.txt": Route(b"", "text/plain", 404),
                "/en": Route(page("Water talks", EN).encode()),
                "/ru": Route(page("Совещание", RU, "windows-1251", "ru").encode("cp1251"),
                             "text/html; charset=windows-1251")}) as srv:
        srv.routes["/rss"] = Route(rss(srv.url(""), [("Item", "/ru", "")]),
                                   "application/rss+xml")
        yield srv


def _invoke(tmp: Path, *args: str) -> tuple[int, str]:
    runner = CliRunner()
    config = tmp / "kuzet.toml"
    if not config.exists():
        config.write_text('stages = ""\nhost_delay = 0.0\nretries = 0\n')
    result = runner.invoke(cli, ["--config", str(config), *args], catch_exceptions=False)
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def test_ingest_command(tmp_path: Path, server: LocalServer) -> None:
    db = str(tmp_path / "k.db")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out = _invoke(tmp_path, "ingest", "--db", db, "--allow-private",
                        server.url("/en"), server.url("/rss"), str(empty))
    assert code == 0, out
    assert f"K101 {empty}: " in out
    assert "2 stored, 0 duplicates, 1 empty input (K101)" in out
    code, out = _invoke(tmp_path, "ingest", "--db", db, "--allow-private", server.url("/en"))
    assert code == 0 and "0 stored, 1 duplicates" in out
    code, out = _invoke(tmp_path, "ingest", "--db", db, "--allow-private", "--strict",
                        server.url("/en"), str(empty))
    assert code == 1

    from kuzet.store import Store

    with Store(db) as store:
        hits = store.search("водохранилищах")
        assert hits
        stored = store.get_article(str(hits[0]["id"]))
        assert stored is not None and stored.title == "Item"
        assert store.get_analysis(stored.id) is not None


def test_nothing_ingested_fails(tmp_path: Path) -> None:
    code, out = _invoke(tmp_path, "ingest", "--db", str(tmp_path / "k.db"),
                        str(tmp_path / "missing.html"))
    assert code == 1
    assert "K100" in out


def test_watch_command(tmp_path: Path, server: LocalServer) -> None:
    (tmp_path / "kuzet.toml").write_text(
        f'stages = ""\nhost_delay = 0.0\n[[sources]]\nname = "t"\nurl = "{server.url("/rss")}"\n'
        'kind = "feed"\n')
    code, out = _invoke(tmp_path, "watch", "--db", str(tmp_path / "k.db"), "--allow-private",
                        "--polls", "1")
    assert code == 0, out
    assert "poll 1: 1 stored" in out
    import sqlalchemy as sa

    from kuzet.store import Store, sources

    with Store(str(tmp_path / "k.db")) as store, store.engine.connect() as conn:
        rows = conn.execute(sa.select(sources.c.name, sources.c.kind)).all()
    assert [tuple(r) for r in rows] == [("t", "feed")]


def test_watch_without_feeds(tmp_path: Path) -> None:
    code, out = _invoke(tmp_path, "watch", "--db", str(tmp_path / "k.db"), "--polls", "1")
    assert code != 0
    assert "K170" in out
