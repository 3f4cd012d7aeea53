"""Throughput and memory of the extractor on real news, against spaCy's NER alone as the ceiling.

    .venv/bin/python bench/run.py                      # the fixed corpus from ../shared/eval
    .venv/bin/python bench/run.py --corpus my.jsonl    # your own articles: {"id", "text"} per line
    .venv/bin/python bench/run.py --profile 30         # also print the top 30 functions by own time
    .venv/bin/python bench/run.py --spark              # also Spark local[1] vs local[2] (spark_scaling.py)

The fixed corpus is every MUC-4 dev article (200 newswire stories), the 20 WikiEvents articles and the first
300 ACLED event notes of ../shared/eval (licensed for evaluation, never copied into this repository). When
../shared is absent (a fresh clone) pass `--corpus PATH.jsonl`, or the run falls back to the bundled
example articles, which are too few for stable numbers and say so in the result.

For each group of texts and for all together it reports articles/s and words/s end to end (text to
records, JSONL writing included) and per stage (Pipeline.times), then runs spaCy's NER alone, same model,
same texts, and reports our throughput as a share of it. Peak memory is the process's maximum resident
set size. Results go to bench/results/run-<stamp>.json and .md. Nothing here asserts a timing: the machine
is shared, so numbers vary; the load average is recorded with them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import resource
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"
RESULTS = Path(__file__).resolve().parent / "results"
FIXED_CORPUS = (  # (group, file, how many rows; None = all)
    ("muc4", "muc4_dev.jsonl", None),
    ("wikievents", "wikievents_dev.jsonl", None),
    ("acled_notes", "acled2020_world.jsonl", 300),
)


def load_jsonl(path: Path, group: str, limit: int | None) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(docs) >= limit:
                break
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a broken line is not worth stopping a benchmark for
            text = row.get("text") if isinstance(row, dict) else None
            if isinstance(text, str) and text.strip():
                docs.append(
                    {
                        "id": str(row.get("id", len(docs))),
                        "text": text,
                        "group": group,
                        "published": row.get("published"),
                    }
                )
    return docs


def load_corpus(corpus: Path | None) -> tuple[list[dict[str, Any]], str]:
    if corpus is not None:
        return load_jsonl(corpus, corpus.stem, None), str(corpus)
    if SHARED_EVAL.is_dir():
        docs = []
        for group, name, limit in FIXED_CORPUS:
            if (SHARED_EVAL / name).exists():
                docs.extend(load_jsonl(SHARED_EVAL / name, group, limit))
        parts = [f"{name}[:{limit or 'all'}]" for _, name, limit in FIXED_CORPUS]
        return docs, "fixed: " + ", ".join(parts)
    examples = REPO / "examples"
    docs = []
    from sitrep.ingest.files import Rejected, read_inputs

    for item in read_inputs(str(examples)):
        if not isinstance(item, Rejected):
            docs.append({"id": item.id, "text": item.text, "group": "examples", "published": None})
    print(
        f"../shared/eval not found: falling back to {len(docs)} bundled examples (too few for stable "
        "numbers; pass --corpus PATH.jsonl)",
        file=sys.stderr,
    )
    return docs, "examples (fallback)"


def words(text: str) -> int:
    return len(text.split())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def to_articles(docs: list[dict[str, Any]]) -> list[Any]:
    from sitrep.records import Article

    articles = []
    for d in docs:
        published = None
        if d.get("published"):
            try:
                published = dt.date.fromisoformat(str(d["published"])[:10])
            except ValueError:
                published = None
        articles.append(Article(id=d["id"], text=d["text"], published=published))
    return articles


def run_workers(pipeline: Any, docs: list[dict[str, Any]], n_process: int) -> dict[str, Any]:
    """End to end with `n_process` worker processes (stage times are not collected across processes)."""
    articles = to_articles(docs)
    start = time.perf_counter()
    n_events = sum(
        1
        for _article, records in pipeline.extract_many(articles, n_process=n_process)
        for r in records
        if r.record_type == "event"
    )
    seconds = time.perf_counter() - start
    n_words = sum(words(d["text"]) for d in docs)
    return {
        "n_process": n_process,
        "events": n_events,
        "seconds": round(seconds, 2),
        **rates(len(docs), n_words, seconds),
    }


def run_pipeline(pipeline: Any, docs: list[dict[str, Any]]) -> dict[str, Any]:
    from sitrep.export import write_jsonl
    from sitrep.pipeline import StageTimes

    articles = to_articles(docs)
    pipeline.times = StageTimes()
    sink = io.StringIO()
    n_events = n_records = 0
    writing = 0.0
    start = time.perf_counter()
    for _article, records in pipeline.extract_many(articles):
        t0 = time.perf_counter()
        write_jsonl(records, sink)
        writing += time.perf_counter() - t0
        n_records += len(records)
        n_events += sum(1 for r in records if r.record_type == "event")
    total = time.perf_counter() - start
    stages = asdict(pipeline.times)
    stages["writing"] = writing
    stages["other"] = max(0.0, total - sum(stages.values()))
    return {"seconds": total, "events": n_events, "records": n_records, "stage_seconds": stages}


def run_ner_only(nlp: Any, docs: list[dict[str, Any]]) -> float:
    texts = [d["text"] for d in docs]
    with nlp.select_pipes(enable=["ner"]):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        return time.perf_counter() - start


def rates(n_docs: int, n_words: int, seconds: float) -> dict[str, float | None]:
    if seconds <= 0:
        return {"articles_per_s": None, "words_per_s": None}
    return {"articles_per_s": round(n_docs / seconds, 2), "words_per_s": round(n_words / seconds, 1)}


def bench_group(pipeline: Any, name: str, docs: list[dict[str, Any]]) -> dict[str, Any]:
    n_words = sum(words(d["text"]) for d in docs)
    ours = run_pipeline(pipeline, docs)
    ner_seconds = run_ner_only(pipeline.nlp, docs)
    result: dict[str, Any] = {
        "group": name,
        "articles": len(docs),
        "words": n_words,
        "words_per_article": round(n_words / len(docs), 1) if docs else 0,
        "events": ours["events"],
        "seconds": round(ours["seconds"], 3),
        **rates(len(docs), n_words, ours["seconds"]),
        "ner_only_seconds": round(ner_seconds, 3),
        "ner_only": rates(len(docs), n_words, ner_seconds),
        "ratio_to_ner_only": round(ner_seconds / ours["seconds"], 3) if ours["seconds"] > 0 else None,
        "stages": {
            stage: {"seconds": round(sec, 3), **rates(len(docs), n_words, sec)}
            for stage, sec in ours["stage_seconds"].items()
        },
    }
    return result


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# sitrep benchmark, {result['when']}",
        "",
        f"corpus: {result['corpus']}; machine: {result['machine']}; "
        f"load average before: {result['load_before']}",
        f"peak memory (max RSS): {result['peak_rss_mb']:.0f} MB (after loading models: "
        f"{result['rss_after_load_mb']:.0f} MB)",
        "",
        "| texts | articles | words/article | articles/s | words/s | NER-only articles/s | ours / NER-only |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for g in result["groups"]:
        lines.append(
            f"| {g['group']} | {g['articles']} | {g['words_per_article']} | {g['articles_per_s']} | "
            f"{g['words_per_s']} | {g['ner_only']['articles_per_s']} | {g['ratio_to_ner_only']} |"
        )
    overall = result["groups"][-1]
    lines += [
        "",
        f"Per stage ({overall['group']}): seconds, and articles/s if that stage ran alone",
        "",
        "| stage | seconds | articles/s |",
        "|---|---:|---:|",
    ]
    for stage, s in overall["stages"].items():
        lines.append(f"| {stage} | {s['seconds']} | {s['articles_per_s']} |")
    if "workers" in result:
        w = result["workers"]
        lines += [
            "",
            f"End to end with {w['n_process']} worker processes (all texts): "
            f"{w['articles_per_s']} articles/s, "
            f"{w['words_per_s']} words/s",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, help="JSONL of {id, text} articles instead of the fixed corpus"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON and Markdown")
    parser.add_argument(
        "--spark", action="store_true", help="also Spark local[1] vs local[2] (spark_scaling.py)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="also run the whole corpus end to end with this many worker processes (default: all CPUs)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="profile one more pass with cProfile and print the top N functions",
    )
    args = parser.parse_args(argv)

    docs, corpus_name = load_corpus(args.corpus)
    if not docs:
        print("no articles to benchmark: the corpus is empty or unreadable", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]

    from sitrep.pipeline import Pipeline

    t0 = time.perf_counter()
    pipeline = Pipeline()
    load_seconds = time.perf_counter() - t0
    rss_after_load = peak_rss_mb()
    run_pipeline(pipeline, docs[:10])  # warm caches (lazy lexicons, first-call allocations)

    groups: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        groups.setdefault(d["group"], []).append(d)
    results = [bench_group(pipeline, name, group) for name, group in groups.items()]
    if len(groups) > 1:
        results.append(bench_group(pipeline, "all", docs))

    result = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "corpus": corpus_name,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "model": getattr(pipeline.nlp, "meta", {}).get("name"),
        "pipes_enabled": list(pipeline.nlp.pipe_names),
        "model_load_seconds": round(load_seconds, 2),
        "rss_after_load_mb": round(rss_after_load, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "groups": results,
    }
    if args.jobs > 1:
        result["workers"] = run_workers(pipeline, docs, args.jobs)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = result["when"].replace(":", "").replace("-", "")
    (args.out / f"run-{stamp}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    table = markdown(result)
    (args.out / f"run-{stamp}.md").write_text(table, encoding="utf-8")
    (args.out / "latest.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"→ {args.out / f'run-{stamp}.json'}")

    if args.spark:
        from spark_scaling import run as spark_run

        spark_run(docs, ["local[1]", "local[2]"], corpus_name, args.out)

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        run_pipeline(pipeline, docs)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
