"""``kuzet data check``: validate the analyst-editable data files."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

import click

# "module:function" returning a list of problems (one line each); missing ones are skipped.
CHECKS: tuple[str, ...] = (
    "kuzet.annotate.gazetteer:check",
    "kuzet.annotate.actors:check",
    "kuzet.annotate.themes:check",
)


def run_checks(checks: Iterable[str] = CHECKS) -> tuple[list[str], list[str]]:
    """Run every registered check: (names of the checks run, problems found)."""
    ran: list[str] = []
    problems: list[str] = []
    for spec in checks:
        module_name, _, attr = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        fn: Callable[[], Iterable[str]] | None = getattr(module, attr, None)
        if fn is None:
            continue
        ran.append(spec)
        problems.extend(str(p) for p in fn())
    return ran, problems


@click.group()
def data() -> None:
    """Analyst-editable data: gazetteer, actors, theme lexicons."""


@data.command("check")
def check() -> None:
    """Validate the data files: duplicate ids, unknown codes, names that fire on common words."""
    ran, problems = run_checks()
    for line in problems:
        click.echo(line)
    click.echo(f"{len(ran)} checks run, {len(problems)} problems")
    if problems:
        raise SystemExit(1)


COMMANDS = [data]
