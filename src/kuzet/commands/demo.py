"""``kuzet demo``: the main job on the embedded SQLite default."""

from __future__ import annotations

import json

import click

from kuzet.commands.common import db_option, load_settings


@click.command("demo")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", is_flag=True, help="Do not print one line per rejected input.")
@click.pass_context
def demo(ctx: click.Context, db: str | None, as_json: bool, quiet: bool) -> None:
    """Build a fresh database from the fictional demo corpus, analyse it and summarise."""
    from kuzet import demo as library

    conf = load_settings(ctx, db=db)
    echo = None if quiet or as_json else (lambda line: click.echo(line, err=True))
    summary = library.run(conf["db"], conf, echo=echo)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        click.echo(library.summary_text(summary))
        click.echo(
            f"\nDashboard: .venv/bin/kuzet serve --db {conf['db']}  (or `make serve`), then open"
            " http://127.0.0.1:8000/ — the first start prints a one-time password for 'admin'."
        )


COMMANDS = [demo]
