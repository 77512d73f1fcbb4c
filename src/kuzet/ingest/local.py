"""Local files to articles without a network or a store (``kuzet analyze``, benchmarks).

Reads the same inputs as ``kuzet ingest`` — HTML, plain text, JSON Lines and RSS/Atom
files, or directories of them — and yields, per item, the article or the rejection that
names the input and the reason. Feed items use the content the feed carries: nothing is
fetched here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kuzet.errors import Rejected
from kuzet.ingest import convert, files
from kuzet.ingest.feeds import parse_feed
from kuzet.model import Article

Outcome = Article | Rejected


def json_lines(path: Path, data: bytes) -> Iterator[tuple[str, dict[str, Any]] | Rejected]:
    """(subject, record) per non-blank line of a JSON Lines file, or the line's rejection."""
    try:
        text = convert.decode(data, "utf-8", str(path))
    except Rejected as err:
        yield err
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        subject = f"{path}:{number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Rejected("K111", subject, f"not valid JSON: {exc}")
            continue
        if not isinstance(record, dict):
            yield Rejected("K111", subject, "not a JSON object")
            continue
        yield subject, record


def _records(path: Path, data: bytes) -> Iterator[Outcome]:
    for parsed in json_lines(path, data):
        if isinstance(parsed, Rejected):
            yield parsed
            continue
        try:
            yield convert.from_record(parsed[1], parsed[0])
        except Rejected as err:
            yield err


def _feed_items(path: Path, data: bytes) -> Iterator[Outcome]:
    subject = str(path)
    try:
        parsed = parse_feed(data, subject)
    except Rejected as err:
        yield err
        return
    source = parsed.title or path.name
    for index, item in enumerate(parsed.items, 1):
        meta = {"title": item.title, "author": item.author, "published": item.published}
        item_subject = f"{subject} item {index}"
        if not item.content.strip():
            yield Rejected("K111", item_subject, "feed item carries no content")
            continue
        try:
            yield convert.from_html(item.content, item.link, source,
                                    {k: v for k, v in meta.items() if v}, item_subject)
        except Rejected as err:
            yield err


def document(path: Path, data: bytes, kind: str) -> Article:
    """The article in one local HTML or plain-text file (raises Rejected)."""
    subject = str(path)
    text = convert.decode(data, None, subject)
    meta = {"fetched_at": datetime.now(UTC).replace(tzinfo=None)}
    if kind == "html":
        return convert.from_html(text, None, None, meta, subject)
    return convert.from_plain(text, None, None, meta, subject)


def read_file(path: Path, max_bytes: int = 10_000_000) -> Iterator[Outcome]:
    """Articles (or rejections) from one local file of any supported kind."""
    try:
        data = files.read(path, max_bytes)
        kind = files.kind(path, data)
        if kind == "jsonl":
            yield from _records(path, data)
        elif kind == "feed":
            yield from _feed_items(path, data)
        else:
            yield document(path, data, kind)
    except Rejected as err:
        yield err


def read_paths(paths: Iterable[str | Path], max_bytes: int = 10_000_000) -> Iterator[Outcome]:
    """Articles (or rejections) from files and directories, in order."""
    for raw in paths:
        try:
            found = list(files.expand(Path(raw)))
        except Rejected as err:
            yield err
            continue
        for path in found:
            yield from read_file(path, max_bytes)
