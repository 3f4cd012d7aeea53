"""`sitrep merge`: one canonical event per incident across articles, in the store or on a JSONL file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

err = Console(stderr=True)
DEFAULT_DB = "sqlite:///sitrep.db"
INPUT_HELP = "Records from `sitrep extract` (.jsonl, or - for stdin): merge them without a store."


def merge(
    input: str | None = typer.Argument(None, help=INPUT_HELP),
    db: str = typer.Option(DEFAULT_DB, "--db", help="Database URL: sqlite:///path.db or postgresql://..."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Recompute events from stored mentions."),
    undo: str | None = typer.Option(None, "--undo", help="Take this mention out of its event."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Merged JSONL (default stdout)."),
) -> None:
    """Merge reports of the same event across articles (ACLED style: one event, every source listed)."""
    if input is not None:
        _merge_file(input, output)
        return
    from sitrep.store import open_store

    store = open_store(db)
    try:
        if undo is not None:
            from sitrep.merge.store import undo_merge

            with store.session() as session:
                try:
                    event = undo_merge(session, undo, who="cli")
                except LookupError as exc:
                    err.print(f"[red]Cannot undo:[/] {exc}")
                    raise typer.Exit(1) from exc
                err.print(f"mention {undo} is its own event again: {event.event_id}")
        if rebuild:
            from sitrep.merge.store import rebuild as run_rebuild

            with store.session() as session:
                summary = run_rebuild(session)
            err.print(
                f"rebuilt: {summary['mentions']} mention(s) → {summary['events']} event(s), "
                f"{summary['merged']} merge(s)"
            )
        _summary(store)
    finally:
        store.close()


def _merge_file(input: str, output: Path | None) -> None:
    from pydantic import ValidationError

    from sitrep.merge import merge_events
    from sitrep.records import Event

    handle = sys.stdin if input == "-" else open(input, encoding="utf-8")  # noqa: SIM115
    events, skipped = [], 0
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if data.get("record_type", "event") != "event":
                    continue  # aggregates are running totals, never merged into events
                events.append(Event.model_validate(data))
            except (json.JSONDecodeError, ValidationError, AttributeError) as exc:
                skipped += 1
                err.print(f"[yellow]skipped[/] line {number}: {str(exc).splitlines()[0][:200]}")
    index = merge_events(events)
    out = sys.stdout if output is None else output.open("w", encoding="utf-8")
    try:
        for cluster in index.clusters.values():
            record = cluster.canonical.model_dump(mode="json")
            record["mentions"] = [m.event_id for m in cluster.mentions]
            record["merge_log"] = [
                d.reasons(index.rules) | {"mention_id": d.mention_id} for d in cluster.decisions
            ]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if output is not None:
            out.close()
    err.print(f"{len(events)} report(s) → {len(index.clusters)} event(s), {skipped} line(s) skipped")


def _summary(store) -> None:
    import sqlalchemy as sa

    from sitrep.store import models as m

    with store.sessions() as session:
        live = session.scalar(
            sa.select(sa.func.count()).select_from(m.Event).where(m.Event.merged_into.is_(None))
        )
        multi = session.scalar(
            sa.select(sa.func.count())
            .select_from(m.Event)
            .where(m.Event.merged_into.is_(None), m.Event.n_sources > 1)
        )
        mentions = session.scalar(sa.select(sa.func.count()).select_from(m.Mention))
        merges = session.scalar(
            sa.select(sa.func.count())
            .select_from(m.MergeLog)
            .where(m.MergeLog.undone.is_(False), m.MergeLog.merged_event_id.is_not(None))
        )
    err.print(
        f"{mentions} mention(s), {live} canonical event(s) ({multi} with several sources), {merges} merge(s)"
    )


def register(app: typer.Typer) -> None:
    app.command()(merge)
