"""Configured sources: ``[[sources]]`` in kuzet.toml and the shipped default feed list.

A source names a feed or page and what is known about it (language, time zone) so that
feed dates become the source's local time and the language guess has a prior. The
default list (``kuzet/data/feeds/default.toml``) is off unless ``feeds = "default"``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from kuzet.errors import KuzetError

KINDS = ("feed", "page", "auto")


@dataclass(frozen=True)
class Source:
    """A named feed or page."""

    name: str
    url: str
    kind: str = "auto"  # feed, page, or auto (decided by what the server sends)
    language: str | None = None
    timezone: str | None = None
    country: str | None = None
    verified: bool = True

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str) -> Source:
        """A source from one TOML table; K170 when it lacks a URL or has a bad kind."""
        url = data.get("url")
        if not isinstance(url, str) or not url.strip():
            raise KuzetError("K170", where, "source without a url")
        kind = str(data.get("kind") or "auto")
        if kind not in KINDS:
            raise KuzetError("K170", where, f"kind must be one of {', '.join(KINDS)}")
        name = str(data.get("name") or urlsplit(url).hostname or url)
        return cls(
            name=name, url=url.strip(), kind=kind,
            language=str(data["language"]) if data.get("language") else None,
            timezone=str(data["timezone"]) if data.get("timezone") else None,
            country=str(data["country"]) if data.get("country") else None,
            verified=bool(data.get("verified", True)),
        )

    def meta(self) -> dict[str, Any]:
        """What extraction may take as known about every article of this source."""
        return {"language": self.language} if self.language else {}


def default_feeds() -> list[Source]:
    """The shipped list of regional feeds (unverified, off by default)."""
    text = resources.files("kuzet").joinpath("data/feeds/default.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return [Source.from_mapping({**row, "kind": "feed"}, f"default feed {i}")
            for i, row in enumerate(data.get("feeds", []))]


def _feeds_setting(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Sequence):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def configured(settings: Mapping[str, Any], feeds: str | None = None) -> list[Source]:
    """Sources from kuzet.toml plus the feed lists named by ``feeds`` (or the setting)."""
    config = settings.get("_config") or {}
    rows = config.get("sources") or []
    if not isinstance(rows, list):
        raise KuzetError("K170", "sources", "expected [[sources]] tables")
    out = [Source.from_mapping(row, f"sources[{i}]") for i, row in enumerate(rows)
           if isinstance(row, Mapping)]
    for name in _feeds_setting(settings.get("feeds", "") if feeds is None else feeds):
        if name == "default":
            out.extend(default_feeds())
        elif name not in ("none", "off"):
            raise KuzetError("K170", "feeds", f"unknown feed list {name!r} (known: default)")
    seen: set[str] = set()
    unique = []
    for src in out:  # one poll per URL even if it is listed twice
        if src.url not in seen:
            seen.add(src.url)
            unique.append(src)
    return unique


def by_url(sources: Sequence[Source]) -> dict[str, Source]:
    """Index sources by URL, so a URL given on the command line picks up its settings."""
    return {s.url: s for s in sources}
