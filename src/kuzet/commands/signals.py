"""Commands of the signals area: stories, indicators, export, alerts, backtest, import."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import click

from kuzet.commands.common import db_option, load_settings
from kuzet.errors import KuzetError, Report
from kuzet.signals import backtest as bt
from kuzet.signals import engine, importers, queries, storyeval
from kuzet.store import Store


def _store(ctx: click.Context, db: str | None) -> tuple[Store, dict[str, Any]]:
    settings = load_settings(ctx, db=db)
    try:
        return Store(str(settings["db"])), settings
    except KuzetError as exc:
        raise click.ClickException(exc.line()) from exc


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


@click.command("stories")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story.")
@click.option("--rebuild", is_flag=True, help="Recompute stories from stored analyses first.")
@click.option("--evaluate", is_flag=True,
              help="Score grouping on the demo labels (stored demo corpus) plus the dev texts "
                   "in the shared folder: pairwise and B-cubed precision/recall.")
@click.pass_context
def stories_cmd(ctx: click.Context, db: str | None, as_json: bool, rebuild: bool,
                evaluate: bool) -> None:
    """List stories: reports of one incident grouped across outlets and languages."""
    store, settings = _store(ctx, db)
    if evaluate:
        shared = Path(str(settings.get("shared") or "../shared"))
        result = storyeval.evaluate_store(store, shared if shared.is_dir() else None,
                                          str(settings.get("stages") or "") or None)
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    if rebuild:
        engine.rebuild(store, settings)
    for story in queries.iter_stories(store):
        if as_json:
            click.echo(_dump(story))
        else:
            langs = ",".join(story.get("languages") or ())
            click.echo(f"{story['id']}  {story.get('date') or '?'}  "
                       f"{len(story['articles'])} articles [{langs}]  "
                       f"{' '.join(story.get('countries') or ())}")


@click.command("indicators")
@db_option
@click.option("--period", type=click.Choice(["D", "W"]), default=None)
@click.option("--dimension", default=None, help="all, country, admin1, theme, dyad, quad")
@click.option("--risk", "risk_dim", default=None, type=click.Choice(["country", "admin1"]),
              help="Show risk levels 0-4 with their components instead.")
@click.option("--rebuild", is_flag=True, help="Recompute everything from stored analyses.")
@click.pass_context
def indicators_cmd(ctx: click.Context, db: str | None, period: str | None,
                   dimension: str | None, risk_dim: str | None, rebuild: bool) -> None:
    """Print indicator cells (JSON Lines) or risk levels."""
    store, settings = _store(ctx, db)
    if rebuild:
        click.echo(_dump(engine.rebuild(store, settings)), err=True)
    rows = queries.risk(store, risk_dim) if risk_dim else \
        queries.indicator_rows(store, period, dimension)
    for row in rows:
        click.echo(_dump(row))


@click.command("export")
@db_option
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default=None)
@click.pass_context
def export_cmd(ctx: click.Context, db: str | None, path: Path, fmt: str | None) -> None:
    """Export the indicators to CSV or Parquet."""
    store, _ = _store(ctx, db)
    click.echo(f"{queries.export(store, path, fmt)} rows written to {path}")


@click.group("alerts", invoke_without_command=True)
@click.pass_context
def alerts_group(ctx: click.Context) -> None:
    """List, acknowledge and close alerts; send notifications."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_cmd)


@alerts_group.command("list")
@db_option
@click.option("--status", type=click.Choice(list(queries.STATUSES)), default=None)
@click.option("--rule", default=None, help="burst, count, dyad_shift, watchlist")
@click.option("--key", default=None, help="Country, admin-1 code, dyad (KG-TJ) or watchlist")
@click.option("--since", default=None, help="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_cmd(ctx: click.Context, db: str | None = None, status: str | None = None,
             rule: str | None = None, key: str | None = None, since: str | None = None,
             as_json: bool = False) -> None:
    """List alerts, newest first."""
    store, _ = _store(ctx, db)
    for a in queries.list_alerts(store, status, rule, key, since):
        if as_json:
            click.echo(_dump(a))
        else:
            click.echo(f"#{a['id']} {a['day']} {a['status']:<12} {a['rule']:<10} "
                       f"{a['dimension']}={a['key']}  {len(a['links'])} links")


def _lifecycle(status: str) -> click.Command:
    @click.command("ack" if status == "acknowledged" else "close")
    @db_option
    @click.argument("alert_id", type=int)
    @click.option("--by", required=True, help="Who takes this step.")
    @click.option("--note", default=None)
    @click.pass_context
    def cmd(ctx: click.Context, db: str | None, alert_id: int, by: str,
            note: str | None) -> None:
        try:
            queries.set_status(_store(ctx, db)[0], alert_id, status, by, note)
        except KuzetError as exc:
            raise click.ClickException(exc.line()) from exc
        click.echo(f"alert #{alert_id} {status} by {by}")

    cmd.help = f"Mark an alert {status}."
    return cmd


alerts_group.add_command(_lifecycle("acknowledged"))
alerts_group.add_command(_lifecycle("closed"))


@alerts_group.command("notify")
@db_option
@click.pass_context
def notify_cmd(ctx: click.Context, db: str | None) -> None:
    """Send alerts not yet notified by webhook and e-mail."""
    store, settings = _store(ctx, db)
    click.echo(f"{queries.notify_new(store, settings)} alerts notified")


@click.command("backtest")
@db_option
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="labels.json (default: the demo corpus's).")
@click.option("--water", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Also run the dyad-shift rule over a TFDD events CSV.")
@click.pass_context
def backtest_cmd(ctx: click.Context, db: str | None, labels: Path | None,
                 water: Path | None) -> None:
    """Replay the stored corpus in date order and report lead times and false alarms."""
    store, settings = _store(ctx, db)
    if labels is None:
        with resources.as_file(resources.files("kuzet") / "data" / "demo" / "labels.json") as p:
            data = bt.load_labels(p)
    else:
        data = bt.load_labels(labels)
    result: dict[str, Any] = bt.replay(store, data, settings)
    if water is not None:
        result["water"] = bt.water_history(water)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1))


@click.command("import")
@db_option
@click.argument("kind", type=click.Choice(sorted(importers.FORMATS)))
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_cmd(ctx: click.Context, db: str | None, kind: str, paths: tuple[Path, ...]) -> None:
    """Import ground-truth events: ucdp-ged, ucdp-country-year, acled, gdelt."""
    store, _ = _store(ctx, db)
    report = Report()
    for path in paths:
        importers.import_file(store, kind, path, report)
    for line in report.messages:
        click.echo(line, err=True)
    click.echo(f"{report.ok} events imported, {sum(report.rejected.values())} rows skipped")


COMMANDS = [stories_cmd, indicators_cmd, export_cmd, alerts_group, backtest_cmd, import_cmd]
