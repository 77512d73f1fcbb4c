"""Local files and directories to articles: .html/.htm, .txt and .jsonl inputs.

Each input yields either an :class:`~kuzet.model.Article` or the
:class:`~kuzet.errors.Rejected` that explains why it could not be read, so a batch can
report the bad input in one line and go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kuzet.errors import Rejected
from kuzet.model import Article
from kuzet.text.encoding import decode
from kuzet.text.extract import from_html, from_plain, from_record

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES

Outcome = Article | Rejected


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to read: given files as they are, directories walked for known suffixes."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def _read(path: Path, max_bytes: int) -> bytes:
    subject = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Rejected("K100", subject, f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise Rejected("K103", subject, f"{size} bytes is more than the limit of {max_bytes}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected("K100", subject, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise Rejected("K101", subject, "empty input")
    return data


def _records(path: Path, text: str) -> Iterator[Outcome]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        subject = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected("K111", subject, f"not JSON: {exc.msg}")
            continue
        if not isinstance(record, dict):
            yield Rejected("K111", subject, "a record must be a JSON object")
            continue
        try:
            yield from_record(record)
        except Rejected as err:
            yield Rejected(err.code, subject, err.reason)


def read_file(path: Path, max_bytes: int = 10_000_000) -> Iterator[Outcome]:
    """Articles (or rejections) from one file, chosen by its suffix."""
    subject = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield Rejected("K104", subject, f"unsupported input type {suffix or '(none)'}")
        return
    try:
        text = decode(_read(path, max_bytes), subject=subject)
        if suffix in JSONL_SUFFIXES:
            yield from _records(path, text)
        elif suffix in HTML_SUFFIXES:
            yield from_html(text, meta={"subject": subject})
        else:
            yield from_plain(text, meta={"subject": subject})
    except Rejected as err:
        yield err


def read_paths(paths: Iterable[str | Path], max_bytes: int = 10_000_000) -> Iterator[Outcome]:
    """Articles (or rejections) from files and directories, in order."""
    for path in expand(paths):
        yield from read_file(path, max_bytes)
