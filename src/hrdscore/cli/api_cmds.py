"""Commands of the HTTP API: serve, and keys (create, list, revoke)."""

from __future__ import annotations

import os
import socket
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hrdscore.cli.output import echo_json, echo_table, format_option
from hrdscore.cli.store_cmds import db_option, existing_store, open_store
from hrdscore.errors import HrdscoreError
from hrdscore.settings import cli_user
from hrdscore.shipped import load_shipped
from hrdscore.store import Role, create_key, list_keys, revoke_key, seed

if TYPE_CHECKING:
    import uvicorn


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@db_option
@click.option("--rate-limit", type=click.IntRange(min=0), default=600, show_default=True,
              help="Requests a client may make per minute; 0 turns the limit off.")
@click.option("--max-body", type=click.IntRange(min=1024), default=1_000_000,
              show_default=True, help="Largest request body accepted, in bytes.")
@click.option("--periods-kept", type=click.IntRange(min=1), default=3, show_default=True,
              help="Periods whose every scorecard is kept in memory (each ~30 MiB at "
                   "100,000 acts); the least recently asked for goes first.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log every request.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes sharing the port. Each keeps its own caches and follows "
                   "the database's changes; the rate limit counts per process.")
@click.option("--forwarded-allow-ips", metavar="ADDRESSES", default=None,
              help="Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
                   "X-Forwarded-Proto headers are believed ('*' for any). Without it those "
                   "headers are ignored, so a client cannot pick the address the rate limit "
                   "counts it under.")
def serve(host: str, port: int, db: Path | None, rate_limit: int, max_body: int,
          periods_kept: int, access_log: bool, workers: int,
          forwarded_allow_ips: str | None) -> None:
    """Run the HTTP API (uvicorn; one process unless --workers says more). The OpenAPI
    document is at /schema/openapi.json and interactive docs at /schema.

    With no database yet it creates one holding the shipped data, so the scorecards are
    there at once."""
    import uvicorn

    from hrdscore.api import ApiSettings, create_app
    from hrdscore.api.server import (
        APP_FACTORY,
        SETTINGS_ENV,
        responsive_threads,
        server_config,
        settings_for_workers,
    )

    _check_can_listen(host, port)
    store = open_store(db)
    if not store.exists():
        changes = seed(store, load_shipped(date.today()), who=cli_user())
        click.echo(f"{store.path}: new database with the shipped data "
                   f"({changes.as_dict()['created']} records)", err=True)
    settings = ApiSettings(db=store.path, rate_limit=rate_limit, max_body_bytes=max_body,
                           periods_kept=periods_kept, warm_up=True)
    click.echo(f"hrdscore API on http://{host}:{port}/api (docs: /schema, database "
               f"{store.path}, {workers} worker{'s' if workers > 1 else ''})", err=True)
    if workers > 1:
        os.environ[SETTINGS_ENV] = settings_for_workers(settings)
        config = server_config(APP_FACTORY, host=host, port=port, access_log=access_log,
                               forwarded_allow_ips=forwarded_allow_ips, workers=workers)
        _run_workers(config, host, port)
        return
    responsive_threads()
    server = uvicorn.Server(server_config(create_app(settings), host=host, port=port,
                                          access_log=access_log,
                                          forwarded_allow_ips=forwarded_allow_ips))
    try:
        server.run()
    except SystemExit as exc:  # uvicorn exits 3 when it cannot start; it has said why
        if exc.code not in (None, 0):
            raise HrdscoreError(f"the server could not start on {host}:{port}") from None
    if not server.started:
        raise HrdscoreError(f"the server could not start on {host}:{port}")


def _run_workers(config: uvicorn.Config, host: str, port: int) -> None:
    """uvicorn's own supervisor: it binds the socket once, starts the workers, restarts one
    that dies, and stops them all on Ctrl-C or SIGTERM."""
    from uvicorn.supervisors import Multiprocess

    try:
        sock = config.bind_socket()
    except SystemExit:
        raise HrdscoreError(f"the server could not start on {host}:{port}") from None
    Multiprocess(config, sockets=[sock]).run()


def _check_can_listen(host: str, port: int) -> None:
    """Fail early, with a message, when the address is taken or not ours."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise HrdscoreError(f"cannot listen on {host}:{port}: {exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise HrdscoreError(f"cannot listen on {host}:{port}: "
                                f"{exc.strerror or exc}") from None


@click.group()
def keys() -> None:
    """API keys: create (shown once), list, revoke. Roles: analyst (reads confidential
    incidents and draft assessments), editor (also writes evidence), admin (also deletes
    and manages keys)."""


@keys.command(name="create")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role if r is not Role.RESPONDENT]),
              required=True)
@db_option
def keys_create(name: str, role: str, db: Path | None) -> None:
    """Create a key NAME with a role, and print its token (the only time it is shown)."""
    store = existing_store(db)
    key, token = create_key(store, name, Role(role), who=cli_user())
    click.echo(token)
    click.echo(f"Key {key.name!r} ({key.role.value}) created. The token above is shown only "
               "now: keep it safe; only its hash is stored.", err=True)


@keys.command(name="list")
@db_option
@format_option(("table", "json"))
def keys_list(db: Path | None, fmt: str) -> None:
    """List the keys (never their tokens)."""
    found = list_keys(existing_store(db))
    rows = [{"name": k.name, "role": k.role.value, "created_at": k.created_at,
             "created_by": k.created_by, "revoked_at": k.revoked_at} for k in found]
    if fmt == "json":
        echo_json(rows)
        return
    echo_table(f"{len(found)} API keys", ["name", "role", "created (UTC)", "by", "revoked"],
               [(r["name"], r["role"], r["created_at"], r["created_by"], r["revoked_at"] or "")
                for r in rows])


@keys.command(name="revoke")
@click.argument("name")
@db_option
def keys_revoke(name: str, db: Path | None) -> None:
    """Revoke the key NAME: it stops working at once and stays listed."""
    key = revoke_key(existing_store(db), name, who=cli_user())
    click.echo(f"Key {key.name!r} revoked at {key.revoked_at}.")


COMMANDS = [serve, keys]
