"""`sitrep spark extract|merge`: extraction and merging on Apache Spark (extra: sitrep-events[spark])."""

from __future__ import annotations

import typer
from rich.console import Console

err = Console(stderr=True)
spark_app = typer.Typer(
    help="Run sitrep on Apache Spark (pip install 'sitrep-events\\[spark]').", no_args_is_help=True
)


def _session(master: str | None):
    try:
        import pyspark  # noqa: F401
    except ModuleNotFoundError:
        err.print("[red]PySpark is not installed.[/] pip install 'sitrep-events\\[spark]'")
        raise typer.Exit(2) from None
    from pyspark.sql import SparkSession

    from sitrep.spark import local_session

    if master and master.startswith("local"):
        return local_session(master)
    builder = SparkSession.builder.appName("sitrep")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()  # under spark-submit, the master comes from the submit command


@spark_app.command("extract")
def extract(
    input: str = typer.Option(..., "--input", "-i", help="JSONL, Parquet or WARC: a file, folder or glob."),
    output: str = typer.Option(..., "--output", "-o", help="Parquet folder for the records."),
    format: str = typer.Option("auto", help="jsonl, parquet, warc or auto (by the file name)."),
    master: str | None = typer.Option(None, help="Spark master, e.g. local[2]; default: spark-submit's."),
    rejected: str | None = typer.Option(
        None, help="Where unreadable documents go (default OUTPUT_rejected)."
    ),
) -> None:
    """Extract events from articles with Spark; writes the output contract as Parquet."""
    from sitrep.spark import run_extract

    spark = _session(master)
    counts = run_extract(spark, input, output, format, rejected)
    err.print(
        f"{counts.get('event', 0)} event(s), {counts.get('aggregate', 0)} aggregate(s), "
        f"{counts.get('rejected', 0)} rejected document(s) → {output}"
    )


@spark_app.command("merge")
def merge(
    input: str = typer.Option(..., "--input", "-i", help="Parquet written by `sitrep spark extract`."),
    output: str = typer.Option(..., "--output", "-o", help="Parquet folder for the merged events."),
    master: str | None = typer.Option(None, help="Spark master, e.g. local[2]; default: spark-submit's."),
) -> None:
    """Merge reports of the same event, grouped by country, admin1 and date window."""
    from sitrep.spark import run_merge

    spark = _session(master)
    n = run_merge(spark, input, output)
    err.print(f"{n} merged event(s) → {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(spark_app, name="spark")
