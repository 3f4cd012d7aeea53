"""`sitrep demo`: the main job on the bundled example articles, shown as a table."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from sitrep.pipeline import Pipeline
from sitrep.records import Event, Record

# A wide table even when stdout is not a terminal (make demo piped to a log).
console = Console(width=None if sys.stdout.isatty() else 160)


def demo(
    examples: Path = typer.Option(Path("examples"), help="Folder of example articles."),
    out: Path = typer.Option(Path("out"), help="Where the JSONL, CSV and GeoJSON go."),
    db: str = typer.Option("sqlite:///sitrep.db", help="Database the examples are ingested into."),
) -> None:
    """Extract events from the bundled examples, write every export, and fill the demo database."""
    from sitrep.export import WRITERS
    from sitrep.ingest.files import Rejected, read_inputs

    if not examples.is_dir():
        console.print(f"[red]No examples folder at {examples}.[/] Run `make demo` from the repository root.")
        raise typer.Exit(2)
    items = list(read_inputs(str(examples)))
    articles = [a for a in items if not isinstance(a, Rejected)]
    for bad in (a for a in items if isinstance(a, Rejected)):
        console.print(f"[yellow]skipped[/] {bad.source}: {bad.reason}")

    pipeline = Pipeline()
    records: list[Record] = []
    for _article, found in pipeline.extract_many(articles):
        records.extend(found)

    out.mkdir(parents=True, exist_ok=True)
    paths = {fmt: out / f"events.{fmt}" for fmt in WRITERS}
    for fmt, path in paths.items():
        with path.open("w", encoding="utf-8", newline="") as handle:
            WRITERS[fmt](records, handle)

    console.print(_table(records))
    console.print("Wrote " + ", ".join(str(p) for p in paths.values()))
    _ingest(examples, db, pipeline)


def _table(records: list[Record]) -> Table:
    table = Table(title="Events found in the bundled examples", show_lines=False)
    for column in ("doc", "date", "type", "sub-event type", "actor1", "actor2", "where", "deaths", "conf"):
        table.add_column(column, overflow="fold")
    for r in records:
        if not isinstance(r, Event):
            continue
        where = ", ".join(x for x in (r.location, r.admin1, r.country) if x) or "?"
        table.add_row(
            r.doc_id,
            str(r.event_date or "?"),
            r.event_type or "?",
            r.sub_event_type or "?",
            r.actor1 or "",
            r.actor2 or "",
            where,
            "" if r.fatalities is None else str(r.fatalities),
            f"{r.confidence:.2f}",
        )
    return table


def _ingest(examples: Path, db: str, pipeline: Pipeline) -> None:
    from sitrep.cli.ingest import ingest_sources

    ingest_sources([str(examples)], db=db, pipeline=pipeline)
    console.print(
        f"Ingested the examples into {db}. Open the app with: [bold].venv/bin/sitrep serve --db {db}[/]"
        " then visit http://127.0.0.1:8000"
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
