"""Checks on the fictional demo corpus in src/kuzet/data/demo (see its README.md)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "kuzet" / "data" / "demo"
NOTE = "FICTIONAL DEMO ARTICLE"
LABELS: dict[str, Any] = json.loads((DEMO / "labels.json").read_text(encoding="utf-8"))
ITEMS: list[dict[str, Any]] = LABELS["items"]
HTML = sorted(p.relative_to(DEMO).as_posix() for p in (DEMO / "html").glob("*.html"))
FEEDS = sorted(p.relative_to(DEMO).as_posix() for p in (DEMO / "feeds").glob("*.xml"))
TEXTS = sorted(p.relative_to(DEMO).as_posix() for p in (DEMO / "text").glob("*.txt"))
JSONL = sorted(p.relative_to(DEMO).as_posix() for p in (DEMO / "jsonl").glob("*.jsonl"))
CHARSET = re.compile(rb'<meta charset="([A-Za-z0-9_-]+)"')


def _label(file: str, index: int = 0) -> dict[str, Any]:
    hits = [i for i in ITEMS if i["file"] == file and i["index"] == index]
    assert len(hits) == 1, (file, index)
    return hits[0]


def _html_text(file: str) -> tuple[str, str]:
    raw = (DEMO / file).read_bytes()
    found = CHARSET.search(raw)
    assert found, file
    charset = found.group(1).decode("ascii")
    return charset, raw.decode(charset)


def _published(item: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(item["published"])


def test_corpus_size_and_forms() -> None:
    assert len(ITEMS) >= 150
    forms = Counter(i["form"] for i in ITEMS)
    assert set(forms) == {"html", "rss", "atom", "txt", "jsonl"}
    share = {f: n / len(ITEMS) for f, n in forms.items()}
    assert 0.35 <= share["html"] <= 0.55
    assert 0.15 <= share["rss"] + share["atom"] <= 0.35
    assert 0.2 <= share["txt"] + share["jsonl"] <= 0.4
    assert sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file()) < 2_000_000


def test_languages_and_scripts() -> None:
    langs = Counter(i["language"] for i in ITEMS)
    assert len(langs) >= 8
    assert {"ar", "ru", "en", "kk", "ky", "uz", "tg", "tk", "fa", "ps"} <= set(langs)
    assert {i["script"] for i in ITEMS if i["language"] == "uz"} == {"Latn", "Cyrl"}


def test_dates_span_four_months() -> None:
    days = sorted(_published(i).date() for i in ITEMS)
    assert days[0] >= date(2026, 3, 1)
    assert days[-1] <= date(2026, 7, 31)
    assert (days[-1] - days[0]).days >= 120


def test_labels_cover_every_item_exactly_once() -> None:
    on_disk: set[tuple[str, int]] = set()
    on_disk |= {(f, 0) for f in HTML + TEXTS}
    for f in FEEDS:
        on_disk |= {(f, n) for n in range(len(feedparser.parse(str(DEMO / f)).entries))}
    for f in JSONL:
        lines = (DEMO / f).read_text(encoding="utf-8").splitlines()
        on_disk |= {(f, n) for n in range(len(lines))}
    labelled = [(i["file"], i["index"]) for i in ITEMS]
    assert len(labelled) == len(set(labelled))
    assert set(labelled) == on_disk
    assert len({i["id"] for i in ITEMS}) == len(ITEMS)
    assert len({i["url"] for i in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize("file", HTML)
def test_html_page(file: str) -> None:
    _charset, text = _html_text(file)
    assert NOTE in text
    doc = lxml.html.fromstring(text)
    item = _label(file)
    assert doc.findtext(".//h1") == item["title"]
    assert doc.xpath("string(//meta[@property='og:url']/@content)") == item["url"]
    assert doc.xpath("string(//time/@datetime)") == item["published"]
    assert doc.xpath("//nav") and doc.xpath("//footer") and doc.xpath("//aside")
    assert len(doc.xpath("//div[@class='article-body']/p")) >= 2
    assert doc.get("lang")


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r", "windows-1256"])
def test_legacy_charset_pages_exist_and_decode(charset: str) -> None:
    pages = [f for f in HTML if _html_text(f)[0] == charset]
    assert pages, charset
    for f in pages:
        raw = (DEMO / f).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert NOTE in raw.decode(charset)


@pytest.mark.parametrize("file", FEEDS)
def test_feed(file: str) -> None:
    feed = feedparser.parse(str(DEMO / file))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version.startswith("atom" if file.endswith(".atom.xml") else "rss")
    assert "FICTIONAL" in (feed.feed.get("subtitle") or feed.feed.get("description", ""))
    assert len(feed.entries) >= 2
    for n, entry in enumerate(feed.entries):
        item = _label(file, n)
        assert entry.link == item["url"]
        assert entry.title == item["title"]
        assert "fictional" in {t.term for t in entry.tags}
        assert entry.get("published_parsed")
        assert NOTE in entry.content[0].value


@pytest.mark.parametrize("file", TEXTS)
def test_plain_text_layout(file: str) -> None:
    lines = (DEMO / file).read_text(encoding="utf-8").splitlines()
    item = _label(file)
    # Reference layout: title, date line, author, one boilerplate line, body, note.
    assert lines[0] == item["title"]
    assert re.search(r"[0-9٠-٩۰-۹]", lines[1])
    assert len(lines) >= 7
    assert lines[-1].startswith(NOTE)


@pytest.mark.parametrize("file", JSONL)
def test_jsonl_records(file: str) -> None:
    for n, line in enumerate((DEMO / file).read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        assert {"id", "url", "title", "text", "published", "source"} <= set(rec)
        assert rec["fictional"] is True and NOTE in rec["text"]
        item = _label(file, n)
        assert (rec["id"], rec["url"]) == (item["id"], item["url"])
        datetime.fromisoformat(rec["published"])


def test_urls_use_reserved_example_domains() -> None:
    for item in ITEMS:
        assert re.match(r"https://[a-z0-9.-]+\.example/", item["url"]), item["url"]


def test_multi_outlet_multi_language_stories() -> None:
    outlets: dict[str, set[str]] = defaultdict(set)
    langs: dict[str, set[str]] = defaultdict(set)
    for item in ITEMS:
        outlets[item["story"]].add(item["outlet"])
        langs[item["story"]].add(item["language"])
    wide = [s for s in outlets if len(outlets[s]) >= 3 and len(langs[s]) >= 3]
    assert len(wide) >= 8
    assert max(len(outlets[s]) for s in wide) >= 6


@pytest.mark.parametrize("crisis", LABELS["crises"], ids=lambda c: c["storyline"])
def test_crisis_escalates_before_peak(crisis: dict[str, Any]) -> None:
    start, peak, end = (date.fromisoformat(crisis[k]) for k in ("start", "peak", "end"))
    assert start < peak < end
    assert crisis["countries"] and crisis["admin1"]
    per_day = Counter(_published(i).date() for i in ITEMS if i["storyline"] == crisis["storyline"])
    assert per_day[peak] == max(per_day.values())
    # Build-up: the week before the peak carries more items than any earlier week.
    week_before = sum(per_day[peak - timedelta(days=d)] for d in range(1, 8))
    earlier = [sum(per_day[peak - timedelta(days=d)] for d in range(w, w + 7))
               for w in range(8, 60, 7)]
    assert week_before > max(earlier)
    assert week_before >= 5


@pytest.mark.parametrize("storyline", LABELS["routine"])
def test_routine_volume_is_flat(storyline: str) -> None:
    weeks = Counter(_published(i).isocalendar()[:2] for i in ITEMS if i["storyline"] == storyline)
    months = Counter(_published(i).month for i in ITEMS if i["storyline"] == storyline)
    assert max(weeks.values()) <= 3
    assert max(months.values()) - min(months.values()) <= 2
    assert set(months) == {3, 4, 5, 6, 7}


def _build_module() -> Any:
    spec = importlib.util.spec_from_file_location("build_demo", ROOT / "scripts" / "build_demo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve annotations through sys.modules while the module executes.
    sys.modules["build_demo"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["build_demo"]
    return module


BUILD = _build_module()
PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23, 59)),
       st.sampled_from(sorted(BUILD.LANGS)))
def test_date_line_carries_day_month_year(when: datetime, lang: str) -> None:
    line = BUILD.date_line(lang, when).translate(PERSIAN)
    assert "2026" in line
    assert str(when.day) in line
    month = BUILD.LANGS[lang]["months"].split()[when.month - 1]
    assert month in line or f"{when.month:02d}" in line


@pytest.mark.parametrize(
    ("header", "lang", "form", "story", "flags"),
    [
        ("=== 2026-05-05 07:30 | ru | kabar | html | B-clash | enc=windows-1251",
         "ru", "html", "B-clash", {"enc": "windows-1251"}),
        ("=== 2026-06-11 12:00 | en | timesca | html | P-x | dup | caption",
         "en", "html", "P-x", {"dup": "1", "caption": "1"}),
        ("=== 2026-07-21 16:00 | uz-Cyrl | uza | rss:uza-uz | W-y", "uz-Cyrl", "rss:uza-uz",
         "W-y", {}),
    ],
)
def test_parse_items_header(
    tmp_path: Path, header: str, lang: str, form: str, story: str, flags: dict[str, str]
) -> None:
    src = tmp_path / "a.items"
    src.write_text(f"# comment\n\n{header}\nTitle\nFirst.\n\nSecond.\n", encoding="utf-8")
    [item] = BUILD.parse_items(src)
    assert (item.lang, item.form, item.story, item.flags) == (lang, form, story, flags)
    assert (item.title, item.paras) == ("Title", ["First.", "Second."])


def test_build_script_reproduces_committed_files(tmp_path: Path) -> None:
    assert BUILD.build(tmp_path) == len(ITEMS)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            rel = path.relative_to(tmp_path)
            assert path.read_bytes() == (DEMO / rel).read_bytes(), rel
