"""``kuzet eval``: score the pipeline on gold sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kuzet.commands.common import load_settings


@click.command("eval")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--all", "run_all", is_flag=True,
              help="Run every gold set in ../shared (dev, seed, NER, PLOVER, TFDD).")
@click.option("--write", type=click.Path(dir_okay=False), default=None,
              help="With --all: write the Markdown report here (e.g. docs/quality.md).")
@click.option("--shared", default=None, help="Path to the shared data (default ../shared).")
@click.option("--heldout", default="eval/heldout/news.jsonl", show_default=True,
              help="With --all: the held-out gold set written for Kuzet.")
@click.pass_context
def eval_command(
    ctx: click.Context, gold: str | None, as_json: bool, run_all: bool, write: str | None,
    shared: str | None, heldout: str,
) -> None:
    """Run the pipeline on GOLD.jsonl and print precision, recall and F1 per field and language."""
    from kuzet.eval import report, runner

    conf = load_settings(ctx, shared=shared)
    if run_all:
        base = Path(conf["shared"])
        if not (base / "eval").is_dir():
            raise click.ClickException(f"{base}: shared gold data not found")
        results = runner.evaluate_all(base, heldout=Path(heldout))
        if write:
            Path(write).write_text(report.quality_markdown(results) + "\n", encoding="utf-8")
            click.echo(f"wrote {write}", err=True)
        if as_json:
            json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
            click.echo()
        else:
            click.echo(report.quality_markdown(results))
        return
    if not gold:
        raise click.UsageError("give a GOLD.jsonl file, or --all")
    result = runner.evaluate_dev(Path(gold))
    if as_json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        click.echo()
    else:
        click.echo(report.dev_text(result))


COMMANDS = [eval_command]
