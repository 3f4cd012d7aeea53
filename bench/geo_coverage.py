"""How far the gazetteer itself lets geocoding go on a gold set: the ceiling no extractor can pass.

    .venv/bin/python bench/geo_coverage.py ../shared/eval/acled2020_world.jsonl
    .venv/bin/python bench/geo_coverage.py ../shared/eval/gtd2021_world.jsonl --predictions pred.jsonl

For every gold row with coordinates it asks the index (the imported GeoNames dump when there is one,
else the embedded index) two questions:
- is the coder's place name (ACLED `location`, GTD `city`) in the index, with a sense within 25 km of
  the coder's point? Only then can a name in the text lead to the right point at town level;
- does the text contain that name at all?

Rows are sorted into classes, from "named in the text and in the index near the gold point" (reachable)
to "the index has no place of that name" (out of reach unless a district centroid happens to be close).
With `--predictions` (the JSONL that `sitrep evaluate --save-predictions` writes), it also says, class
by class, how many rows our coordinates already get within 25 km, so the misses that extraction could
still fix are separated from those the gazetteer's coverage blocks.

Results go to bench/results/geo-coverage-<set>-<stamp>.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sitrep.evaluate import haversine_km
from sitrep.gazetteer import open_index
from sitrep.gazetteer.names import fold

RESULTS = Path(__file__).resolve().parent / "results"
KM = 25.0


def gold_place(gold: dict[str, Any]) -> tuple[str | None, float, float] | None:
    """The coder's place name and point. ACLED writes "City-Neighbourhood"; the city part is looked up."""
    try:
        lat, lon = float(gold["latitude"]), float(gold["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    name = gold.get("location") or gold.get("city")
    if not isinstance(name, str) or not name.strip() or name.strip().lower() == "unknown":
        return None, lat, lon
    return name.split(" - ")[0].split("-")[0].strip(), lat, lon


def classify(index: Any, text: str, name: str | None, lat: float, lon: float) -> str:
    if name is None:
        return "no place name in gold"
    key = fold(name)
    senses = [h.entry for h in index.lookup([key]).get(key, []) if h.entry.lat is not None]
    in_text = bool(key) and f" {key} " in f" {fold(text)} "
    spoken = "named in text" if in_text else "not named in text"
    if not senses:
        return f"{spoken}, name not in index"
    if any(haversine_km(lat, lon, e.lat, e.lon) <= KM for e in senses):
        return f"{spoken}, right sense in index"
    return f"{spoken}, only other senses in index"


def _records(handle: Any) -> Any:
    """The JSON objects of a JSONL file; a broken line is reported and skipped, not fatal."""
    for number, line in enumerate(handle, 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            print(f"{handle.name}:{number}: skipped, not JSON ({err.msg})")
            continue
        if isinstance(record, dict):
            yield record


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", type=Path)
    parser.add_argument("--predictions", type=Path, help="sitrep evaluate --save-predictions output")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    for path in (args.gold, args.predictions):
        if path is not None and not path.is_file():
            parser.error(
                f"{path} is not a file: pass a gold JSONL (ids, text, gold) and, optionally, the "
                "JSONL that `sitrep evaluate --save-predictions` wrote"
            )

    predicted: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    if args.predictions:
        with args.predictions.open(encoding="utf-8") as handle:
            for record in _records(handle):
                predicted[str(record.get("doc_id"))].append(record)

    index = open_index()
    classes: collections.Counter[str] = collections.Counter()
    hits: collections.Counter[str] = collections.Counter()
    rows = 0
    with args.gold.open(encoding="utf-8") as handle:
        for row in _records(handle):
            if args.limit and rows >= args.limit:
                break
            place = gold_place(row.get("gold") or {})
            if place is None:
                continue
            rows += 1
            name, lat, lon = place
            cls = classify(index, row.get("text", ""), name, lat, lon)
            classes[cls] += 1
            for record in predicted.get(str(row.get("id")), [])[:1]:
                if record.get("latitude") is not None and record.get("longitude") is not None:
                    if haversine_km(lat, lon, float(record["latitude"]), float(record["longitude"])) <= KM:
                        hits[cls] += 1

    if rows == 0:
        print(f"{args.gold.name}: no row has gold latitude and longitude; nothing to count")
        return
    table = []
    print(f"{args.gold.name}: {rows} rows with gold coordinates; index {index.path.name}")
    print(f"{'class':52} {'rows':>6} {'share':>7}" + (f" {'ours ≤25 km':>12}" if args.predictions else ""))
    for cls, n in classes.most_common():
        line = f"{cls:52} {n:6d} {n / rows:7.1%}"
        if args.predictions:
            line += f" {hits[cls]:12d}"
        print(line)
        table.append({"class": cls, "rows": n, "ours_within_25km": hits[cls] if args.predictions else None})
    reachable = classes["named in text, right sense in index"]
    print(f"named in the text with the right sense in the index: {reachable / rows:.1%} of rows")

    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"geo-coverage-{args.gold.stem}-{stamp}.json"
    summary = {"gold": args.gold.name, "index": index.path.name, "rows": rows, "classes": table}
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"→ {out}")


if __name__ == "__main__":
    main()
