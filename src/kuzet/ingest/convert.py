"""Bytes and markup to :class:`~kuzet.model.Article`, through the text area.

Ingestion only moves bytes around; decoding and extraction belong to ``kuzet.text``
(``encoding.decode``, ``extract.from_html/from_plain/from_record``). This module calls
them, and keeps a small stand-in for when an entry point is not installed yet, so that
ingestion stays usable on its own: a plain UTF-8/declared-charset decode and trafilatura.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from kuzet.errors import Rejected
from kuzet.model import PARAGRAPH_SEP, Article


def _entry(module: str, name: str) -> Callable[..., Any] | None:
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None
    fn = getattr(mod, name, None)
    return fn if callable(fn) else None


def decode(data: bytes, declared: str | None, subject: str) -> str:
    """Bytes to text with the text area's decoder (legacy encodings, binary rejection)."""
    fn = _entry("kuzet.text.encoding", "decode")
    if fn is not None:
        return str(fn(data, declared, subject))
    if b"\x00" in data[:4096]:
        raise Rejected("K102", subject, "binary or undecodable input")
    for enc in (declared, "utf-8"):
        if enc:
            try:
                return data.decode(enc)
            except (LookupError, UnicodeDecodeError):
                continue
    raise Rejected("K102", subject, "binary or undecodable input")


def from_html(html: str, url: str | None, source: str | None,
              meta: Mapping[str, Any], subject: str) -> Article:
    """An article from HTML (main text extraction by the text area)."""
    fn = _entry("kuzet.text.extract", "from_html")
    if fn is not None:
        return _checked(fn(html, url=url, source=source, meta=meta))
    import trafilatura  # stand-in only: the text area's extractor is preferred

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    if not text.strip():
        raise Rejected("K110", subject, "no main text found")
    title = str(meta.get("title") or "")
    if not title:
        doc = trafilatura.extract_metadata(html)
        title = (doc.title or "") if doc is not None else ""
    return _article(text, title, url, source, meta)


def from_plain(text: str, url: str | None, source: str | None,
               meta: Mapping[str, Any], subject: str) -> Article:
    """An article from plain text."""
    fn = _entry("kuzet.text.extract", "from_plain")
    if fn is not None:
        return _checked(fn(text, url=url, source=source, meta=meta))
    if not text.strip():
        raise Rejected("K101", subject, "empty input")
    return _article(text, str(meta.get("title") or ""), url, source, meta)


def from_record(record: Mapping[str, Any], subject: str) -> Article:
    """An article from one JSON Lines record (url/title/text/published/source)."""
    fn = _entry("kuzet.text.extract", "from_record")
    if fn is not None:
        return _checked(fn(record))
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Rejected("K111", subject, "record has no text")
    published = record.get("published")
    when = None
    if isinstance(published, str):
        try:
            when = datetime.fromisoformat(published).replace(tzinfo=None)
        except ValueError:
            when = None
    meta = {"title": record.get("title") or "", "published": when, "id": record.get("id")}
    url = record.get("url") if isinstance(record.get("url"), str) else None
    source = record.get("source") if isinstance(record.get("source"), str) else None
    return _article(text, str(meta["title"]), url, source, meta)


def _checked(value: Any) -> Article:
    if not isinstance(value, Article):  # pragma: no cover - a contract breach, not input
        raise TypeError(f"extractor returned {type(value).__name__}, not Article")
    return value


def _article(text: str, title: str, url: str | None, source: str | None,
             meta: Mapping[str, Any]) -> Article:
    paragraphs: list[str] = []
    for para in (" ".join(p.split()) for p in text.replace("\r", "").split("\n")):
        if para and para not in paragraphs:
            paragraphs.append(para)
    body = PARAGRAPH_SEP.join(paragraphs)
    digest = hashlib.sha256(body.encode()).hexdigest()
    published = meta.get("published")
    fetched = meta.get("fetched_at")
    return Article(
        id=str(meta.get("id") or (hashlib.sha256((url or body).encode()).hexdigest()[:16])),
        text=body, title=" ".join(title.split()), url=url, canonical_url=url, source=source,
        author=meta.get("author"), language=meta.get("language"),
        published=published if isinstance(published, datetime) else None,
        fetched_at=fetched if isinstance(fetched, datetime) else None,
        paragraphs=tuple(paragraphs), content_hash=digest,
    )
