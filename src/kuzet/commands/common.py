"""Helpers shared by the command modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kuzet import settings


def load_settings(ctx: click.Context, **flags: Any) -> dict[str, Any]:
    """Settings for this invocation: defaults, kuzet.toml, KUZET_* env, then flags."""
    config = (ctx.obj or {}).get("config") if ctx.obj else None
    return settings.load(flags=flags, config=Path(config) if config else None)


db_option = click.option(
    "--db", default=None, help="SQLite path or database URL (env KUZET_DB; default ./kuzet.db)."
)
