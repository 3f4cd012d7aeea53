"""`sitrep train LABELED.jsonl`: fit the sub-event classifier to the user's own labelled notes.

Rows look like the evaluation sets: {"id", "text", "gold": {"sub_event_type", ...}} (a top-level
"sub_event_type" works too). Rows without text or with an unknown sub-event type are skipped and
counted, never fatal. The model is saved where the pipeline looks for it (see
`sitrep.extract.subevent_model.default_path`) unless --output says otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

err = Console(stderr=True)


def read_labelled(path: Path) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(text, sub_event_type) pairs, and why the other rows were skipped."""
    from sitrep.extract.classify import SUB_EVENT_TYPES

    rows: list[tuple[str, str]] = []
    skipped: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                skipped["not JSON"] = skipped.get("not JSON", 0) + 1
                continue
            if not isinstance(row, dict):
                skipped["not an object"] = skipped.get("not an object", 0) + 1
                continue
            gold = row.get("gold") if isinstance(row.get("gold"), dict) else {}
            label = gold.get("sub_event_type") or row.get("sub_event_type")
            text = row.get("text")
            if not isinstance(text, str) or not text.strip():
                skipped["no text"] = skipped.get("no text", 0) + 1
            elif label not in SUB_EVENT_TYPES:
                skipped["no known sub_event_type"] = skipped.get("no known sub_event_type", 0) + 1
            else:
                rows.append((text, label))
    return rows, skipped


def train(
    labelled: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON Lines of labelled notes."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Where to save the model."),
    min_count: int = typer.Option(2, help="Ignore words seen in fewer rows than this."),
) -> None:
    """Fit the sub-event classifier on labelled rows; the pipeline uses it when it is surer than the rules."""
    from sitrep.extract import subevent_model

    rows, skipped = read_labelled(labelled)
    for reason, n in sorted(skipped.items()):
        err.print(f"[yellow]skipped[/] {n} row(s): {reason}")
    if len({label for _, label in rows}) < 2:
        err.print("[red]Nothing to train on:[/] need rows with at least two different sub_event_type values.")
        raise typer.Exit(2)
    fit_rows, held_out = subevent_model.split(rows)
    model = subevent_model.fit(
        [t for t, _ in fit_rows], [label for _, label in fit_rows], min_count=min_count
    )
    temperature = subevent_model.calibrate(model, [t for t, _ in held_out], [label for _, label in held_out])
    score = subevent_model.accuracy(model, held_out)
    # Refit on everything now that the temperature is chosen.
    final = subevent_model.fit([t for t, _ in rows], [label for _, label in rows], min_count=min_count)
    final.temperature = temperature
    target = output or subevent_model.default_path()
    final.save(target)
    held = f"held-out accuracy {score:.3f} on {len(held_out)} rows, " if score is not None else ""
    err.print(
        f"trained on {len(rows)} rows ({len(final.classes)} sub-event types, {len(final.vocab)} features), "
        f"{held}temperature {temperature:g} → {target}"
    )


def register(app: typer.Typer) -> None:
    app.command()(train)
