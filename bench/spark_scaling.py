"""Spark scaling: the same corpus through `sitrep spark extract` in local mode with 1 and 2 cores.

    .venv/bin/python bench/spark_scaling.py                   # the fixed corpus of bench/run.py
    .venv/bin/python bench/spark_scaling.py --corpus my.jsonl --masters 'local[1]' 'local[2]' 'local[4]'
    .venv/bin/python bench/run.py --spark                     # the same, after the main benchmark

Each master gets a fresh session. A warm-up job first makes every Python worker load the models (once
per worker, as on a cluster), so the timed job measures extraction, not start-up; both times are kept.
Writes bench/results/spark-<stamp>.json. Asserts no timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import RESULTS, load_corpus  # noqa: E402


def measure(docs: list[dict[str, Any]], master: str, workdir: Path) -> dict[str, Any]:
    from sitrep.spark import local_session, run_extract

    source = workdir / "articles.jsonl"
    if not source.exists():
        source.write_text("\n".join(json.dumps({"id": d["id"], "text": d["text"]}) for d in docs) + "\n")
    warm = workdir / "warm.jsonl"
    if not warm.exists():
        warm.write_text("\n".join(json.dumps({"id": d["id"], "text": d["text"]}) for d in docs[:8]) + "\n")

    t0 = time.perf_counter()
    spark = local_session(master, "sitrep-bench")
    spark.sparkContext.setLogLevel("ERROR")
    run_extract(spark, str(warm), str(workdir / f"warm-{master}"))
    startup = time.perf_counter() - t0
    t1 = time.perf_counter()
    counts = run_extract(spark, str(source), str(workdir / f"out-{master}"))
    seconds = time.perf_counter() - t1
    spark.stop()
    return {
        "master": master,
        "startup_and_warmup_seconds": round(startup, 2),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(docs) / seconds, 2),
        "events": counts.get("event", 0),
    }


def run(docs: list[dict[str, Any]], masters: list[str], corpus_name: str, out: Path) -> dict[str, Any]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for master in masters:
            rows.append(measure(docs, master, Path(tmp)))
            print(json.dumps(rows[-1]), flush=True)  # a later failure must not lose this number
    base = rows[0]["seconds"]
    for row in rows:
        row["speedup_vs_first"] = round(base / row["seconds"], 2) if row["seconds"] else None
    result = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "corpus": corpus_name,
        "articles": len(docs),
        "cpus": os.cpu_count(),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "runs": rows,
    }
    out.mkdir(parents=True, exist_ok=True)
    stamp = result["when"].replace(":", "").replace("-", "")
    (out / f"spark-{stamp}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    lines = [
        "| master | seconds | articles/s | speedup | start-up + warm-up s |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['master']} | {r['seconds']} | {r['articles_per_s']} | {r['speedup_vs_first']} | "
            f"{r['startup_and_warmup_seconds']} |"
        )
    print(f"Spark local-mode scaling, {len(docs)} articles ({corpus_name}), load {result['load_before']}")
    print("\n".join(lines))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, help="JSONL of {id, text} articles instead of the fixed corpus"
    )
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    docs, name = load_corpus(args.corpus)
    if not docs:
        print("no articles to benchmark", file=sys.stderr)
        return 2
    run(docs, args.masters, name, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
