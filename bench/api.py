"""API latency on a large synthetic store, and the web page's load time with many events in view.

    nice .venv/bin/python bench/api.py                          # 1,000,000 events on SQLite and PostgreSQL
    nice .venv/bin/python bench/api.py --rows 200000 --db sqlite
    nice .venv/bin/python bench/api.py --page-events 50000      # also time the page in Chromium
    nice .venv/bin/python bench/api.py --reuse                   # keep and reuse the generated databases

Events are synthetic: drawn from 60 countries × 8 provinces × 6 districts, 6 event types with their
sub-types, 400 actors, over four years, with coordinates near each district's centre; one in ten
events gets an evidence span, so full-text search has evidence to look through. Each query runs through
the whole app in-process (routing, validation, SQL, JSON), `--repeat` times with different parameter
values drawn from the data; p50 and p95 are over those runs, after one warm-up run. The page load is
the time from navigation until the map holds every point and the table and timeline are drawn, in
Debian's Chromium. The machine is shared, so the load average is recorded with the numbers; nothing here
asserts a timing. Results go to bench/results/api-<stamp>.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from sitrep.store import make_engine, open_store
from sitrep.store import models as m

RESULTS = Path(__file__).resolve().parent / "results"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BENCH_SCHEMA = "bench_api"
TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Suicide bomb",
        "Remote explosive/landmine/IED",
    ],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Agreement", "Looting/property destruction"],
}
WORDS = (
    "market checkpoint convoy village mosque school bridge border camp station port hospital "
    "district headquarters pipeline airport"
).split()


def places(rng: random.Random) -> list[tuple[str, str, str, str, float, float]]:
    out = []
    for c in range(60):
        lat0, lon0 = rng.uniform(-35, 55), rng.uniform(-100, 140)
        for a in range(8):
            for d in range(6):
                out.append(
                    (
                        f"Country {c:02d}",
                        f"C{c:02d}",
                        f"Province {c:02d}-{a}",
                        f"District {c:02d}-{a}-{d}",
                        lat0 + rng.uniform(-4, 4),
                        lon0 + rng.uniform(-4, 4),
                    )
                )
    return out


def synthetic(n: int, seed: int = 8) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(seed)
    where = places(rng)
    actors = [f"Armed Group {i:03d}" for i in range(400)]
    start = dt.date(2022, 1, 1)
    kinds = list(TYPES)
    events, evidence = [], []
    now = dt.datetime.now(dt.UTC)
    for i in range(n):
        country, iso3, admin1, admin2, lat, lon = where[rng.randrange(len(where))]
        kind = kinds[rng.randrange(len(kinds))]
        dead = None if rng.random() < 0.2 else int(rng.expovariate(0.3))
        event_id = f"b{i:07d}"
        place_word = WORDS[rng.randrange(len(WORDS))]
        events.append(
            {
                "event_id": event_id,
                "doc_id": f"doc{i // 3}",
                "event_date": start + dt.timedelta(days=rng.randrange(1460)),
                "time_precision": 1,
                "disorder_type": "Political violence",
                "event_type": kind,
                "sub_event_type": rng.choice(TYPES[kind]),
                "actor1": actors[rng.randrange(400)],
                "inter1": 2,
                "actor2": actors[rng.randrange(400)] if rng.random() < 0.5 else None,
                "country": country,
                "iso3": iso3,
                "admin1": admin1,
                "admin2": admin2,
                "location": admin2,
                "latitude": lat + rng.uniform(-0.2, 0.2),
                "longitude": lon + rng.uniform(-0.2, 0.2),
                "geo_precision": 2,
                "fatalities": dead,
                "notes": f"Synthetic event {i} near a {place_word} in {admin2}.",
                "confidence": 0.5,
                "source": "Bench",
                "review_status": "pending",
                "created_at": now,
                "updated_at": now,
                "n_sources": 1,
            }
        )
        if i % 10 == 0:
            evidence.append(
                {
                    "event_id": event_id,
                    "article_id": 1,
                    "field": "location",
                    "start": 0,
                    "end": 12,
                    "text": f"the {place_word} {i}",
                }
            )
    return events, evidence


def fill(url: str, schema: str | None, rows: int, reuse: bool) -> None:
    store = open_store(url, schema=schema)
    with store.engine.connect() as conn:
        have = conn.scalar(sa.select(sa.func.count()).select_from(m.Event.__table__))
    if reuse and have == rows:
        print(f"  reusing {have} events", file=sys.stderr)
        store.close()
        return
    t0 = time.perf_counter()
    events, evidence = synthetic(rows)
    with store.engine.begin() as conn:
        for table in (
            "evidence",
            "event_sources",
            "audit_log",
            "merge_log",
            "mentions",
            "events",
            "aggregates",
            "articles",
        ):
            conn.execute(sa.text(f"DELETE FROM {table}"))
        conn.execute(
            sa.insert(m.Article.__table__),
            [
                {
                    "id": 1,
                    "doc_id": "bench",
                    "content_hash": "0" * 64,
                    "status": "extracted",
                    "text": "bench",
                    "n_events": 0,
                    "n_aggregates": 0,
                    "ingested_at": dt.datetime.now(dt.UTC),
                }
            ],
        )
    if store.dialect == "postgresql":
        copy_postgres(store.engine, schema, events, evidence)
    else:
        step = 20_000
        for i in range(0, len(events), step):
            with store.engine.begin() as conn:
                conn.execute(sa.insert(m.Event.__table__), events[i : i + step])
        with store.engine.begin() as conn:
            for i in range(0, len(evidence), step):
                conn.execute(sa.insert(m.Evidence.__table__), evidence[i : i + step])
        # No ANALYZE here: sitrep never analyses SQLite stores, and sqlite_stat1 without histograms
        # misleads the planner on skewed columns (review_status), so the bench runs as users do.
    print(f"  inserted {rows} events in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    store.close()


def copy_postgres(engine: sa.Engine, schema: str | None, events: list[dict], evidence: list[dict]) -> None:
    """COPY into tables stripped of their secondary indexes, then rebuild them: a bulk index build is far
    faster than a million GIN updates. The rebuilt indexes are the migration's own definitions."""
    tables = ("events", "evidence")
    with engine.begin() as conn:
        indexes = conn.execute(
            sa.text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = :s AND tablename = ANY(:t) "
                "AND indexname NOT LIKE 'pk_%'"
            ),
            {"s": schema or "public", "t": list(tables)},
        ).all()
        for name, _definition in indexes:
            conn.execute(sa.text(f'DROP INDEX "{name}"'))
    for table, rows in (("events", events), ("evidence", evidence)):
        columns = list(rows[0])
        with engine.begin() as conn:
            cursor = conn.connection.driver_connection.cursor()
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
    with engine.begin() as conn:
        for _name, definition in indexes:
            conn.execute(sa.text(definition))
        conn.execute(sa.text("ANALYZE"))  # autovacuum would do it soon after a load this size


