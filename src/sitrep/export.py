"""Write records as JSONL, CSV (ACLED column order, extras after) or GeoJSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from sitrep.records import ACLED_COLUMNS, EXTRA_COLUMNS, Aggregate, Event, Record

FORMATS = ("jsonl", "csv", "geojson")


def record_to_dict(record: Record) -> dict:
    return record.model_dump(mode="json")


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record_to_dict(record), ensure_ascii=False) + "\n")
        n += 1
    return n


def csv_row(event: Event) -> dict:
    row = record_to_dict(event)
    row["evidence"] = json.dumps(row["evidence"], ensure_ascii=False)
    return {k: ("" if row.get(k) is None else row[k]) for k in (*ACLED_COLUMNS, *EXTRA_COLUMNS)}


def write_csv(records: Iterable[Record], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *EXTRA_COLUMNS])
    writer.writeheader()
    n = 0
    for record in records:
        if isinstance(record, Event):
            writer.writerow(csv_row(record))
            n += 1
    return n


def geojson_feature(event: Event) -> dict:
    props = record_to_dict(event)
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": props}


def write_geojson(records: Iterable[Record], out: IO[str]) -> int:
    features = [geojson_feature(r) for r in records if isinstance(r, Event)]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}


def write(records: Iterable[Record], out: IO[str], fmt: str) -> int:
    return WRITERS[fmt](records, out)


__all__ = ["Aggregate", "Event", "FORMATS", "write"]
