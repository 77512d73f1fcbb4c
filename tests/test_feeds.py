from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.errors import KuzetError, Rejected
from kuzet.ingest.feeds import looks_like_feed, parse_date, parse_feed
from kuzet.ingest.sources import Source, configured, default_feeds

REGION = {"kk", "ky", "tg", "tk", "uz", "ru", "fa", "ps", "ar", "en"}


@pytest.mark.parametrize(
    ("raw", "zone", "expected"),
    [
        ("Tue, 10 Jun 2025 14:30:00 +0500", None, datetime(2025, 6, 10, 14, 30)),
        ("Tue, 10 Jun 2025 09:30:00 GMT", "Asia/Almaty", datetime(2025, 6, 10, 14, 30)),
        ("2025-06-11T09:00:00Z", "Asia/Kabul", datetime(2025, 6, 11, 13, 30)),
        ("2025-06-11T09:00:00+03:00", None, datetime(2025, 6, 11, 9, 0)),
        ("2025-06-11T09:00:00", "Asia/Tashkent", datetime(2025, 6, 11, 9, 0)),
        ("yesterday-ish", None, None),
        ("", None, None),
    ],
)
def test_parse_date(raw: str, zone: str | None, expected: datetime | None) -> None:
    assert parse_date(raw, None, zone) == expected


def test_parse_date_falls_back_to_parsed_struct() -> None:
    import time

    parsed = time.strptime("2025-06-11 09:00", "%Y-%m-%d %H:%M")
    assert parse_date("garbage", parsed, "Asia/Dushanbe") == datetime(2025, 6, 11, 14, 0)


@given(st.text(max_size=60), st.sampled_from([None, "Asia/Almaty", "Not/AZone", ""]))
def test_parse_date_never_raises(raw: str, zone: str | None) -> None:
    result = parse_date(raw, None, zone)
    assert result is None or result.tzinfo is None


@given(st.binary(max_size=400))
def test_parse_feed_rejects_or_parses_any_bytes(data: bytes) -> None:
    try:
        feed = parse_feed(data, "x")
    except Rejected as err:
        assert err.code == "K130"
    else:
        assert isinstance(feed.items, tuple)


@pytest.mark.parametrize(
    ("data", "ctype", "expected"),
    [(b"<?xml version='1.0'?><rss version='2.0'>", "", True),
     (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "text/xml", True),
     (b"<html><body>hi</body></html>", "text/html", False),
     (b"anything", "application/rss+xml", True),
     (b"<?xml version='1.0'?><urlset>", "application/xml", False)],
)
def test_looks_like_feed(data: bytes, ctype: str, expected: bool) -> None:
    assert looks_like_feed(data, ctype) is expected


def test_rss_in_legacy_encoding() -> None:
    doc = ('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
           "<title>Лента</title><item><title>Водохранилище</title>"
           "<link>https://example.org/1</link></item></channel></rss>").encode("cp1251")
    feed = parse_feed(doc, "x")
    assert feed.title == "Лента"
    assert feed.items[0].title == "Водохранилище"


def test_default_feed_list_is_sane() -> None:
    feeds = default_feeds()
    assert len(feeds) >= 30
    assert len({f.name for f in feeds}) == len(feeds)
    assert len({f.url for f in feeds}) == len(feeds)
    assert all(f.url.startswith("https://") and f.kind == "feed" for f in feeds)
    assert all(not f.verified for f in feeds)  # unverified until polled for real
    assert {f.language for f in feeds} >= REGION
    from zoneinfo import ZoneInfo

    for f in feeds:
        if f.timezone:
            ZoneInfo(f.timezone)


def _settings(**extra: Any) -> dict[str, Any]:
    return {"feeds": "", "_config": {}, **extra}


def test_default_feeds_off_unless_asked() -> None:
    assert configured(_settings()) == []
    assert len(configured(_settings(feeds="default"))) == len(default_feeds())
    assert len(configured(_settings(), feeds="default")) == len(default_feeds())
    assert configured(_settings(feeds="default"), feeds="none") == []


def test_configured_sources_from_toml() -> None:
    rows = [{"name": "A", "url": "https://a.example/rss", "kind": "feed", "language": "ky",
             "timezone": "Asia/Bishkek"},
            {"url": "https://a.example/rss"},
            {"url": "https://b.example/page", "kind": "page"}]
    got = configured(_settings(_config={"sources": rows}))
    assert got == [Source("A", "https://a.example/rss", "feed", "ky", "Asia/Bishkek"),
                   Source("b.example", "https://b.example/page", "page")]
    assert got[0].meta() == {"language": "ky"}


@pytest.mark.parametrize("row", [{"name": "x"}, {"url": "https://x", "kind": "video"}])
def test_bad_source_rows(row: dict[str, Any]) -> None:
    with pytest.raises(KuzetError) as info:
        configured(_settings(_config={"sources": [row]}))
    assert info.value.code == "K170"


def test_unknown_feed_list() -> None:
    with pytest.raises(KuzetError):
        configured(_settings(feeds="everything"))
