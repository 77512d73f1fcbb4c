"""The ``kuzet`` command line: a thin layer over the library.

Each area owns one module in ``kuzet.commands`` that defines its click commands; this
module only assembles them.
"""

from __future__ import annotations

import importlib

import click

from kuzet import __version__

# module -> command names it defines (one module per area, so areas stay independent)
COMMAND_MODULES: tuple[str, ...] = (
    "kuzet.commands.core",  # analyze
    "kuzet.commands.store",  # show, search
    "kuzet.commands.ingest",  # ingest, watch
    "kuzet.commands.demo",  # demo
    "kuzet.commands.data",  # data check
    "kuzet.commands.eval",  # eval
    "kuzet.commands.signals",  # stories, indicators, export, alerts, backtest, import
    "kuzet.commands.web",  # serve, user
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kuzet")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Settings file (default: ./kuzet.toml).")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Kuzet: early warning for preventive diplomacy in Central Asia."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # an area not built yet must not break the others
        if exc.name != _name:
            raise
        continue
    for _command in getattr(_module, "COMMANDS", ()):
        cli.add_command(_command)


def main() -> None:
    """Entry point of the console script."""
    cli(obj={})
