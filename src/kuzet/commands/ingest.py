"""``kuzet ingest`` and ``kuzet watch``: thin layers over :mod:`kuzet.ingest.run`."""

from __future__ import annotations

import sys
from typing import Any

import click

from kuzet.commands.common import db_option, load_settings
from kuzet.errors import KuzetError

_fetch_options = [
    click.option("--feeds", default=None,
                 help="Feed lists to add: 'default' for the shipped regional list."),
    click.option("--allow-private", "allow_private", is_flag=True, default=False,
                 help="Allow private and loopback addresses (local test servers)."),
    click.option("--ignore-robots", "ignore_robots", is_flag=True, default=False,
                 help="Do not obey robots.txt (only for sites you run)."),
    click.option("--timeout", type=float, default=None, help="Seconds per request."),
    click.option("--host-delay", "host_delay", type=float, default=None,
                 help="Minimum seconds between two requests to one host."),
    click.option("--no-analyze", "no_analyze", is_flag=True, default=False,
                 help="Store articles without running the annotation stages."),
    db_option,
]


def _with_fetch_options(fn: Any) -> Any:
    for option in reversed(_fetch_options):
        fn = option(fn)
    return fn


def _err(line: str) -> None:
    click.echo(line, err=True)


def _flags(opts: dict[str, Any]) -> dict[str, Any]:
    flags = {k: opts.get(k) for k in ("db", "timeout", "host_delay")}
    if opts.get("allow_private"):  # an absent flag must not override kuzet.toml
        flags["allow_private"] = True
    if opts.get("ignore_robots"):
        flags["respect_robots"] = False
    return flags


def _open_store(settings: dict[str, Any]) -> Any:
    from kuzet.store import Store  # the store area owns the database

    return Store(str(settings["db"]))


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--strict", is_flag=True, help="Exit non-zero if any input was rejected.")
@_with_fetch_options
@click.pass_context
def ingest(ctx: click.Context, /, sources: tuple[str, ...], strict: bool, **opts: Any) -> None:
    """Ingest files, directories, .jsonl, RSS/Atom feeds and web pages into the database.

    With no SOURCES, ingests the sources configured in kuzet.toml ([[sources]], feeds).
    """
    from kuzet.ingest.run import exit_code
    from kuzet.ingest.run import ingest as run_ingest

    try:
        settings = load_settings(ctx, **_flags(opts))
        store = _open_store(settings)
        try:
            report = run_ingest(list(sources), store, settings, analyze=not opts["no_analyze"],
                                feeds=opts.get("feeds"), echo=_err)
        finally:
            store.close()
    except KuzetError as err:
        raise click.ClickException(err.line()) from err
    sys.exit(exit_code(report, strict))


@click.command()
@click.option("--interval", type=float, default=None,
              help="Seconds between polls (setting watch_interval).")
@click.option("--polls", type=int, default=None, help="Stop after this many polls.")
@_with_fetch_options
@click.pass_context
def watch(ctx: click.Context, /, interval: float | None, polls: int | None, **opts: Any) -> None:
    """Poll the configured feeds on an interval and ingest new items (Ctrl-C stops)."""
    from kuzet.ingest.watch import watch as run_watch

    try:
        settings = load_settings(ctx, **_flags(opts))
        store = _open_store(settings)
        try:
            run_watch(store, settings, feeds=opts.get("feeds"), polls=polls, interval=interval,
                      echo=_err, analyze=not opts["no_analyze"])
        except KeyboardInterrupt:
            _err("stopped")
        finally:
            store.close()
    except KuzetError as err:
        raise click.ClickException(err.line()) from err


COMMANDS = [ingest, watch]
