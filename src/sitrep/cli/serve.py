"""`sitrep serve` (the API and web app) and `sitrep token` (API tokens for reviewers)."""

from __future__ import annotations

import ipaddress

import typer
from rich.console import Console

err = Console(stderr=True)
DEFAULT_DB = "sqlite:///sitrep.db"

token_app = typer.Typer(
    help="API tokens: writes (reviews) need one; only a hash is stored.", no_args_is_help=True
)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: str = typer.Option(DEFAULT_DB, "--db", help="Database URL: sqlite:///file.db or postgresql://..."),
    host: str = typer.Option("127.0.0.1", help="Interface to bind; loopback by default."),
    port: int = typer.Option(8000, min=1, max=65535),
    read_token: str | None = typer.Option(
        None,
        "--read-token",
        envvar="SITREP_READ_TOKEN",
        help="Require this bearer token (or any API token) for reads. Needed to serve other hosts.",
    ),
) -> None:
    """Serve the JSON API (/api, OpenAPI at /docs) and the web app (/) over one database."""
    if not _loopback(host) and read_token is None:
        # Reads are open only on loopback; exposing the data on a network must be a deliberate choice.
        err.print(f"[red]Refusing to bind {host} without --read-token:[/] reads are open on loopback only.")
        raise typer.Exit(2)
    import uvicorn

    from sitrep.api import create_app

    try:
        app = create_app(db, read_token=read_token)
    except Exception as exc:  # a bad URL or an unreachable database: say which, do not dump a trace
        err.print(f"[red]Cannot open the database {db}:[/] {exc}")
        raise typer.Exit(2) from None
    err.print(f"sitrep: open http://{host}:{port}/ (API docs at /docs), database {db}")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@token_app.command("create")
def token_create(
    name: str = typer.Argument(..., help="Who the token is for; shown in the audit log."),
    role: str = typer.Option("reviewer", "--role", help="reviewer or admin (admins revert anyone's edits)."),
    db: str = typer.Option(DEFAULT_DB, "--db"),
) -> None:
    """Create a token and print it once; only its sha256 is stored."""
    from sitrep.api.auth import TokenError, create_token
    from sitrep.store import open_store

    store = open_store(db)
    try:
        with store.session() as session:
            token = create_token(session, name, role)
    except TokenError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from None
    finally:
        store.close()
    err.print(f"Token for {name!r} ({role}). It is shown only now; keep it secret:")
    typer.echo(token)


@token_app.command("revoke")
def token_revoke(name: str = typer.Argument(...), db: str = typer.Option(DEFAULT_DB, "--db")) -> None:
    """Revoke a token by its name."""
    from sitrep.api.auth import revoke_token
    from sitrep.store import open_store

    store = open_store(db)
    try:
        with store.session() as session:
            done = revoke_token(session, name)
    finally:
        store.close()
    if not done:
        err.print(f"[red]No active token named {name!r}.[/]")
        raise typer.Exit(1)
    err.print(f"Revoked {name!r}.")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(token_app, name="token")
