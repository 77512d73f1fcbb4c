"""RSS and Atom feeds: parse with feedparser into plain items.

Dates keep the wall-clock time the feed states (Kuzet's ``published`` is the local time
of the source); when the source's time zone is known, a stated offset is converted to
it first. A document that is neither a feed nor has any entry is a broken feed (K130).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import feedparser

from kuzet.errors import Rejected

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml", "application/feed+xml", "application/x-rss+xml",
})
_FEED_START = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed."""

    link: str | None
    title: str
    author: str | None
    published: datetime | None  # naive, wall time of the source
    content: str  # HTML or text carried by the feed itself (fallback when the page fails)
    guid: str | None

    @property
    def key(self) -> str | None:
        """What identifies the item between polls: its link, else its guid."""
        return self.link or self.guid


@dataclass(frozen=True)
class Feed:
    """A parsed feed."""

    title: str
    link: str | None
    items: tuple[FeedItem, ...]


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """Whether bytes are an RSS/Atom document (by media type, then by the first element)."""
    if content_type in FEED_TYPES - {"application/xml", "text/xml"}:
        return True
    return bool(_FEED_START.search(data[:2048]))


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_date(raw: str | None, parsed: Any = None, timezone: str | None = None) -> datetime | None:
    """A feed date as a naive local datetime of the source."""
    when: datetime | None = None
    if raw:
        raw = raw.strip()
        try:
            when = parsedate_to_datetime(raw)  # RFC 822, as in RSS
        except (TypeError, ValueError, IndexError):
            try:
                when = datetime.fromisoformat(raw.replace("Z", "+00:00"))  # RFC 3339 (Atom)
            except ValueError:
                when = None
    if when is None and parsed:
        try:  # feedparser normalised it to UTC
            when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
        except (TypeError, ValueError, OverflowError):
            return None
    if when is None:
        return None
    zone = _zone(timezone)
    if when.tzinfo is not None and zone is not None:
        when = when.astimezone(zone)
    return when.replace(tzinfo=None)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _content(entry: Mapping[str, Any]) -> str:
    parts = entry.get("content") or []
    best = ""
    for part in parts:
        value = _text(part.get("value")) if isinstance(part, Mapping) else ""
        if len(value) > len(best):
            best = value
    summary = _text(entry.get("summary"))
    return best if len(best) >= len(summary) else summary


def parse_feed(data: bytes, subject: str, *, content_type: str = "",
               charset: str | None = None, timezone: str | None = None) -> Feed:
    """Parse an RSS/Atom document; raise K130 when it is not a usable feed."""
    headers = {"content-type": f"{content_type or 'application/xml'}"
               + (f"; charset={charset}" if charset else "")}
    parsed = feedparser.parse(data, response_headers=headers,
                              resolve_relative_uris=True)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        why = parsed.get("bozo_exception")
        raise Rejected("K130", subject, f"not an RSS or Atom feed ({why})" if why
                       else "not an RSS or Atom feed")
    meta = parsed.get("feed") or {}
    items = []
    for entry in entries:
        link = _text(entry.get("link")) or None
        raw_date = _text(entry.get("published")) or _text(entry.get("updated")) or None
        parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(FeedItem(
            link=link.strip() if link else None,
            title=" ".join(_text(entry.get("title")).split()),
            author=_text(entry.get("author")) or None,
            published=parse_date(raw_date, parsed_date, timezone),
            content=_content(entry),
            guid=_text(entry.get("id")) or None,
        ))
    if parsed.get("bozo") and not any(i.link or i.content.strip() for i in items):
        # feedparser salvages what it can; a malformed feed with nothing usable is broken
        why = parsed.get("bozo_exception")
        raise Rejected("K130", subject, f"malformed feed ({why})" if why else "malformed feed")
    return Feed(title=_text(meta.get("title")), link=_text(meta.get("link")) or None,
                items=tuple(items))
