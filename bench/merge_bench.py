"""Merge throughput: reports per second merged into a store that already holds many canonical events.

    nice .venv/bin/python bench/merge_bench.py [--events 1000000] [--reports 400] [--db sqlite:///...]

The store is filled with synthetic events (60 countries, three years, random places and types) through
bulk inserts, then `reports` new articles are saved the normal way (`Store.save_article_with_records`, which
calls the merge hook): half repeat a stored event as another outlet would, half are new. The database
file is reused when it already holds enough events (pass --fresh to rebuild it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import time
from pathlib import Path

import sqlalchemy as sa

from sitrep.records import Article, Event, Span
from sitrep.store import models as m
from sitrep.store import open_store

TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Mob violence"),
]
FIRST_DAY = dt.date(2023, 1, 1)
DAYS = 3 * 365


def synthetic(i: int, rng: random.Random) -> dict:
    country = rng.randrange(60)
    lat0, lon0 = -30 + country, -20 + 2 * country
    kind = TYPES[rng.randrange(len(TYPES))]
    return {
        "event_id": f"s{i}",
        "doc_id": f"doc-s{i}",
        "event_date": (FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))).isoformat(),
        "time_precision": 1 if rng.random() < 0.9 else 3,
        "event_type": kind[0],
        "sub_event_type": kind[1],
        "country": f"Country {country}",
        "admin1": f"Province {country}-{rng.randrange(8)}",
        "location": f"Town {country}-{rng.randrange(400)}",
        "latitude": round(lat0 + rng.random() * 3, 4),
        "longitude": round(lon0 + rng.random() * 3, 4),
        "geo_precision": 1,
        "fatalities": rng.choice([0, 0, 1, 2, 3, 5, 12]),
        "source": f"Outlet {rng.randrange(50)}",
    }


_TABLES = ("articles", "events", "mentions", "event_sources")


def fill(url: str, n: int, seed: int) -> None:
    """Bulk-load `n` synthetic events (SQLite): indexes are dropped during the load and rebuilt after."""
    if not url.startswith("sqlite"):
        raise SystemExit("the bulk fill is written for SQLite; pass a sqlite:/// URL")
    store = open_store(url)
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        have = cur.execute("SELECT count(*) FROM events").fetchone()[0]
        if have >= n:
            return
        marks = ",".join("?" * len(_TABLES))
        indexes = cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks})",
            _TABLES,
        ).fetchall()
        cur.execute("PRAGMA synchronous=OFF")
        for name, _sql in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        rng = random.Random(seed)
        start, chunk = time.perf_counter(), 100_000
        now = m.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
        for first in range(have, n, chunk):
            rows = [synthetic(i, rng) for i in range(first, min(n, first + chunk))]
            ids = range(first + 1, first + 1 + len(rows))
            cur.executemany(
                "INSERT INTO articles (id, doc_id, content_hash, text, status, source, published,"
                " ingested_at, n_events, n_aggregates) VALUES (?,?,?,?,?,?,?,?,1,0)",
                [
                    (
                        i,
                        r["doc_id"],
                        hashlib.sha256(r["doc_id"].encode()).hexdigest(),
                        f"Report {r['event_id']}.",
                        m.EXTRACTED,
                        r["source"],
                        r["event_date"],
                        now,
                    )
                    for i, r in zip(ids, rows, strict=True)
                ],
            )
            cur.executemany(
                "INSERT INTO events (event_id, doc_id, event_date, time_precision, event_type,"
                " sub_event_type, country, admin1, location, latitude, longitude, geo_precision, fatalities,"
                " source, confidence, review_status, created_at, updated_at, n_sources)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0.5,'pending',?,?,1)",
                [
                    (
                        r["event_id"],
                        r["doc_id"],
                        r["event_date"],
                        r["time_precision"],
                        r["event_type"],
                        r["sub_event_type"],
                        r["country"],
                        r["admin1"],
                        r["location"],
                        r["latitude"],
                        r["longitude"],
                        r["geo_precision"],
                        r["fatalities"],
                        r["source"],
                        now,
                        now,
                    )
                    for r in rows
                ],
            )
            cur.executemany(
                "INSERT INTO mentions (mention_id, article_id, event_id, record, event_date, country,"
                " confidence, created_at) VALUES (?,?,?,?,?,?,0.5,?)",
                [
                    (r["event_id"], i, r["event_id"], json.dumps(r), r["event_date"], r["country"], now)
                    for i, r in zip(ids, rows, strict=True)
                ],
            )
            cur.executemany(
                "INSERT INTO event_sources (event_id, article_id, mention_id, role, created_at)"
                " VALUES (?,?,?,'extracted',?)",
                [(r["event_id"], i, r["event_id"], now) for i, r in zip(ids, rows, strict=True)],
            )
            raw.commit()
            print(f"  filled {first + len(rows)}/{n} ({time.perf_counter() - start:.0f} s)", flush=True)
        for _name, sql in indexes:
            cur.execute(sql)
        cur.execute("ANALYZE")
        raw.commit()
        print(f"  indexed ({time.perf_counter() - start:.0f} s)", flush=True)
    finally:
        raw.close()
        store.close()


def _as_report(base: dict, k: int, run: str) -> tuple[Article, Event]:
    text = f"Fighting was reported in {base['location']}; {base['fatalities']} people were killed."
    start = text.index(base["location"])
    doc = f"bench-{run}-{k}"
    event = Event.model_validate(
        {
            **base,
            "event_id": f"{doc}-0",
            "doc_id": doc,
            "source": f"Bench outlet {k % 7}",
            "evidence": {
                "location": [Span(start=start, end=start + len(base["location"]), text=base["location"])]
            },
        }
    )
    article = Article(id=doc, text=text, source=event.source, published=event.event_date)
    return article, event


def stored_rows(url: str, n: int, seed: int) -> list[dict]:
    """Stored events to repeat, read back from the database (cheaper than replaying the generator)."""
    store = open_store(url)
    rng = random.Random(seed + 2)
    ids = [f"s{rng.randrange(n)}" for _ in range(n and 1000)]
    with store.engine.begin() as connection:
        rows = (
            connection.execute(sa.select(m.Mention.record).where(m.Mention.mention_id.in_(ids)))
            .scalars()
            .all()
        )
    store.close()
    return list(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--db", default=f"sqlite:///{Path('/tmp') / 'sitrep-merge-bench.db'}")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.fresh and args.db.startswith("sqlite:///"):
        Path(args.db.removeprefix("sqlite:///")).unlink(missing_ok=True)
    fill(args.db, args.events, args.seed)
    repeats = stored_rows(args.db, args.events, args.seed)
    run = f"{time.time_ns():x}"  # the same database serves several runs: new documents each time
    rng = random.Random(run)
    bases = [
        rng.choice(repeats) if k % 2 == 0 else synthetic(args.events + k, rng) for k in range(args.reports)
    ]
    items = [_as_report(b, k, run) for k, b in enumerate(bases)]
    import sitrep.merge

    merge_seconds = 0.0
    hook = sitrep.merge.merge_mentions

    def timed(session, mentions):  # the store looks the hook up on each save, so wrapping it here counts
        nonlocal merge_seconds
        t0 = time.perf_counter()
        try:
            return hook(session, mentions)
        finally:
            merge_seconds += time.perf_counter() - t0

    sitrep.merge.merge_mentions = timed
    store = open_store(args.db)
    start = time.perf_counter()
    for article, event in items:
        store.save_article_with_records(article, [event])
    seconds = time.perf_counter() - start
    sitrep.merge.merge_mentions = hook
    with store.sessions() as session:
        merged = session.scalar(
            sa.select(sa.func.count())
            .select_from(m.MergeLog)
            .where(m.MergeLog.mention_id.like(f"bench-{run}-%"))
        )
        live = session.scalar(
            sa.select(sa.func.count()).select_from(m.Event).where(m.Event.merged_into.is_(None))
        )
    store.close()
    result = {
        "store_events": args.events,
        "live_events_after": live,
        "reports": args.reports,
        "merged": merged,
        "seconds": round(seconds, 2),
        "reports_per_second": round(args.reports / seconds, 1),
        "merge_seconds": round(merge_seconds, 2),
        "merge_ms_per_report": round(1000 * merge_seconds / args.reports, 1),
        "db": args.db.split("://")[0],
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
