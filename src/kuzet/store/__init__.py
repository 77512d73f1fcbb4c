"""Storage: SQLite by default, PostgreSQL by URL, migrations and full-text search."""

from kuzet.store.api import Store
from kuzet.store.tables import analyses, articles, metadata, sources

__all__ = ["Store", "analyses", "articles", "metadata", "sources"]
