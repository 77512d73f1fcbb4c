"""Ingestion end to end against a local HTTP server (127.0.0.1 only) and temp files.

Every text below is invented for these tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from kuzet import settings as settings_mod
from kuzet.errors import Report
from kuzet.ingest.run import Ingestor, exit_code, ingest
from kuzet.ingest.state import FeedState
from kuzet.ingest.watch import watch
from kuzet.model import Article
from tests.httpserver import LocalServer, Route, serve

RU = [
    "Министры водного хозяйства трёх соседних государств встретились во вторник, чтобы "
    "обсудить график попусков воды из водохранилища на предстоящий летний сезон.",
    "По словам участников, стороны договорились создать рабочую группу, которая "
    "подготовит проект соглашения о совместном мониторинге уровня воды в реке.",
    "Следующая встреча запланирована на осень, когда будут подведены итоги поливного "
    "сезона и оценены запасы воды в водохранилищах региона.",
]
AR = [
    "اجتمع وزراء المياه في ثلاث دول متجاورة يوم الثلاثاء لمناقشة جدول إطلاق المياه من "
    "الخزان خلال موسم الصيف المقبل وتقاسم الحصص بين المزارعين.",
    "وقال المشاركون إن الأطراف اتفقت على تشكيل فريق عمل يعد مشروع اتفاق بشأن المراقبة "
    "المشتركة لمستوى المياه في النهر خلال الأشهر القادمة.",
    "ومن المقرر عقد الاجتماع التالي في الخريف لتقييم نتائج موسم الري واحتياطيات المياه.",
]
EN = [
    "Water ministers of three neighbouring states met on Tuesday to discuss the schedule of "
    "releases from the reservoir for the coming summer season and the quotas of farmers.",
    "Participants said the sides agreed to set up a working group that will draft an "
    "agreement on joint monitoring of the river level over the coming months.",
    "The next meeting is planned for the autumn, when the results of the irrigation season "
    "and the water reserves of the region's reservoirs will be assessed.",
]


def page(title: str, paras: list[str], charset: str = "utf-8", lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">'
            f"<title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>\n{body}</article><footer>(c) Test</footer>"
            "</body></html>")


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{link}</link><guid>{base}{link}</guid>"
        f"<pubDate>Tue, 10 Jun 2025 14:30:00 +0500</pubDate>"
        f"<description><![CDATA[{content}]]></description></item>"
        for t, link, content in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Test feed</title><link>{base}/</link>{entries}</channel></rss>").encode()


def atom(base: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>'
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title>'
            f'<id>{base}/atom</id><updated>2025-06-11T09:00:00Z</updated>'
            f'<entry><title>Atom entry</title><link href="{base}/ar"/><id>{base}/ar</id>'
            f"<updated>2025-06-11T09:00:00Z</updated></entry></feed>").encode()


class MemoryStore:
    """The two methods ingestion needs, plus a URL lookup, in memory."""

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}
        self.analyses: dict[str, tuple[dict[str, Any], str]] = {}

    def add_article(self, article: Article) -> tuple[str, bool]:
        for stored in self.articles.values():
            same_url = article.url and stored.url == article.url
            if same_url or stored.content_hash == article.content_hash:
                return stored.id, False
        self.articles[article.id] = article
        return article.id, True

    def save_analysis(self, article_id: str, record: dict[str, Any], version: str) -> None:
        self.analyses[article_id] = (record, version)

    def has_url(self, url: str) -> bool:
        return any(a.url == url for a in self.articles.values())

    def by_url(self, url: str) -> Article:
        return next(a for a in self.articles.values() if a.url == url)


def _rss_route(srv: LocalServer) -> Route:
    base = srv.url("")
    return Route(rss(base, [
        ("Good item", "/ru", ""),
        ("Blocked item", "/blocked/x", "".join(f"<p>{p}</p>" for p in EN)),
        ("Broken item", "/err500", ""),
    ]), "application/rss+xml")


def _conditional(srv: LocalServer) -> Any:
    def handler(path: str, headers: Mapping[str, str]) -> Route:
        if headers.get("if-none-match") == '"f1"':
            return Route(b"", "", 304)
        return Route(rss(srv.url(""), [("Cond item", "/en", "")]), "application/rss+xml",
                     headers={"ETag": '"f1"'})
    return handler


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    routes: dict[str, Any] = {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /blocked/\n", "text/plain"),
        "/ru": Route(page("Совещание по воде", RU, lang="ru").encode()),
        "/en": Route(page("Water talks", EN).encode()),
        "/ar": Route(page("محادثات المياه", AR, lang="ar").encode()),
        "/cp1251": Route(page("Совещание по воде", RU, "windows-1251", "ru").encode("cp1251"),
                         "text/html; charset=windows-1251"),
        "/koi8": Route(page("Совещание по воде", RU, "koi8-r", "ru").encode("koi8-r"),
                       "text/html"),
        "/cp1256": Route(page("محادثات المياه", AR, "windows-1256", "ar").encode("cp1256"),
                         "text/html; charset=windows-1256"),
        "/empty": Route(b"<html><head><title></title></head><body><div> </div></body></html>"),
        "/binary": Route(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png"),
        "/loop": Route(b"", "", 302, {"Location": "/loop2"}),
        "/loop2": Route(b"", "", 302, {"Location": "/loop"}),
        "/big": Route(b"<p>" + b"x" * 300_000 + b"</p>"),
        "/slow": Route(b"late", "text/plain", delay=1.0),
        "/err500": Route(b"oops", "text/plain", 500),
        "/broken-feed": Route(b"<rss><channel><item><title>x", "application/rss+xml"),
        "/blocked/x": Route(page("Blocked", EN).encode()),
    }
    with serve(routes) as srv:
        srv.routes["/rss"] = _rss_route(srv)
        srv.routes["/atom"] = Route(atom(srv.url("")), "application/atom+xml")
        srv.routes["/cond"] = _conditional(srv)
        yield srv


@pytest.fixture
def cfg(tmp_path: Path) -> dict[str, Any]:
    values = settings_mod.load(config=tmp_path / "absent.toml", environ={})
    values.update(allow_private=True, host_delay=0.0, retries=0, backoff=0.0, timeout=0.5,
                  max_bytes=200_000, stages="", db=str(tmp_path / "k.db"))
    return values


def run(sources: list[str], store: MemoryStore, cfg: dict[str, Any]) -> tuple[Report, list[str]]:
    lines: list[str] = []
    report = ingest(sources, store, cfg, echo=lines.append)
    return report, lines


@pytest.mark.parametrize(
    ("path", "word"),
    [("/ru", "водохранилища"), ("/en", "reservoir"), ("/ar", "الخزان"),
     ("/cp1251", "водохранилища"), ("/koi8", "водохранилища"), ("/cp1256", "الخزان")],
)
def test_pages_and_legacy_encodings(server: LocalServer, cfg: dict[str, Any],
                                    path: str, word: str) -> None:
    store = MemoryStore()
    report, lines = run([server.url(path)], store, cfg)
    assert report.ok == 1, lines
    article = store.by_url(server.url(path))
    assert word in article.text
    assert article.id in store.analyses  # stored articles are analysed


@pytest.mark.parametrize(
    ("path", "code"),
    [("/empty", "K110"), ("/binary", "K104"), ("/loop", "K122"), ("/big", "K103"),
     ("/slow", "K121"), ("/err500", "K120"), ("/blocked/x", "K123"), ("/missing", "K120"),
     ("/broken-feed", "K130")],
)
def test_bad_urls_give_one_line(server: LocalServer, cfg: dict[str, Any],
                                path: str, code: str) -> None:
    store = MemoryStore()
    report, lines = run([server.url(path), server.url("/en")], store, cfg)
    assert report.ok == 1  # the batch went on
    assert report.rejected == {code: 1}
    assert lines[0].startswith(f"{code} {server.url(path)}: ")
    assert exit_code(report) == 0
    assert exit_code(report, strict=True) == 1


def test_rss_follows_links_falls_back_and_remembers(server: LocalServer,
                                                    cfg: dict[str, Any]) -> None:
    store = MemoryStore()
    report, lines = run([server.url("/rss")], store, cfg)
    # /ru fetched; /blocked/x refused by robots.txt but its feed content is kept
    assert report.ok == 2, lines
    assert report.rejected == {"K120": 1}
    assert lines[0].startswith("K120 " + server.url("/err500"))
    good = store.by_url(server.url("/ru"))
    assert good.title == "Good item"  # feed metadata wins
    assert good.published is not None and good.published.hour == 14  # the source's wall time
    assert "reservoir" in store.by_url(server.url("/blocked/x")).text
    # second run: stored items are skipped, the transient failure is tried again
    hits = server.hits("/ru")
    report2, _lines2 = run([server.url("/rss")], store, cfg)
    assert server.hits("/ru") == hits
    assert report2.ok == 0 and report2.rejected == {"K120": 1}


def test_atom_feed(server: LocalServer, cfg: dict[str, Any]) -> None:
    store = MemoryStore()
    report, _ = run([server.url("/atom")], store, cfg)
    assert report.ok == 1
    assert "الخزان" in store.by_url(server.url("/ar")).text


def test_conditional_get_state_persists(server: LocalServer, cfg: dict[str, Any],
                                        tmp_path: Path) -> None:
    store = MemoryStore()
    run([server.url("/cond")], store, cfg)
    state = json.loads((tmp_path / "k.db.feeds.json").read_text())
    assert state["feeds"][server.url("/cond")]["etag"] == '"f1"'
    lines: list[str] = []
    ingest([server.url("/cond")], store, cfg, echo=lines.append)
    assert "1 unchanged feeds" in lines[-1]
    # the database was reset: validators are not trusted, the item comes back
    fresh = MemoryStore()
    report, _ = run([server.url("/cond")], fresh, cfg)
    assert report.ok == 1


def test_duplicates_counted_not_stored(server: LocalServer, cfg: dict[str, Any]) -> None:
    store = MemoryStore()
    report, _ = run([server.url("/en"), server.url("/en")], store, cfg)
    assert (report.ok, report.duplicates, len(store.articles)) == (1, 1, 1)


def test_loopback_refused_by_default(server: LocalServer, cfg: dict[str, Any]) -> None:
    cfg["allow_private"] = False
    report, _lines = run([server.url("/en")], MemoryStore(), cfg)
    assert report.rejected == {"K124": 1}
    assert exit_code(report) == 1


def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_files_and_directories(tmp_path: Path, cfg: dict[str, Any]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _write(docs, "a.html", page("Water talks", EN))
    _write(docs, "b.htm", page("Совещание", RU, "windows-1251", "ru").encode("cp1251"))
    _write(docs, "c.txt", "\n\n".join(RU[::-1]))
    _write(docs, "d.jsonl", "\n".join([
        json.dumps({"id": "x1", "url": "https://example.org/x1", "title": "T",
                    "text": "\n\n".join(AR), "published": "2025-06-01T10:00:00",
                    "source": "test"}),
        "{not json",
        "[1, 2]",
        "",
    ]))
    _write(docs, "e.txt", "")
    _write(docs, "f.html", bytes(range(256)) * 4)
    _write(docs, "ignored.pdf", b"%PDF-1.4")
    (docs / ".hidden").mkdir()
    _write(docs / ".hidden", "g.html", page("Hidden", EN))
    odd = _write(tmp_path, "notes.docx", b"PK\x03\x04stuff")
    store = MemoryStore()
    report, lines = run([str(docs), str(odd), str(tmp_path / "nope.html"),
                         str(tmp_path / "emptydir")], store, cfg)
    assert report.ok == 4, lines
    assert report.rejected == {"K111": 2, "K101": 1, "K102": 1, "K104": 1, "K100": 2}
    assert any(line.startswith(f"K111 {docs / 'd.jsonl'}:2: ") for line in lines)
    assert any(line.startswith(f"K101 {docs / 'e.txt'}: ") for line in lines)
    assert "x1" in store.articles


def test_feed_file_with_content_only(tmp_path: Path, cfg: dict[str, Any]) -> None:
    feed = rss("", [("Only content", "", "".join(f"<p>{p}</p>" for p in EN))])
    path = _write(tmp_path, "feed.xml", feed.replace(b"<link></link>", b""))
    store = MemoryStore()
    report, lines = run([str(path)], store, cfg)
    assert report.ok == 1, lines
    again, _ = run([str(path)], store, cfg)
    assert again.ok == 0 and sum(again.rejected.values()) == 0


def test_nothing_ingested_exit_code(tmp_path: Path, cfg: dict[str, Any]) -> None:
    report, lines = run([str(_write(tmp_path, "x.txt", " \n"))], MemoryStore(), cfg)
    assert exit_code(report) == 1 and len(lines) == 2  # one rejection line + summary


def test_watch_polls_and_sleeps(server: LocalServer, cfg: dict[str, Any]) -> None:
    cfg["_config"] = {"sources": [{"name": "cond", "url": server.url("/cond"),
                                   "kind": "feed", "timezone": "Asia/Almaty"}]}
    sleeps: list[float] = []
    lines: list[str] = []
    store = MemoryStore()
    total = watch(store, cfg, polls=3, interval=7, sleep=sleeps.append, echo=lines.append)
    assert sleeps == [7, 7]
    assert total.ok == 1
    assert sum(" poll " in line for line in lines) == 3


def test_ingestor_state_in_memory(server: LocalServer, cfg: dict[str, Any]) -> None:
    store = MemoryStore()
    ing = Ingestor(store, cfg, Report(), analyze=False, state=FeedState(None))
    ing.run([server.url("/rss")])
    ing.close()
    assert store.analyses == {}
    assert ing.stats.fallbacks == 1
