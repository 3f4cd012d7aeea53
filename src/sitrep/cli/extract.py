"""`sitrep extract`: articles in, event and aggregate records out (the output contract)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer
from rich.console import Console

from sitrep.export import FORMATS, write
from sitrep.ingest.files import Rejected, read_inputs

err = Console(stderr=True)


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc


def extract(
    input: str = typer.Argument(
        ..., help="A .txt/.html file, a directory of them, a .jsonl file, or - for stdin."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    format: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or geojson."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes (each loads the models once)."),
    published: str | None = typer.Option(
        None, help="Publication date (YYYY-MM-DD) for inputs that lack one."
    ),
) -> None:
    """Extract events and running totals from news articles."""
    if format not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    day = parse_day(published)
    from sitrep.pipeline import Pipeline, extract_in_workers

    articles, rejected = [], []
    for item in read_inputs(input, day):
        (rejected if isinstance(item, Rejected) else articles).append(item)
    for bad in rejected:
        err.print(f"[yellow]skipped[/] {bad.source}: {bad.reason}")
    if not articles:
        err.print("[red]Nothing to extract:[/] no readable article in the input.")
        raise typer.Exit(2)

    from rich.progress import Progress

    # With workers, only the workers load models: the parent just reads and writes.
    results = extract_in_workers(articles, jobs) if jobs > 1 else Pipeline().extract_many(articles)
    records = []
    with Progress(console=err, transient=True, disable=len(articles) < 20) as progress:
        task = progress.add_task("extracting", total=len(articles))
        for _article, found in results:
            records.extend(found)
            progress.advance(task)

    if output is None:
        write(records, sys.stdout, format)
    else:
        with output.open("w", encoding="utf-8", newline="") as handle:
            write(records, handle, format)
    n_events = sum(1 for r in records if r.record_type == "event")
    err.print(
        f"{len(articles)} article(s), {n_events} event(s), {len(records) - n_events} aggregate(s), "
        f"{len(rejected)} skipped" + (f" → {output}" if output else "")
    )


def register(app: typer.Typer) -> None:
    app.command()(extract)
