"""`sitrep ingest` and `sitrep watch`: files, URLs, feeds and WARC archives into the database."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import typer
from rich.console import Console

from sitrep.cli.extract import parse_day

err = Console(stderr=True)

DB_HELP = "Database URL: sqlite:///path.db (default sitrep.db) or postgresql://user@host/db."
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_every(value: str) -> float:
    """'15m' → 900 seconds; a bare number is minutes."""
    match = _EVERY.match(value)
    if not match or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"{value!r} is not an interval; use e.g. 90s, 15m, 1h")
    unit = match.group(2) or "m"
    return float(match.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


def ingest_sources(
    sources: list[str],
    db: str = "sqlite:///sitrep.db",
    allow_private: bool = False,
    published: str | None = None,
    quiet: bool = False,
    respect_robots: bool = True,
    pipeline=None,
):
    """Ingest `sources` into the store at `db`, with a progress display; returns the counts."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sitrep.ingest.runner import IngestCounts, Ingestor
    from sitrep.ingest.web import Fetcher
    from sitrep.store import open_store

    store = open_store(db)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingesting[/]"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[summary]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet,
    )
    task = progress.add_task("ingest", total=None, summary="")

    def show(counts: IngestCounts) -> None:
        progress.update(task, summary=_summary(counts))

    ingestor = Ingestor(
        store,
        fetcher=Fetcher(allow_private=allow_private, respect_robots=respect_robots),
        published=parse_day(published),
        on_update=show,
        pipeline=pipeline,
    )
    try:
        with progress:
            counts = ingestor.ingest(sources)
    finally:
        store.close()
    if not quiet:
        err.print(f"{_summary(counts)} → {db}")
        if counts.rejected:
            err.print("[yellow]Rejected inputs and their reasons are in the ingest_log table.[/]")
    return counts


def _summary(counts) -> str:
    return (
        f"{counts.articles} new article(s) ({counts.extracted} extracted, {counts.duplicates} duplicate(s), "
        f"{counts.unsupported} not English), {counts.events} event(s), {counts.aggregates} aggregate(s), "
        f"{counts.unchanged} already stored, {counts.rejected} rejected"
    )


def ingest(
    sources: list[str] = typer.Argument(
        ...,
        help="Files or folders (.txt .html .jsonl .csv, optionally .gz; .warc[.gz]; .rss/.atom/.xml "
        "feeds), files listing URLs, or http(s) URLs of pages or feeds.",
    ),
    db: str = typer.Option("sqlite:///sitrep.db", "--db", help=DB_HELP),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow URLs on private, loopback and link-local addresses."
    ),
    published: str | None = typer.Option(
        None, help="Publication date (YYYY-MM-DD) for inputs that lack one."
    ),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="Fetch pages robots.txt disallows."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display or summary."),
) -> None:
    """Store articles and the events extracted from them. Running it again adds nothing new."""
    ingest_sources(
        sources,
        db=db,
        allow_private=allow_private,
        published=published,
        quiet=quiet,
        respect_robots=not ignore_robots,
    )


def watch(
    feeds: Path = typer.Argument(..., help="A text file with one feed URL a line (# for comments)."),
    every: str = typer.Option("15m", "--every", help="Polling interval: 90s, 15m, 1h."),
    db: str = typer.Option("sqlite:///sitrep.db", "--db", help=DB_HELP),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow feeds on private addresses."),
    rounds: int = typer.Option(0, help="Stop after this many polls (0: run until interrupted)."),
) -> None:
    """Poll feeds and ingest only what is new (conditional GET: an unchanged feed is not downloaded)."""
    from sitrep.ingest.files import read_url_list

    interval = parse_every(every)
    urls = read_url_list(feeds) if feeds.is_file() else None
    if not urls:
        err.print(f"[red]{feeds}[/] is not a file of feed URLs (one http(s) URL a line).")
        raise typer.Exit(2)
    stop = {"now": False}

    def _stop(_signum, _frame) -> None:
        stop["now"] = True
        err.print("Stopping after this poll.")

    signal.signal(signal.SIGTERM, _stop)
    done = 0
    try:
        while not stop["now"]:
            started = time.monotonic()
            err.print(f"[bold]poll {done + 1}[/] of {len(urls)} feed(s)")
            ingest_sources(urls, db=db, allow_private=allow_private)
            done += 1
            if rounds and done >= rounds:
                break
            while not stop["now"] and time.monotonic() - started < interval:
                time.sleep(min(1.0, interval))
    except KeyboardInterrupt:
        err.print("Interrupted; everything stored so far is committed.")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(watch)
