"""``kuzet serve`` and ``kuzet user``: the dashboard and its accounts."""

from __future__ import annotations

import click

from kuzet.commands.common import db_option, load_settings
from kuzet.errors import KuzetError


@click.command("serve")
@db_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 8000).")
@click.option("--workers", default=None, type=click.IntRange(min=1, max=64),
              help="Server processes (default: one per core, at most 8).")
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str | None, port: int | None,
          workers: int | None) -> None:
    """Serve the dashboard and the JSON API (OpenAPI document at /openapi.json)."""
    from kuzet.web import server
    from kuzet.web.config import web_setting

    conf = load_settings(ctx, db=db)
    host = host or str(web_setting(conf, "host"))
    port = port or int(web_setting(conf, "port"))
    workers = workers or int(web_setting(conf, "web_workers")) or server.default_workers()
    try:
        password = server.prepare(conf)
    except KuzetError as exc:
        raise click.ClickException(exc.line()) from exc
    if password:
        click.echo(f"No accounts yet: created user 'admin' with password {password}\n"
                   "  (shown once; add others with `kuzet user add NAME --role analyst`)", err=True)
    click.echo(f"Kuzet dashboard on http://{host}:{port}/  (database {conf['db']}, "
               f"{workers} worker{'s' if workers > 1 else ''})", err=True)
    server.run(conf, host, port, workers)


@click.group("user")
def user() -> None:
    """Manage dashboard accounts."""


def _engine(ctx: click.Context, db: str | None):  # type: ignore[no-untyped-def]
    from kuzet.store import Store

    store = Store(load_settings(ctx, db=db)["db"])
    return store


@user.command("add")
@db_option
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), default="viewer",
              show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="KUZET_PASSWORD", help="Password (prompted; or env KUZET_PASSWORD).")
@click.pass_context
def add(ctx: click.Context, db: str | None, username: str, role: str, password: str) -> None:
    """Create a dashboard account."""
    from kuzet.web import auth

    store = _engine(ctx, db)
    try:
        auth.add_user(store.engine, username, password, role)
        auth.audit(store.engine, "cli", "user.add", username, {"role": role})
    except KuzetError as exc:
        raise click.ClickException(exc.line()) from exc
    finally:
        store.close()
    click.echo(f"user {username} ({role}) created")


@user.command("token")
@db_option
@click.argument("username")
@click.option("--name", default="script", show_default=True, help="What the token is for.")
@click.pass_context
def token(ctx: click.Context, db: str | None, username: str, name: str) -> None:
    """Issue an API token for scripts (printed once)."""
    from kuzet.web import auth

    store = _engine(ctx, db)
    try:
        click.echo(auth.create_token(store.engine, username, name))
        auth.audit(store.engine, "cli", "token.add", username, {"name": name})
    except KuzetError as exc:
        raise click.ClickException(exc.line()) from exc
    finally:
        store.close()


COMMANDS = [serve, user]