def query_plan(rng: random.Random) -> dict[str, Callable[[], tuple[str, dict[str, Any]]]]:
    def country() -> str:
        return f"Country {rng.randrange(60):02d}"

    def day() -> dt.date:
        return dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1400))

    def kind() -> str:
        return rng.choice(list(TYPES))

    return {
        "first page, no filter": lambda: ("/api/events", {}),
        "country": lambda: ("/api/events", {"country": country()}),
        "country + 30 days + type": lambda: (
            "/api/events",
            {
                "country": country(),
                "event_type": kind(),
                "date_from": (d := day()).isoformat(),
                "date_to": (d + dt.timedelta(days=30)).isoformat(),
            },
        ),
        "admin1 + sub_event_type": lambda: (
            "/api/events",
            {
                "admin1": f"Province {rng.randrange(60):02d}-{rng.randrange(8)}",
                "sub_event_type": "Armed clash",
            },
        ),
        "min fatalities 20, by fatalities": lambda: (
            "/api/events",
            {"min_fatalities": 20, "sort": "fatalities"},
        ),
        "bbox 10x10 degrees": lambda: (
            "/api/events",
            {"bbox": f"{(w := rng.uniform(-100, 130))},{(s := rng.uniform(-35, 45))},{w + 10},{s + 10}"},
        ),
        "actor substring": lambda: ("/api/events", {"actor": f"Group {rng.randrange(400):03d}"}),
        "full text q": lambda: ("/api/events", {"q": f"{rng.choice(WORDS)} {rng.randrange(100000)}"}),
        "review_status accepted": lambda: ("/api/events", {"review_status": "accepted"}),
        "stats, country": lambda: ("/api/stats", {"country": country()}),
        "stats, 90 days": lambda: (
            "/api/stats",
            {"date_from": (d := day()).isoformat(), "date_to": (d + dt.timedelta(days=90)).isoformat()},
        ),
        "map points, country": lambda: ("/api/points", {"country": country()}),
        "event detail": lambda: (f"/api/events/b{rng.randrange(1000):07d}", {}),
    }


