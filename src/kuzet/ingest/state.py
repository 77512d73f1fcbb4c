"""What ingestion remembers between runs, per feed: validators and items already handled.

Kept in a small JSON file next to the SQLite database (``kuzet.db`` →
``kuzet.db.feeds.json``; ``kuzet-feeds.json`` in the working directory for a server
database) because the store's ``sources`` table has no columns for it. Written
atomically, so an interrupted run never leaves it half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_REMEMBERED = 2000  # item links remembered per feed; feeds rarely carry more than 100


@dataclass
class FeedMemory:
    """One feed's conditional-GET validators and the item keys already dealt with."""

    etag: str | None = None
    last_modified: str | None = None
    stored: list[str] = field(default_factory=list)  # items stored (or already stored)
    rejected: list[str] = field(default_factory=list)  # items rejected for good

    def remember(self, key: str, *, stored: bool) -> None:
        """Note one item as dealt with, keeping the lists bounded."""
        target = self.stored if stored else self.rejected
        if key in target:
            return
        target.append(key)
        del target[:-MAX_REMEMBERED]

    def handled(self, key: str) -> bool:
        """Whether an item was stored or rejected for good on an earlier poll."""
        return key in self.stored or key in self.rejected


def state_path(settings: Mapping[str, Any]) -> Path | None:
    """Where the state file of this database lives (None: keep it in memory only)."""
    db = str(settings.get("db") or "kuzet.db")
    if db.startswith("sqlite:///"):
        db = db[len("sqlite:///"):]
    if db in ("", ":memory:") or db.startswith("sqlite://"):
        return None
    if "://" in db:
        return Path("kuzet-feeds.json")
    return Path(db + ".feeds.json")


class FeedState:
    """All feeds' memories, loaded from and saved to one JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.feeds: dict[str, FeedMemory] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # a damaged state file only costs one unconditional poll
            for url, row in (data.get("feeds") or {}).items() if isinstance(data, dict) else ():
                if isinstance(row, dict):
                    self.feeds[url] = FeedMemory(
                        etag=row.get("etag"), last_modified=row.get("last_modified"),
                        stored=[str(k) for k in row.get("stored") or []],
                        rejected=[str(k) for k in row.get("rejected") or []],
                    )

    def feed(self, url: str) -> FeedMemory:
        """The memory of one feed (created empty)."""
        return self.feeds.setdefault(url, FeedMemory())

    def save(self) -> None:
        """Write the state file atomically (no-op for in-memory state)."""
        if self.path is None or (not self.feeds and not self.path.exists()):
            return  # file-only runs leave no state file behind
        data = {"version": 1, "feeds": {
            url: {"etag": m.etag, "last_modified": m.last_modified,
                  "stored": m.stored, "rejected": m.rejected}
            for url, m in sorted(self.feeds.items())}}
        directory = self.path.parent if str(self.path.parent) else Path(".")
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kuzet-feeds-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
