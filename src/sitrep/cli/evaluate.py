"""`sitrep evaluate`: per-field accuracy of the extractor (or of a predictions file) against a gold set."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)
out = Console()
if not out.is_terminal:  # piped into a file or a note: keep rows on one line
    out = Console(width=160)


def _read_jsonl(path: Path, what: str) -> list[dict[str, Any]]:
    """Lines that are not JSON objects are reported and skipped; the rest is scored."""
    rows: list[dict[str, Any]] = []
    bad = 0
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                bad += 1
                if bad <= 5:
                    err.print(f"[yellow]skipped[/] {path}:{number}: not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict):
                bad += 1
                continue
            rows.append(row)
    if bad:
        err.print(f"[yellow]{bad} {what} line(s) skipped[/] in {path}")
    return rows


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _run_pipeline(rows: list[Any]) -> dict[str, list[dict[str, Any]]]:
    from rich.progress import Progress

    from sitrep.pipeline import Pipeline
    from sitrep.records import Article

    articles: list[Article] = []
    for row in rows:
        if not row.text.strip():
            err.print(f"[yellow]skipped[/] {row.id}: empty text (scored as nothing detected)")
            continue
        articles.append(Article(id=row.id, text=row.text, published=row.published))
    pipeline = Pipeline()
    predictions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("extracting", total=len(articles))
        for article, records in pipeline.extract_many(articles):
            predictions[article.id].extend(r.model_dump(mode="json") for r in records)
            progress.advance(task)
    return predictions


def _area_matcher() -> Any:
    """Admin names match across spellings of one gazetteer area (docs/evaluate.md); without a usable
    gazetteer, only the plain name match counts."""
    import sqlite3

    from sitrep.gazetteer import open_index
    from sitrep.gazetteer.areas import AreaMatcher

    try:
        return AreaMatcher(open_index())
    except (OSError, sqlite3.Error, ValueError) as exc:
        err.print(f"[yellow]gazetteer unavailable[/] ({exc}): admin names match by spelling only")
        return None


def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="Gold set (JSONL: id, text, gold)."),
    kind: str = typer.Option("auto", help="acled, acled2015, gtd, muc4, wikievents or auto."),
    predictions: Path | None = typer.Option(
        None,
        "--predictions",
        "-p",
        exists=True,
        dir_okay=False,
        help="Score these records (sitrep extract JSONL output) instead of running the extractor.",
    ),
    limit: int | None = typer.Option(None, min=1, help="Only the first N gold rows."),
    sample: int | None = typer.Option(None, min=1, help="A random sample of N rows (after --limit)."),
    seed: int = typer.Option(0, help="Seed for --sample."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the scores and per-row outcomes here."),
    save_predictions: Path | None = typer.Option(
        None, "--save-predictions", help="Also write the extracted records here (JSONL), to re-score later."
    ),
) -> None:
    """Per-field accuracy against a gold set (ACLED notes, ACLED 2015, GTD, MUC-4, WikiEvents)."""
    from sitrep.evaluate import FIELD_DENOMINATORS, KINDS, detect_kind, parse_gold_row, score, select_rows

    if kind != "auto" and kind not in KINDS:
        raise typer.BadParameter(f"--kind must be auto or one of {', '.join(KINDS)}")
    raw = _read_jsonl(gold, "gold")
    raw = [r for r in raw if "id" in r and isinstance(r.get("gold"), dict)]
    if not raw:
        err.print(f"[red]No gold rows[/] in {gold}: each line needs an id and a gold object.")
        raise typer.Exit(2)
    chosen_kind = detect_kind(raw[0]) if kind == "auto" else kind
    rows = select_rows([parse_gold_row(r) for r in raw], limit=limit, sample=sample, seed=seed)

    if predictions is not None:
        preds: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in _read_jsonl(predictions, "prediction"):
            if "doc_id" in record:
                preds[str(record["doc_id"])].append(record)
    else:
        preds = _run_pipeline(rows)
        if save_predictions is not None:
            with save_predictions.open("w", encoding="utf-8") as handle:
                for row in rows:
                    for record in preds.get(row.id, []):
                        handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    report = score(rows, preds, chosen_kind, same_area=_area_matcher())  # type: ignore[arg-type]
    title = (
        f"{gold.name} · {chosen_kind} · {report.n_docs} documents, {report.predicted_events} predicted events"
    )
    if report.fields:
        table = Table(title=title)
        for column in ("field", "n", "correct", "accuracy", "n detected", "given detected", "counted over"):
            table.add_column(column, justify="left" if column in ("field", "counted over") else "right")
        for name, f in report.fields.items():
            table.add_row(
                name,
                str(f.n),
                str(f.correct),
                _pct(f.accuracy),
                str(f.n_detected),
                _pct(f.accuracy_detected),
                FIELD_DENOMINATORS.get(name, ""),
            )
        out.print(table)
        if report.detection is None:  # document-level sets (MUC-4) count templates, not extra events
            out.print(f"extra events: {report.extra_events} ({report.extra_per_doc or 0:.2f} per document)")
    if report.detection is not None:
        d = report.detection
        table = Table(title=title)
        for column in ("metric", "value", "counts"):
            table.add_column(column, justify="left" if column != "value" else "right")
        table.add_row("detection precision", _pct(d.precision), f"tp={d.tp} fp={d.fp}")
        table.add_row("detection recall", _pct(d.recall), f"tp={d.tp} fn={d.fn} (tn={d.tn})")
        table.add_row("detection F1", _pct(d.f1), "document reports a violent event")
        who = "perpetrator organisation" if chosen_kind == "muc4" else "attacker"
        table.add_row(f"{who} recall", _pct(d.perp_recall), f"{d.perp_found}/{d.perp_total}")
        out.print(table)
    if json_out is not None:
        summary = report.to_dict()
        summary["gold"] = str(gold)
        summary["limit"], summary["sample"], summary["seed"] = limit, sample, seed
        json_out.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        err.print(f"scores → {json_out}")


def register(app: typer.Typer) -> None:
    app.command()(evaluate)
