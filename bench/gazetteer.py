"""The gazetteer's cost: index open time and memory, lookup speed, and geocoding's share of extraction.

    .venv/bin/python bench/gazetteer.py                     # first 300 ACLED notes of ../shared/eval
    .venv/bin/python bench/gazetteer.py --corpus my.jsonl   # your own {"id", "text"} lines
    .venv/bin/python bench/gazetteer.py --build             # also time a full rebuild of the index

Without ../shared (a fresh clone) and without --corpus it uses the bundled examples/, which are too few
for stable numbers and says so. Memory is resident-set growth read from /proc/self/status. Results go to
bench/results/gazetteer-<stamp>.json. Nothing is asserted: the machine is shared, timings vary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "eval" / "acled2020_world.jsonl"
RESULTS = Path(__file__).resolve().parent / "results"


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def corpus(path: Path | None, limit: int) -> tuple[list[dict[str, Any]], str]:
    source = path or (SHARED if SHARED.exists() else None)
    if source is None:
        files = sorted((REPO / "examples").glob("*.txt"))
        docs = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in files]
        return docs, "bundled examples (too few for stable numbers)"
    docs = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if len(docs) >= limit:
                break
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and isinstance(row.get("text"), str):
                docs.append({"id": str(row.get("id", len(docs))), "text": row["text"]})
    return docs, f"{source.name} (first {len(docs)})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--build", action="store_true", help="time a rebuild into a temporary file")
    args = parser.parse_args()
    out: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "loadavg": os.getloadavg(),
    }

    from sitrep.gazetteer import ensure_built, open_index

    ensure_built()
    if args.build:
        from sitrep.gazetteer.build import build_embedded

        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            build_embedded(Path(tmp) / "index.sqlite")
            out["build_s"] = round(time.perf_counter() - t0, 1)

    before = rss_mib()
    t0 = time.perf_counter()
    index = open_index()
    out["open_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    out["index_file_mib"] = round(index.path.stat().st_size / 2**20, 1)
    out["index_stats"] = index.stats()

    from sitrep.extract.geocode import Geocoder

    geocoder = Geocoder(index)
    geocoder.not_places  # noqa: B018 - load the curated stoplist before timing
    out["rss_after_open_mib"] = round(rss_mib() - before, 1)

    keys = ["quetta", "bannu", "khyber pakhtunkhwa", "mogadishu", "springfield", "nothing here at all"] * 200
    t0 = time.perf_counter()
    for i in range(0, len(keys), 6):
        index.lookup(keys[i : i + 6])
    out["lookup_us_per_key_cold_cache"] = round((time.perf_counter() - t0) / len(keys) * 1e6, 1)

    docs, label = corpus(args.corpus, args.limit)
    out["corpus"] = label
    from sitrep.pipeline import Pipeline
    from sitrep.records import Article

    pipeline = Pipeline(geocoder=geocoder)
    articles = [Article(id=d["id"], text=d["text"]) for d in docs]
    t0 = time.perf_counter()
    prepare_s = 0.0
    original = geocoder.prepare

    def timed_prepare(ctx):  # prepare runs inside Pipeline._context, outside Pipeline.times.places
        nonlocal prepare_s
        t = time.perf_counter()
        original(ctx)
        prepare_s += time.perf_counter() - t

    geocoder.prepare = timed_prepare  # type: ignore[method-assign]
    for _ in pipeline.extract_many(articles):
        pass
    total = time.perf_counter() - t0
    places = pipeline.times.places + prepare_s
    out["extract_total_s"] = round(total, 2)
    out["geocode_s"] = round(places, 3)
    out["geocode_prepare_s"] = round(prepare_s, 3)
    out["geocode_share"] = round(places / total, 3) if total else None
    out["rss_total_mib"] = round(rss_mib(), 1)

    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"gazetteer-{stamp}.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