def deep_page(client, repeat: int) -> list[float]:
    """Ten pages deep by cursor: keyset paging must cost the same on page 10 as on page 1."""
    times = []
    for _ in range(repeat):
        cursor = None
        for _page in range(10):
            params = {"limit": 50, **({"cursor": cursor} if cursor else {})}
            t0 = time.perf_counter()
            body = client.get("/api/events", params=params).json()
            elapsed = time.perf_counter() - t0
            cursor = body["next_cursor"]
        times.append(elapsed)
    return times


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "runs": len(ordered),
    }


def bench_queries(url: str, schema: str | None, repeat: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from sitrep.api import create_app

    client = TestClient(create_app(url, schema=schema), client=("127.0.0.1", 9))
    rng = random.Random(1)
    out: dict[str, Any] = {}
    for name, make in query_plan(rng).items():
        path, params = make()
        client.get(path, params=params)  # warm-up: plans and caches
        times = []
        for _ in range(repeat):
            path, params = make()
            t0 = time.perf_counter()
            response = client.get(path, params=params)
            times.append(time.perf_counter() - t0)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {response.status_code} {response.text[:300]}")
        out[name] = percentiles(times)
        print(
            f"  {name:34s} p50 {out[name]['p50_ms']:8.1f} ms   p95 {out[name]['p95_ms']:8.1f} ms",
            file=sys.stderr,
        )
    out["page 10 by cursor"] = percentiles(deep_page(client, max(3, repeat // 4)))
    print(f"  {'page 10 by cursor':34s} p50 {out['page 10 by cursor']['p50_ms']:8.1f} ms", file=sys.stderr)
    return out


def bench_page(n: int, tmp: Path) -> dict[str, Any]:
    """Time the page in Chromium with `n` events in view (all in one country, so all are drawn)."""
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from sitrep.api import create_app

    url = f"sqlite:///{tmp / 'page.db'}"
    fill(url, None, n, reuse=True)
    port = 8765
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    runs = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                headless=True,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1500, "height": 950})
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function(
                    "document.body.dataset.ready === '1' && !document.body.dataset.loading", timeout=120_000
                )
                drawn = int(page.evaluate("document.body.dataset.points"))
                runs.append(time.perf_counter() - t0)
                page.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
    return {"events_in_view": n, "points_drawn": drawn, **percentiles(runs)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--page-events", type=int, default=50_000, help="0 to skip the browser run")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/sitrep-bench-api"))
    parser.add_argument(
        "--reuse", action="store_true", help="reuse databases that already hold --rows events"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    result: dict[str, Any] = {
        "rows": args.rows,
        "repeat": args.repeat,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "databases": {},
    }
    targets = []
    if args.db in ("sqlite", "both"):
        targets.append(("sqlite", f"sqlite:///{args.workdir / f'events-{args.rows}.db'}", None))
    if args.db in ("postgres", "both"):
        targets.append(("postgres", POSTGRES_URL, f"{BENCH_SCHEMA}_{args.rows}"))
    for name, url, schema in targets:
        print(f"{name}: {args.rows} events", file=sys.stderr)
        fill(url, schema, args.rows, args.reuse)
        result["databases"][name] = bench_queries(url, schema, args.repeat)
        if schema and not args.reuse:
            engine = make_engine(POSTGRES_URL)
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()
    if args.page_events:
        print(f"page load: {args.page_events} events in view", file=sys.stderr)
        result["page_load"] = bench_page(args.page_events, args.workdir)
        print(f"  p50 {result['page_load']['p50_ms']} ms", file=sys.stderr)
    result["load_average_after"] = os.getloadavg()

    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:4]
    (RESULTS / f"api-{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# API latency, {args.rows} synthetic events ({result['when']})",
        "",
        "| query | " + " | ".join(f"{d} p50 ms | {d} p95 ms" for d in result["databases"]) + " |",
        "|---|" + "---:|---:|" * len(result["databases"]),
    ]
    names = next(iter(result["databases"].values())).keys() if result["databases"] else []
    for q in names:
        cells = " | ".join(f"{r[q]['p50_ms']} | {r[q]['p95_ms']}" for r in result["databases"].values())
        lines.append(f"| {q} | {cells} |")
    if "page_load" in result:
        pl = result["page_load"]
        lines += [
            "",
            f"Page load with {pl['events_in_view']} events in view: p50 {pl['p50_ms']} ms "
            f"(max of {pl['runs']}: {pl['p95_ms']} ms).",
        ]
    (RESULTS / f"api-{stamp}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
