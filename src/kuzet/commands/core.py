"""``kuzet analyze``: files in, one analysis record per document out."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from kuzet.commands.common import load_settings
from kuzet.errors import CODES, KuzetError, Report


def summary_line(record: dict[str, Any]) -> str:
    """A short human summary of one analysis record."""
    themes = ",".join(t["id"] for t in record.get("themes", [])) or "-"
    events = ",".join(sorted({e["type"] for e in record.get("events", [])})) or "-"
    countries = ",".join(record.get("countries", [])) or "-"
    title = (record.get("title") or "").replace("\n", " ")
    if len(title) > 70:
        title = title[:69] + "…"
    return (
        f"{record['id']}  [{record.get('language') or '?'}] {record.get('published') or '-'}  "
        f"{title}\n  {len(record.get('paragraphs', []))} paragraphs, "
        f"{record.get('duplicates_removed', 0)} duplicates removed; countries {countries}; "
        f"themes {themes}; events {events}"
    )


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON record per document.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any input is rejected.")
@click.option("--stages", default=None, help="Stages to run, in order (default: setting 'stages').")
@click.pass_context
def analyze(ctx: click.Context, inputs: tuple[str, ...], as_json: bool, strict: bool,
            stages: str | None) -> None:
    """Analyse .html, .txt and .jsonl files (or directories of them)."""
    from kuzet.annotate.pipeline import Pipeline  # loaded only when the command runs
    from kuzet.ingest.local import read_paths

    try:
        settings = load_settings(ctx, stages=stages)
        pipeline = Pipeline(settings["stages"])
    except KuzetError as err:
        raise click.ClickException(err.line()) from err
    report = Report()
    for outcome in read_paths(inputs, int(settings["max_bytes"])):
        if isinstance(outcome, KuzetError):
            click.echo(report.reject(outcome), err=True)
            continue
        try:
            record = pipeline.record(outcome)
        except KuzetError as err:
            click.echo(report.reject(err), err=True)
            continue
        report.ok += 1
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(summary_line(record))
    if not as_json:
        parts = [f"{report.ok} analysed"]
        parts += [f"{n} {CODES.get(c, c)} ({c})" for c, n in sorted(report.rejected.items())]
        click.echo(", ".join(parts), err=True)
    if report.ok == 0 or (strict and report.rejected):
        sys.exit(1)


COMMANDS = [analyze]
