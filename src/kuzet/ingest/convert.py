"""Bytes and markup to :class:`~kuzet.model.Article`, through the text area.

Ingestion moves bytes; decoding and extraction belong to :mod:`kuzet.text`. These thin
adapters only make sure that a rejection names the input it concerns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kuzet.model import Article
from kuzet.text import encoding, extract


def decode(data: bytes, declared: str | None, subject: str) -> str:
    """Bytes to text (legacy encodings detected; binary input rejected with K102)."""
    return encoding.decode(data, declared, subject)


def from_html(html: str, url: str | None, source: str | None,
              meta: Mapping[str, Any], subject: str) -> Article:
    """An article from an HTML page."""
    return extract.from_html(html, url=url, source=source, meta={"subject": subject, **meta})


def from_plain(text: str, url: str | None, source: str | None,
               meta: Mapping[str, Any], subject: str) -> Article:
    """An article from plain text."""
    return extract.from_plain(text, url=url, source=source, meta={"subject": subject, **meta})


def from_record(record: Mapping[str, Any], subject: str) -> Article:
    """An article from one JSON Lines record (id, url, title, text, published, source)."""
    from kuzet.errors import Rejected

    try:
        return extract.from_record(record)
    except Rejected as err:
        raise Rejected(err.code, subject, err.reason) from err
