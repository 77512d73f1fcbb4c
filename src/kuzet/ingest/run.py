"""Ingestion: files, directories, JSON Lines, feeds and pages into the store, analysed.

Every input either ends up stored (or recognised as already stored) or gives exactly one
rejection line naming it and the reason; the batch always goes on. Feed items are
remembered per feed (see :mod:`kuzet.ingest.state`) so a poll only fetches new items,
and conditional-GET validators are only kept when no item failed transiently — so a
network hiccup can delay an item, never lose it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError

from kuzet.annotate.pipeline import PIPELINE_VERSION, Pipeline
from kuzet.errors import KuzetError, Rejected, Report
from kuzet.ingest import convert, files, local
from kuzet.ingest.feeds import FEED_TYPES, FeedItem, looks_like_feed, parse_feed
from kuzet.ingest.fetch import Fetched, Fetcher, FetchPolicy, is_transient
from kuzet.ingest.sources import Source, by_url, configured, default_feeds
from kuzet.ingest.state import FeedMemory, FeedState, state_path
from kuzet.model import Article

Outcome = Literal["stored", "duplicate", "rejected", "transient"]
Echo = Callable[[str], None]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


class ArticleStore(Protocol):
    """What ingestion needs from :class:`kuzet.store.Store`."""

    def add_article(self, article: Article) -> tuple[str, bool]:
        """Store an article unless already there: (id, created)."""

    def save_analysis(self, article_id: str, record: dict[str, Any], version: str) -> None:
        """Store (replace) the analysis record of an article."""


@dataclass
class Stats:
    """What a run did besides storing and rejecting."""

    unchanged: int = 0  # feeds that answered 304 Not Modified
    skipped: int = 0  # feed items already dealt with on an earlier poll
    fallbacks: int = 0  # items stored from the feed's own content because the page failed

    def summary(self) -> str:
        """The non-zero counters, for the end of the summary line."""
        parts = [(self.unchanged, "unchanged feeds"), (self.skipped, "items seen before"),
                 (self.fallbacks, "items from feed content")]
        return ", ".join(f"{n} {what}" for n, what in parts if n)


def is_url(value: str) -> bool:
    """Whether a command-line input is a URL rather than a path."""
    return urlsplit(value).scheme.lower() in ("http", "https") or "://" in value


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored timestamps other than published are UTC


SignalsHook = Callable[[Any, str, Mapping[str, Any], Mapping[str, Any]], Any]


def _signals_hook(store: ArticleStore) -> SignalsHook | None:
    """The incremental signals update, for a real store (test doubles have no tables)."""
    from kuzet.store import Store

    if not isinstance(store, Store):
        return None
    from kuzet.signals import update_for_article

    return update_for_article


class Ingestor:
    """Takes inputs in, one at a time, and keeps count in a :class:`Report`."""

    def __init__(self, store: ArticleStore, settings: Mapping[str, Any], report: Report,
                 *, analyze: bool = True, fetcher: Fetcher | None = None,
                 echo: Echo | None = None, state: FeedState | None = None) -> None:
        self.store = store
        self.settings = settings
        self.report = report
        self.echo = echo
        self.max_bytes = int(settings.get("max_bytes", 10_000_000))
        self.timezone = str(settings.get("timezone") or "") or None
        self._fetcher = fetcher
        self.pipeline = Pipeline(str(settings.get("stages", ""))) if analyze else None
        self.signals = _signals_hook(store) if analyze else None
        self.state = state if state is not None else FeedState(state_path(settings))
        self.known = by_url(default_feeds() + configured(settings, feeds=""))
        self.stats = Stats()
        self._registered: set[str] = set()

    @property
    def fetcher(self) -> Fetcher:
        """The fetcher, created on first network use (file-only runs never open one)."""
        if self._fetcher is None:
            self._fetcher = Fetcher(FetchPolicy.from_settings(self.settings))
        return self._fetcher

    def close(self) -> None:
        """Save feed state and close the connection pool."""
        self.state.save()
        if self._fetcher is not None:
            self._fetcher.close()

    def run(self, inputs: Iterable[str | Source]) -> Report:
        """Ingest every input (path, URL or configured source); state is saved after each."""
        for item in inputs:
            if isinstance(item, Source):
                self.source(item)
            elif is_url(item):
                host = urlsplit(item).hostname or item
                self.source(self.known.get(item) or Source(name=host, url=item))
            else:
                self.path(Path(item))
            self.state.save()
        return self.report

    # -- bookkeeping ------------------------------------------------------------------

    def reject(self, err: KuzetError, subject: str | None = None) -> None:
        """Count one rejection and print its line, naming the input."""
        if subject and not err.subject:
            err = Rejected(err.code, subject, err.reason)
        line = self.report.reject(err)
        if self.echo is not None:
            self.echo(line)

    def keep(self, article: Article) -> Outcome:
        """Store an article (once) and save its analysis."""
        try:
            stored_id, created = self.store.add_article(article)
        except KuzetError as err:
            self.reject(err, article.url or article.id)
            return "transient"
        if not created:
            self.report.duplicates += 1
            return "duplicate"
        self.report.ok += 1
        if self.pipeline is not None:
            if stored_id != article.id:
                article = replace(article, id=stored_id)
            try:
                record = self.pipeline.record(article)
                self.store.save_analysis(stored_id, record, PIPELINE_VERSION)
                if self.signals is not None:  # stories, indicators, alerts as articles arrive
                    self.signals(self.store, stored_id, record, self.settings)
            except KuzetError as err:  # the article is kept; `kuzet analyze` can redo it
                self.reject(err, article.url or stored_id)
        return "stored"

    def _in_store(self, url: str) -> bool | None:
        """Whether the store holds an article with this URL (None: cannot tell)."""
        has_url = getattr(self.store, "has_url", None)  # test doubles may not have it
        if not callable(has_url):
            return None
        try:
            return bool(has_url(url))
        except SQLAlchemyError:  # a store we cannot read now: keep the item, decide later
            return None

    # -- local files ------------------------------------------------------------------

    def path(self, path: Path) -> None:
        """A file or a directory of files."""
        try:
            found = list(files.expand(path))
        except Rejected as err:
            self.reject(err)
            return
        for file in found:
            self.file(file)

    def file(self, path: Path) -> None:
        """One local file: HTML, text, JSON Lines or a feed."""
        subject = str(path)
        try:
            data = files.read(path, self.max_bytes)
            kind = files.kind(path, data)
            if kind == "jsonl":
                self.jsonl(path, data)
                return
            if kind == "feed":
                self.feed(data, subject, None, key=str(path.resolve()))
                return
            article = local.document(path, data, kind)
        except Rejected as err:
            self.reject(err, subject)
            return
        self.keep(article)

    def jsonl(self, path: Path, data: bytes) -> None:
        """JSON Lines: one record per line; a record with a URL and no text is fetched."""
        for parsed in local.json_lines(path, data):
            if isinstance(parsed, Rejected):
                self.reject(parsed, str(path))
                continue
            subject, record = parsed
            try:
                url = record.get("url")
                if not record.get("text") and isinstance(url, str) and is_url(url):
                    meta = {k: record[k] for k in ("title", "id") if record.get(k)}
                    source = record.get("source") if isinstance(record.get("source"), str) \
                        else urlsplit(url).hostname
                    got = self.fetcher.get(url)
                    article = self._page_article(got, source, meta)
                else:
                    article = convert.from_record(record, subject)
            except Rejected as err:
                self.reject(err, subject)
                continue
            self.keep(article)

    # -- the network ------------------------------------------------------------------

    def source(self, src: Source) -> None:
        """A configured or command-line URL: a feed (polled conditionally) or a page."""
        self._register(src)
        memory = self.state.feeds.get(src.url)
        etag = last_modified = None
        if memory is not None and src.kind != "page" and self._validators_trusted(memory):
            etag, last_modified = memory.etag, memory.last_modified
        try:
            got = self.fetcher.get(src.url, etag=etag, last_modified=last_modified,
                                   accept=FEED_ACCEPT if src.kind == "feed" else None)
        except Rejected as err:
            self.reject(err, src.url)
            return
        if got.not_modified:
            self.stats.unchanged += 1
            return
        is_feed = src.kind == "feed" or (
            src.kind == "auto" and looks_like_feed(got.content, got.content_type))
        if is_feed:
            self.feed(got.content, src.url, src, key=src.url, fetched=got)
            return
        try:
            article = self._page_article(got, src.name, src.meta())
        except Rejected as err:
            self.reject(err, src.url)
            return
        self.keep(article)

    def _register(self, src: Source) -> None:
        # the store's sources table lists what is polled (name, URL, kind, language)
        upsert = getattr(self.store, "upsert_source", None)
        if not callable(upsert) or src.url in self._registered:
            return
        self._registered.add(src.url)
        try:
            upsert(src.name, url=src.url, kind=src.kind, language=src.language)
        except KuzetError as err:
            self.reject(err, src.url)

    def _validators_trusted(self, memory: FeedMemory) -> bool:
        # After the database was reset the validators would make the server answer 304
        # and the items would never come back: only trust them while the store still
        # holds the last item we stored.
        if not (memory.etag or memory.last_modified):
            return False
        if not memory.stored:
            return True
        return self._in_store(memory.stored[-1]) is not False

    def feed(self, data: bytes, subject: str, src: Source | None, *, key: str,
             fetched: Fetched | None = None) -> None:
        """An RSS/Atom document: every new item, by its link or from its own content."""
        zone = (src.timezone if src else None) or self.timezone
        try:
            parsed = parse_feed(data, subject, content_type=fetched.content_type if fetched
                                else "", charset=fetched.charset if fetched else None,
                                timezone=zone)
        except Rejected as err:
            self.reject(err, subject)
            return
        memory = self.state.feed(key)
        name = src.name if src else (parsed.title or Path(subject).name)
        base_meta = src.meta() if src else {}
        transient = False
        for index, item in enumerate(parsed.items, 1):
            item_key = item.key
            if item_key and self._seen(memory, item_key):
                self.stats.skipped += 1
                continue
            outcome = self.item(item, name, base_meta, f"{subject} item {index}")
            if outcome == "transient":
                transient = True
            elif item_key:
                memory.remember(item_key, stored=outcome != "rejected")
        if transient or fetched is None:
            memory.etag = memory.last_modified = None
        else:
            memory.etag, memory.last_modified = fetched.etag, fetched.last_modified

    def _seen(self, memory: FeedMemory, key: str) -> bool:
        if key in memory.rejected:
            return True
        if key not in memory.stored:
            return False
        if self._in_store(key) is False:  # the database was reset: take it again
            memory.stored.remove(key)
            return False
        return True

    def item(self, item: FeedItem, source: str | None, base: Mapping[str, Any],
             subject: str) -> Outcome:
        """One feed item: fetch its page; if that fails, use the content the feed carries."""
        meta: dict[str, Any] = {**base, "title": item.title, "author": item.author,
                                "published": item.published, "fetched_at": _now()}
        meta = {k: v for k, v in meta.items() if v}
        link = item.link if item.link and is_url(item.link) else None
        first: Rejected | None = None
        if link:
            try:
                got = self.fetcher.get(link)
                return self.keep(self._page_article(got, source, meta))
            except Rejected as err:
                first = err if err.subject else Rejected(err.code, link, err.reason)
        if item.content.strip():
            try:
                article = convert.from_html(item.content, link, source, meta, link or subject)
            except Rejected as err:
                first = first or err
            else:
                if first is not None:
                    self.stats.fallbacks += 1
                return self.keep(article)
        if first is None:
            first = Rejected("K111", subject, "feed item without link or content")
        self.reject(first, link or subject)
        return "transient" if is_transient(first) else "rejected"

    def _page_article(self, got: Fetched, source: str | None,
                      meta: Mapping[str, Any]) -> Article:
        subject = got.url
        media = got.content_type
        meta = {"fetched_at": _now(), **meta}
        source = source or urlsplit(got.final_url).hostname
        if media in HTML_TYPES:
            html = convert.decode(got.content, got.charset, subject)
            return convert.from_html(html, got.final_url, source, meta, subject)
        if media.startswith("text/") and media not in FEED_TYPES:
            text = convert.decode(got.content, got.charset, subject)
            return convert.from_plain(text, got.final_url, source, meta, subject)
        raise Rejected("K104", subject, f"unsupported content type {media}")


def ingest(sources: Sequence[str], store: ArticleStore, settings: Mapping[str, Any],
           report: Report | None = None, analyze: bool = True, *, feeds: str | None = None,
           fetcher: Fetcher | None = None, echo: Echo | None = None) -> Report:
    """Ingest paths and URLs (plus configured sources when none or ``feeds`` is given)."""
    report = report if report is not None else Report()
    inputs: list[str | Source] = list(sources)
    if feeds is not None or not sources:
        inputs += configured(settings, feeds)
    ingestor = Ingestor(store, settings, report, analyze=analyze, fetcher=fetcher, echo=echo)
    try:
        ingestor.run(inputs)
    finally:
        ingestor.close()
    if echo is not None:
        echo(summary(report, ingestor.stats))
    return report


def summary(report: Report, stats: Stats) -> str:
    """The one-line summary of a run."""
    extra = stats.summary()
    return report.summary() + (", " + extra if extra else "")


def exit_code(report: Report, strict: bool = False) -> int:
    """0 unless nothing could be ingested (or, with ``strict``, anything was rejected)."""
    rejected = sum(report.rejected.values())
    if strict and rejected:
        return 1
    if rejected and report.ok == 0 and report.duplicates == 0:
        return 1
    return 0
