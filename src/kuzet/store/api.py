"""The store: articles, their analyses and a full-text index, on SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from kuzet.errors import KuzetError
from kuzet.model import PARAGRAPH_SEP, Article
from kuzet.store import db, fts
from kuzet.store.tables import analyses, article_fts_pg, articles, sources

_PAGE = 500


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _naive_utc(value: datetime | None) -> datetime | None:
    """Aware timestamps become naive UTC: both backends store naive DateTime."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _naive_local(value: datetime | None) -> datetime | None:
    """``published`` is local time of the source: keep the wall clock, drop the zone."""
    return value.replace(tzinfo=None) if value is not None else None


def content_hash(text: str) -> str:
    """The hash used for dedupe when an article arrives without one (words only)."""
    words = " ".join(tok for tok, _, _ in fts.keyed(text).tokens())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


class Store:
    """Articles, analyses and full-text search behind one SQLAlchemy engine."""

    def __init__(self, url_or_path: str) -> None:
        self.url = db.to_url(url_or_path)
        self.name = db.describe(self.url)
        try:
            self._engine = db.create(self.url)
            db.upgrade(self._engine)
        except SQLAlchemyError as exc:
            raise KuzetError("K150", self.name, f"cannot open database: {exc}") from exc
        self.dialect = self._engine.dialect.name

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for other areas' tables in the same metadata)."""
        return self._engine

    def close(self) -> None:
        """Release every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def writing(self) -> AbstractContextManager[Connection]:
        """A connection in one writing transaction (see :func:`kuzet.store.db.writing`)."""
        return db.writing(self._engine)

    # --- sources -----------------------------------------------------------------------

    def upsert_source(
        self, name: str, url: str | None = None, kind: str | None = None,
        language: str | None = None,
    ) -> int:
        """The id of source ``name``, created or updated with the fields given."""
        with self.writing() as conn:
            return self._upsert_source(conn, name, url, kind, language)

    def _insert(self) -> Any:
        return postgresql.insert if self.dialect == "postgresql" else sqlite.insert

    def _upsert_source(
        self, conn: Connection, name: str, url: str | None = None, kind: str | None = None,
        language: str | None = None,
    ) -> int:
        given = {k: v for k, v in {"url": url, "kind": kind, "language": language}.items()
                 if v is not None}
        stmt = self._insert()(sources).values(name=name, created_at=_utcnow(), **given)
        if given:
            stmt = stmt.on_conflict_do_update(index_elements=["name"], set_=given)
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=["name"])
        conn.execute(stmt)
        found = conn.execute(sa.select(sources.c.id).where(sources.c.name == name)).scalar_one()
        return int(found)

    # --- articles ------------------------------------------------------------------------

    def add_article(self, article: Article) -> tuple[str, bool]:
        """Store ``article`` with its index row in one transaction: (stored id, created?)."""
        url_key = article.canonical_url or article.url or None
        digest = article.content_hash or content_hash(article.text)
        for attempt in range(3):
            try:
                with self.writing() as conn:
                    existing = self._find(conn, url_key, digest)
                    if existing is not None:
                        return existing, False
                    stored_id = self._free_id(conn, article.id)
                    self._insert_article(conn, article, stored_id, url_key, digest)
                return stored_id, True
            except IntegrityError as exc:
                # Another writer stored the same item (or took the same id) between our
                # check and our insert: the unique constraints caught it; look again.
                with self._engine.connect() as conn:
                    existing = self._find(conn, url_key, digest)
                if existing is not None:
                    return existing, False
                if attempt == 2:
                    raise KuzetError("K150", article.id,
                                     f"cannot store article: {exc.orig}") from exc
            except SQLAlchemyError as exc:
                raise KuzetError("K150", article.id, f"cannot store article: {exc}") from exc
        raise AssertionError("unreachable")

    def _find(self, conn: Connection, url_key: str | None, digest: str) -> str | None:
        cond = articles.c.content_hash == digest
        if url_key:
            cond = sa.or_(cond, articles.c.canonical_url == url_key)
        row = conn.execute(sa.select(articles.c.id).where(cond).limit(1)).first()
        return None if row is None else str(row[0])

    def _free_id(self, conn: Connection, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``-3``... when a different article holds it."""
        wanted = wanted or "a"
        taken = set(conn.execute(
            sa.select(articles.c.id).where(
                sa.or_(articles.c.id == wanted, articles.c.id.like(f"{_like(wanted)}-%", "\\"))
            )
        ).scalars())
        n, candidate = 1, wanted
        while candidate in taken:
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate

    def _insert_article(
        self, conn: Connection, a: Article, stored_id: str, url_key: str | None, digest: str
    ) -> None:
        source_id = self._upsert_source(conn, a.source) if a.source else None
        pk = conn.execute(
            articles.insert().values(
                id=stored_id, url=a.url, canonical_url=url_key, content_hash=digest,
                title=a.title or "", author=a.author, published=_naive_local(a.published),
                language=a.language, script=a.script, text=a.text,
                paragraphs=list(a.paragraphs), duplicates_removed=a.duplicates_removed,
                boilerplate_removed=list(a.boilerplate_removed),
                fetched_at=_naive_utc(a.fetched_at), source=a.source, source_id=source_id,
                stored_at=_utcnow(),
            ).returning(articles.c.pk)
        ).scalar_one()
        self._index(conn, int(pk), a.title or "", a.text)

    def _index(self, conn: Connection, pk: int, title: str, text: str) -> None:
        if self.dialect == "postgresql":
            lexemes = fts.index_terms(title) + fts.index_terms(text)
            conn.execute(article_fts_pg.insert().values(
                article_pk=pk,
                tsv=sa.func.array_to_tsvector(sa.cast(sorted(set(lexemes)),
                                                      postgresql.ARRAY(sa.Text))),
            ))
        else:
            conn.execute(
                sa.text("INSERT INTO article_fts(rowid, title, body) VALUES (:pk, :t, :b)"),
                {"pk": pk, "t": " ".join(fts.index_terms(title)),
                 "b": " ".join(fts.index_terms(text))},
            )

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL (as fetched or canonical) is stored."""
        query = sa.select(articles.c.id).where(
            sa.or_(articles.c.url == url, articles.c.canonical_url == url)).limit(1)
        with self._engine.connect() as conn:
            return conn.execute(query).first() is not None

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with this id, or None."""
        with self._engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
        return None if row is None else _to_article(row._mapping)

    def iter_articles(
        self, since: datetime | None = None, until: datetime | None = None,
        language: str | None = None, source: str | None = None, limit: int | None = None,
    ) -> Iterator[Article]:
        """Stored articles in storage order; ``since``/``until`` bound the publication time."""
        cond: list[sa.ColumnElement[bool]] = []
        if since is not None:
            cond.append(articles.c.published >= _naive_local(since))
        if until is not None:
            cond.append(articles.c.published < _naive_local(until))
        if language is not None:
            cond.append(articles.c.language == language)
        if source is not None:
            cond.append(articles.c.source == source)
        last, given = 0, 0
        while limit is None or given < limit:
            # Short reads page by page, so callers may write between two articles.
            page = _PAGE if limit is None else min(_PAGE, limit - given)
            with self._engine.connect() as conn:
                rows = conn.execute(
                    sa.select(articles).where(articles.c.pk > last, *cond)
                    .order_by(articles.c.pk).limit(page)
                ).all()
            for row in rows:
                yield _to_article(row._mapping)
            given += len(rows)
            if len(rows) < page:
                return
            last = rows[-1].pk

    # --- analyses ------------------------------------------------------------------------

    def save_analysis(self, article_id: str, record: Mapping[str, Any], version: str) -> None:
        """Store the analysis of an article, replacing any earlier one."""
        values = {"article_id": article_id, "version": version, "record": dict(record),
                  "analysed_at": _utcnow()}
        stmt = self._insert()(analyses).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["article_id"],
            set_={k: v for k, v in values.items() if k != "article_id"},
        )
        try:
            with self.writing() as conn:
                conn.execute(stmt)
        except IntegrityError as exc:
            raise KuzetError("K150", article_id, "no stored article with this id") from exc

    def save_analyses(self, records: Sequence[tuple[str, Mapping[str, Any]]], version: str) -> None:
        """Store the analyses of many articles in one transaction, replacing earlier ones.

        One commit for a batch: writers on other processes wait for the database lock once
        per batch, not once per article. An unknown article id fails the whole batch (K150).
        """
        if not records:
            return
        now = _utcnow()
        rows = [{"article_id": aid, "version": version, "record": dict(rec), "analysed_at": now}
                for aid, rec in records]
        stmt = self._insert()(analyses)
        stmt = stmt.on_conflict_do_update(
            index_elements=["article_id"],
            set_={k: getattr(stmt.excluded, k) for k in ("version", "record", "analysed_at")},
        )
        try:
            with self.writing() as conn:
                conn.execute(stmt, rows)
        except IntegrityError as exc:
            raise KuzetError("K150", records[0][0], "an article of the batch is not stored") from exc

    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        """The stored analysis record of an article, or None."""
        with self._engine.connect() as conn:
            record = conn.execute(
                sa.select(analyses.c.record).where(analyses.c.article_id == article_id)
            ).scalar_one_or_none()
        return None if record is None else dict(record)

    def ids_needing_analysis(self, version: str) -> list[str]:
        """Ids of articles never analysed or analysed by another pipeline version."""
        j = articles.outerjoin(analyses, analyses.c.article_id == articles.c.id)
        query = (sa.select(articles.c.id).select_from(j)
                 .where(sa.or_(analyses.c.version.is_(None), analyses.c.version != version))
                 .order_by(articles.c.pk))
        with self._engine.connect() as conn:
            return [str(i) for i in conn.execute(query).scalars()]

    # --- search and counts ---------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Best matches for ``query`` (any language): id, title, language, published, snippet."""
        terms = fts.query_terms(query)
        if not terms or limit <= 0:
            return []
        cols = [articles.c.id, articles.c.title, articles.c.language, articles.c.published,
                articles.c.text]
        if self.dialect == "postgresql":
            tsq = sa.cast(fts.pg_tsquery(terms), postgresql.TSQUERY)
            stmt = (sa.select(*cols).join(article_fts_pg,
                                          article_fts_pg.c.article_pk == articles.c.pk)
                    .where(article_fts_pg.c.tsv.op("@@")(tsq))
                    .order_by(sa.func.ts_rank(article_fts_pg.c.tsv, tsq).desc(),
                              articles.c.published.desc(), articles.c.pk.desc())
                    .limit(limit))
            params: dict[str, Any] = {}
        else:
            # the best ``limit`` rowids first (bm25 inside FTS5), then only their rows: joining
            # first would read every match's article, text and all, before the sort
            best = (sa.select(sa.column("rowid").label("rowid"), sa.column("rank").label("rank"))
                    .select_from(sa.table("article_fts"))
                    .where(sa.text("article_fts MATCH :match"))
                    .order_by(sa.column("rank")).limit(limit).subquery())
            stmt = (sa.select(*cols).join(best, best.c.rowid == articles.c.pk)
                    .order_by(best.c.rank, articles.c.published.desc(), articles.c.pk.desc()))
            params = {"match": fts.fts5_match(terms)}
        with self._engine.connect() as conn:
            rows = conn.execute(stmt, params).all()
        return [
            {"id": r.id, "title": r.title, "language": r.language,
             "published": r.published.isoformat(timespec="minutes") if r.published else None,
             "snippet": fts.snippet(_doc(r.title, r.text), terms)}
            for r in rows
        ]

    def counts(self) -> dict[str, Any]:
        """Articles per language and per source, analyses, and the publication date range."""
        with self._engine.connect() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
            done = conn.execute(sa.select(sa.func.count()).select_from(analyses)).scalar_one()
            first, last = conn.execute(
                sa.select(sa.func.min(articles.c.published), sa.func.max(articles.c.published))
            ).one()
            by: dict[str, dict[str, int]] = {}
            for key in ("language", "source"):
                col = articles.c[key]
                rows = conn.execute(sa.select(col, sa.func.count()).group_by(col)).all()
                by[key] = {str(k) if k is not None else "": int(n) for k, n in rows}
        return {
            "articles": int(total), "analyses": int(done),
            "by_language": by["language"], "by_source": by["source"],
            "first_published": first.isoformat(timespec="minutes") if first else None,
            "last_published": last.isoformat(timespec="minutes") if last else None,
        }


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _doc(title: str, text: str) -> str:
    return title + PARAGRAPH_SEP + text if title else text


def _to_article(row: Mapping[Any, Any]) -> Article:
    return Article(
        id=row["id"], text=row["text"], title=row["title"] or "", url=row["url"],
        canonical_url=row["canonical_url"], source=row["source"], author=row["author"],
        published=row["published"], language=row["language"], script=row["script"],
        paragraphs=tuple(row["paragraphs"] or ()),
        duplicates_removed=int(row["duplicates_removed"] or 0),
        boilerplate_removed=tuple(row["boilerplate_removed"] or ()),
        fetched_at=row["fetched_at"], content_hash=row["content_hash"] or "",
    )
