"""Local inputs: which files a path stands for, and reading them under the size cap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kuzet.errors import Rejected

# suffix -> kind; a directory contributes only files with these suffixes
SUFFIXES: dict[str, str] = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


def expand(path: Path) -> Iterator[Path]:
    """The files a path stands for: itself, or a directory's known files, sorted."""
    if not path.is_dir():
        yield path
        return
    found = False
    for child in sorted(path.rglob("*")):
        rel = child.relative_to(path)
        if any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.git, editor droppings)
        if child.suffix.lower() in SUFFIXES and child.is_file():
            found = True
            yield child
    if not found:
        raise Rejected("K101", str(path),
                       "no .html, .htm, .txt, .jsonl or feed files in this directory")


def read(path: Path, max_bytes: int) -> bytes:
    """A file's bytes; K100 unreadable, K101 empty, K103 over the cap."""
    subject = str(path)
    try:
        if not path.exists():
            raise Rejected("K100", subject, "no such file or directory")
        if not path.is_file():
            raise Rejected("K100", subject, "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise Rejected("K103", subject, f"{size} bytes exceeds {max_bytes}")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise Rejected("K100", subject, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:  # grew while we looked
        raise Rejected("K103", subject, f"more than {max_bytes} bytes")
    if not data.strip():
        raise Rejected("K101", subject, "empty file")
    return data


def kind(path: Path, data: bytes) -> str:
    """What a file holds: html, text, jsonl or feed (by suffix, then by a look inside)."""
    by_suffix = SUFFIXES.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    raise Rejected("K104", str(path),
                   f"unsupported file type {path.suffix or '(no suffix)'}; "
                   "expected .html, .htm, .txt, .jsonl, .rss, .atom or .xml")
