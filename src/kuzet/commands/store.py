"""``kuzet show`` and ``kuzet search``: read what the store holds."""

from __future__ import annotations

import json
import re
from typing import Any

import click

from kuzet.commands.common import db_option, load_settings
from kuzet.errors import KuzetError
from kuzet.model import Article
from kuzet.store import Store

# Article text is untrusted: never let it drive the terminal (ANSI escapes, bidi tricks).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str | None) -> str:
    """Text with terminal control characters removed, for printing."""
    return _CONTROL.sub("", text or "")


def _open(ctx: click.Context, db: str | None) -> Store:
    try:
        return Store(load_settings(ctx, db=db)["db"])
    except KuzetError as exc:
        raise click.ClickException(exc.line()) from exc


def article_json(article: Article) -> dict[str, Any]:
    """The stored article as JSON-ready fields (text included)."""
    return {
        "id": article.id, "title": article.title, "url": article.url,
        "canonical_url": article.canonical_url, "source": article.source,
        "author": article.author,
        "published": article.published.isoformat(timespec="minutes")
        if article.published else None,
        "language": article.language, "script": article.script,
        "paragraphs": list(article.paragraphs), "text": article.text,
        "content_hash": article.content_hash,
    }


def render(article: Article, record: dict[str, Any] | None) -> str:
    """A human view of an article and a summary of its analysis."""
    head = [
        safe(article.title) or "(no title)",
        f"id: {safe(article.id)}   language: {safe(article.language)}"
        f"   published: {article.published or '-'}   source: {safe(article.source) or '-'}",
    ]
    if article.url:
        head.append(f"url: {safe(article.url)}")
    lines = [*head, "", safe(article.text), ""]
    if record is None:
        lines.append("analysis: none yet (run `kuzet analyze`)")
        return "\n".join(lines)
    lines.append(f"analysis (pipeline {safe(str(record.get('pipeline_version')))}):")
    lines.append("  countries: " + ", ".join(record.get("countries") or []))
    for key, label in (("places", "name"), ("actors", "name")):
        names = sorted({safe(str(x.get(label))) for x in record.get(key) or []})
        lines.append(f"  {key}: " + ", ".join(names))
    themes = [f"{safe(str(t.get('id')))} {t.get('score')}" for t in record.get("themes") or []]
    lines.append("  themes: " + ", ".join(themes))
    for e in record.get("events") or []:
        ev = e.get("evidence") or {}
        lines.append(f"  event {safe(str(e.get('type')))}: {safe(str(ev.get('text', '')))[:200]}")
    if record.get("killed") is not None:
        lines.append(f"  killed: {record['killed']}")
    return "\n".join(lines)


@click.command()
@click.argument("article_id")
@db_option
@click.option("--json", "as_json", is_flag=True,
              help="Print the analysis record (or the article when not analysed) as JSON.")
@click.pass_context
def show(ctx: click.Context, article_id: str, db: str | None, as_json: bool) -> None:
    """Print a stored article and its analysis."""
    store = _open(ctx, db)
    try:
        article = store.get_article(article_id)
        if article is None:
            raise click.ClickException(f"no stored article with id {article_id!r}")
        record = store.get_analysis(article_id)
    finally:
        store.close()
    if as_json:
        out = record if record is not None else {**article_json(article), "pipeline_version": None}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(render(article, record))


@click.command()
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="Most results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def search(ctx: click.Context, query: str, db: str | None, limit: int, as_json: bool) -> None:
    """Full-text search of stored articles, in any of the ten languages."""
    store = _open(ctx, db)
    try:
        hits = store.search(query, limit=limit)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(hits, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no match")
        return
    for h in hits:
        click.echo(f"{safe(h['id'])}  {h['published'] or '-':16}  {safe(h['language']) or '--':3}"
                   f"  {safe(h['title'])}")
        click.echo(f"    {safe(h['snippet'])}")


@click.command()
@db_option
@click.argument("ids", nargs=-1)
@click.option("--all", "force", is_flag=True, help="Re-analyse every article, not only stale ones.")
@click.option("--workers", type=int, default=None,
              help="Analyse in this many processes on this machine, through Dask (env KUZET_WORKERS).")
@click.option("--scheduler", default=None,
              help="Use the workers of this Dask scheduler, tcp://host:8786 (env KUZET_SCHEDULER).")
@click.pass_context
def reanalyze(ctx: click.Context, db: str | None, ids: tuple[str, ...], force: bool,
              workers: int | None, scheduler: str | None) -> None:
    """Re-run the pipeline on stored articles whose analysis is missing or out of date."""
    conf = load_settings(ctx, db=db, workers=workers, scheduler=scheduler)
    echo = lambda line: click.echo(line, err=True)  # noqa: E731
    with _open(ctx, db) as store:
        if conf["scheduler"] or int(conf["workers"]) > 0:
            from kuzet import scale

            try:
                with scale.cluster(int(conf["workers"]), str(conf["scheduler"]),
                                   float(conf["scheduler_timeout"])) as client:
                    report = scale.reanalyze(client, store, conf, list(ids) or None, force, echo,
                                             remote=bool(conf["scheduler"]))
            except KuzetError as err:
                raise click.ClickException(err.line()) from err
        else:
            from kuzet.jobs import reanalyze as run

            report = run(store, conf, list(ids) or None, force, echo=echo)
    click.echo(f"{report.ok} analysed" + (f", {sum(report.rejected.values())} failed"
                                          if report.rejected else ""))


COMMANDS = [show, search, reanalyze]
