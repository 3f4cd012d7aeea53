"""Ingest throughput (HTML pages to stored events) on SQLite and PostgreSQL, with peak memory, and the
quality of near-duplicate clustering on a set of texts republished with different page furniture.

    nice .venv/bin/python bench/ingest.py                    # 2000 pages from ../shared/eval
    nice .venv/bin/python bench/ingest.py --n 500 --db sqlite
    nice .venv/bin/python bench/ingest.py --dedup-only       # cluster quality only (no spaCy)

Texts come from ../shared/eval (MUC-4 newswire, GTD summaries, ACLED notes, WikiEvents articles; licensed
for evaluation, never copied into the repository). Each text is wrapped in an HTML page with navigation,
a "most read" box and a footer, and written to a temporary folder, so the timing covers reading files,
trafilatura, language detection, dedup, extraction and the database writes. When ../shared is absent (a
fresh clone) the bench says so and builds synthetic texts from templates instead: those numbers show the
machinery works but are not comparable with the real ones.

Each database runs in its own process, so its peak memory (max RSS) is its own. PostgreSQL runs in a
fresh schema of the `test` database at 127.0.0.1:5432, dropped afterwards; it is skipped with a message
when the server is down. Results go to bench/results/ingest-<stamp>.json. Nothing here asserts a timing.

Cluster quality: N source texts are republished 1-4 times each by different "outlets" (other headline,
furniture, an agency dateline or a reporting credit added, sometimes the last sentence cut, as wire
copies are). Every copy of one source belongs together; nothing else does. We report pairwise
precision/recall/F1 over article pairs and the share of extractions saved, for the threshold in use
and, from the same texts, for a sweep of thresholds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_EVAL = REPO.parent / "shared" / "eval"
RESULTS = Path(__file__).resolve().parent / "results"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
SOURCES = (  # (file, share of the corpus)
    ("muc4_train.jsonl", 0.3),
    ("gtd2021_world.jsonl", 0.3),
    ("acled2020_world.jsonl", 0.38),
    ("wikievents_dev.jsonl", 0.02),
)
OUTLETS = (
    "Daily Courier",
    "The Morning Post",
    "Valley Times",
    "Coast Herald",
    "Metro Ledger",
    "Northern Star",
)


# -- texts ---------------------------------------------------------------------------------------
def load_texts(eval_dir: Path, n: int, seed: int) -> tuple[list[tuple[str, str]], str]:
    """(id, text) pairs and a note on where they came from."""
    if not eval_dir.is_dir():
        note = (
            f"{eval_dir} is absent (a fresh clone has no ../shared): using synthetic template texts; "
            "numbers are NOT comparable with runs on the eval sets"
        )
        return synthetic_texts(n, seed), note
    rng = random.Random(seed)
    texts: list[tuple[str, str]] = []
    for name, share in SOURCES:
        path = eval_dir / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        rng.shuffle(rows)
        texts.extend((f"{path.stem}:{r['id']}", r["text"]) for r in rows[: max(1, round(n * share))])
    rng.shuffle(texts)
    return texts[:n], f"{len(texts[:n])} texts from {eval_dir}"


def synthetic_texts(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    who = ["Gunmen", "Soldiers", "Police", "Rebels", "Unidentified attackers", "Militiamen", "Protesters"]
    did = [
        "killed {k} people in",
        "clashed with villagers in",
        "arrested {k} activists in",
        "marched through",
        "set fire to {k} houses in",
        "abducted {k} farmers near",
        "shelled positions around",
    ]
    places = [
        "Kanduri",
        "Bama",
        "Dara",
        "Tamba",
        "Kelo",
        "Zomba",
        "Sabha",
        "Nema",
        "Orsk",
        "Pesh",
        "Gao",
        "Lira",
    ]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    texts = []
    for i in range(n):
        sentences = [
            f"{rng.choice(who)} {rng.choice(did).format(k=rng.randint(2, 60))} {rng.choice(places)} on "
            f"{rng.choice(days)}, officials said."
            for _ in range(rng.randint(2, 5))
        ]
        texts.append((f"synthetic:{i}", " ".join(sentences)))
    return texts


def page(text: str, outlet: str, headline: str, rng: random.Random) -> str:
    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
    menu = "".join(
        f"<li><a href='/{s.lower()}'>{s}</a></li>"
        for s in rng.sample(
            ["World", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Video"], 5
        )
    )
    most_read = "".join(
        f"<li><a href='/story/{rng.randint(1, 99999)}'>{h}</a></li>"
        for h in rng.sample(
            [
                "Cup final tickets sold out",
                "Markets rally on rate hopes",
                "Storm warning for the coast",
                "New bridge opens to traffic",
                "Celebrity chef opens bistro",
                "Election date announced",
            ],
            3,
        )
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(headline)} | {outlet}</title>"
        f"<meta property='og:site_name' content='{outlet}'></head><body>"
        f"<header><a href='/'>{outlet}</a><nav><ul>{menu}</ul></nav></header>"
        f"<main><article><h1>{escape(headline)}</h1><p class='byline'>By staff reporter</p>{paragraphs}"
        f"</article></main><aside><h3>Most read</h3><ol>{most_read}</ol></aside>"
        f"<footer><p>(c) 2026 {outlet}. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"
        "</body></html>"
    )


def headline_of(text: str) -> str:
    words = text.split()
    return " ".join(words[3:11]).strip(" ,.-").capitalize() or "News"


def republish(text: str, outlet: str, rng: random.Random) -> str:
    """A copy the way outlets run a wire story: credit lines added, sometimes the last sentence cut."""
    body = text.strip()
    sentences = body.split(". ")
    if len(sentences) > 3 and rng.random() < 0.4:
        body = ". ".join(sentences[:-1]) + "."
    if rng.random() < 0.5:
        body = f"({outlet}) - {body}"
    if rng.random() < 0.5:
        reporter = rng.choice(["A. Noor", "J. Silva", "K. Mensah"])
        body += f"\n\nReporting by {reporter}; editing by the {outlet} desk."
    return body


# -- throughput ----------------------------------------------------------------------------------
def build_pages(texts: list[tuple[str, str]], folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    for i, (_id, text) in enumerate(texts):
        outlet = rng.choice(OUTLETS)
        (folder / f"page-{i:05d}.html").write_text(
            page(text, outlet, headline_of(text), rng), encoding="utf-8"
        )


def worker(url: str, folder: Path, schema: str | None) -> dict:
    """One ingest run in this process: prints and returns its numbers (max RSS is this process's)."""
    from sitrep.ingest.runner import Ingestor
    from sitrep.pipeline import Pipeline
    from sitrep.store import open_store

    t0 = time.perf_counter()
    pipeline = Pipeline()
    t_load = time.perf_counter() - t0
    store = open_store(url, schema=schema)
    t1 = time.perf_counter()
    counts = Ingestor(store, pipeline=pipeline).ingest([str(folder)])
    seconds = time.perf_counter() - t1
    stored = store.counts()
    store.close()
    n_pages = len(list(folder.glob("*.html")))
    extraction_s = sum(vars(pipeline.times).values())
    return {
        "pages": n_pages,
        "counts": counts.as_dict(),
        "stored": stored,
        "model_load_s": round(t_load, 2),
        "ingest_s": round(seconds, 2),
        "pages_per_s": round(n_pages / seconds, 2),
        "events_per_s": round(counts.events / seconds, 2),
        # The rest is reading, trafilatura, language, dedup and the database writes.
        "extraction_s": round(extraction_s, 2),
        "outside_extraction_s": round(seconds - extraction_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_db(kind: str, folder: Path, workdir: Path) -> dict:
    schema = None
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'bench.db'}"
    else:
        if not postgres_up():
            return {"skipped": f"no PostgreSQL answering at {POSTGRES} (run `make postgres`)"}
        url, schema = POSTGRES, f"bench_{uuid.uuid4().hex[:10]}"
    command = [sys.executable, __file__, "--worker", url, "--folder", str(folder)]
    if schema:
        command += ["--schema", schema]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        if schema:
            drop_schema(schema)
    if done.returncode != 0:
        return {"failed": done.stderr[-2000:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_up() -> bool:
    try:
        import sqlalchemy as sa

        from sitrep.store import make_engine

        engine = make_engine(POSTGRES)
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available" here
        return False


def drop_schema(schema: str) -> None:
    import sqlalchemy as sa

    from sitrep.store import make_engine

    engine = make_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


# -- cluster quality -----------------------------------------------------------------------------
class NoExtraction:
    """Clustering does not depend on extraction, so the dedup bench skips spaCy."""

    def extract_many(self, articles):
        return ((article, []) for article in articles)

    def extract(self, article):
        return []


def dedup_quality(texts: list[tuple[str, str]], workdir: Path, seed: int) -> dict:
    import sqlalchemy as sa

    from sitrep.ingest import dedup
    from sitrep.ingest.runner import Ingestor
    from sitrep.store import models as m
    from sitrep.store import open_store

    rng = random.Random(seed)
    folder = workdir / "republished"
    folder.mkdir()
    truth: dict[str, str] = {}
    for i, (source_id, text) in enumerate(texts):
        for outlet in rng.sample(OUTLETS, rng.randint(1, 4)):
            name = f"s{i:05d}-{outlet.replace(' ', '_')}.html"
            (folder / name).write_text(
                page(republish(text, outlet, rng), outlet, headline_of(text), rng), "utf-8"
            )
            truth[name] = source_id
    store = open_store(f"sqlite:///{workdir / 'dedup.db'}")
    t0 = time.perf_counter()
    counts = Ingestor(store, pipeline=NoExtraction()).ingest([str(folder)])
    seconds = time.perf_counter() - t0
    with store.sessions() as session:
        rows = session.execute(
            sa.select(m.Article.doc_id, m.Article.cluster_id, m.Article.text, m.Article.source)
        ).all()
    store.close()
    found = {Path(doc_id).name: cluster for doc_id, cluster, _, _ in rows}
    result = {
        "pages": len(truth),
        "sources": len(texts),
        "ingest_s": round(seconds, 2),
        "counts": counts.as_dict(),
    }
    result["in_use"] = {"threshold": dedup.THRESHOLD, **pair_scores(truth, found)}
    result["in_use"]["extractions_saved"] = round(1 - counts.extracted / max(1, len(truth)), 3)
    # The sweep replays clustering on the stored texts: each text joins its best match above the threshold.
    texts_by_name = {Path(doc_id).name: text for doc_id, _, text, _ in rows}
    outlet_of = {Path(doc_id).name: source for doc_id, _, _, source in rows}
    signatures = {name: dedup.minhash(text) for name, text in sorted(texts_by_name.items())}
    hashes = {name: dedup.content_hash(text) for name, text in texts_by_name.items()}
    result["sweep"] = []
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        index = dedup.NearDuplicateIndex(threshold)
        cluster_of: dict[str, str] = {}
        first_with_hash: dict[str, str] = {}
        for name, signature in signatures.items():
            match = next(
                (
                    key
                    for key, _ in index.candidates(signature)
                    if dedup.is_copy(
                        texts_by_name[name], texts_by_name[key], (outlet_of[name], outlet_of[key])
                    )
                ),
                None,
            )
            if hashes[name] in first_with_hash:
                cluster_of[name] = cluster_of[first_with_hash[hashes[name]]]
            elif match is not None:
                cluster_of[name] = cluster_of[match]
            else:
                cluster_of[name] = name
                index.add(name, signature)
            first_with_hash.setdefault(hashes[name], name)
        result["sweep"].append({"threshold": threshold, **pair_scores(truth, cluster_of)})
    return result


def pair_scores(truth: dict[str, str], found: dict[str, object]) -> dict:
    def pairs(assign: dict[str, object]) -> set[frozenset[str]]:
        groups: dict[object, list[str]] = defaultdict(list)
        for name, key in assign.items():
            if name in truth and key is not None:
                groups[key].append(name)
        return {frozenset(p) for group in groups.values() for p in itertools.combinations(sorted(group), 2)}

    gold, got = pairs(truth), pairs(found)
    hit = len(gold & got)
    precision = hit / len(got) if got else 1.0
    recall = hit / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs_gold": len(gold),
        "pairs_found": len(got),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


# -- main ----------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="pages for the throughput run")
    parser.add_argument("--dedup-n", type=int, default=600, help="source texts for the cluster-quality set")
    parser.add_argument("--db", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--eval-dir", type=Path, default=SHARED_EVAL)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dedup-only", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--schema", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.folder, args.schema)))
        return

    workdir = Path(tempfile.mkdtemp(prefix="sitrep-bench-ingest-"))
    report: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_avg": os.getloadavg(),
    }
    try:
        if not args.dedup_only:
            texts, note = load_texts(args.eval_dir, args.n, args.seed)
            report["corpus"] = note
            print(note, file=sys.stderr)
            folder = workdir / "pages"
            folder.mkdir()
            build_pages(texts, folder, args.seed)
            report["throughput"] = {}
            for kind in (k.strip() for k in args.db.split(",") if k.strip()):
                print(f"ingesting {len(texts)} pages into {kind} ...", file=sys.stderr)
                report["throughput"][kind] = run_db(kind, folder, workdir)
                print(json.dumps(report["throughput"][kind]), file=sys.stderr)
        texts, note = load_texts(args.eval_dir, args.dedup_n, args.seed + 1)
        report["dedup_corpus"] = note
        print("clustering republished copies ...", file=sys.stderr)
        report["dedup"] = dedup_quality(texts, workdir, args.seed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"ingest-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    print(f"→ {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
