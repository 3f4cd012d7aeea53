"""`sitrep spark extract` in local mode gives exactly what `sitrep extract` gives; merging loses nothing."""

from __future__ import annotations

import itertools
import json
import os
import sys

import pytest

pyspark = pytest.importorskip("pyspark")

pytestmark = [pytest.mark.spark, pytest.mark.slow]

PLACES = ["Kano", "Mosul", "Aleppo", "Mogadishu", "Maiduguri", "Kandahar", "Goma", "Bamako", "Sanaa", "Gao"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{n} people were killed when a roadside bomb exploded near a market in {place} on {day}, police said.",
    "Soldiers clashed with militants on the outskirts of {place} on {day}, leaving {n} fighters dead.",
    "An airstrike hit a village north of {place} on {day}, killing {n} civilians, residents said.",
    "Hundreds of teachers protested outside the governor's office in {place} on {day} over pay.",
    "Police arrested {n} suspected members of an armed group in {place} on {day}.",
    "Gunmen on motorbikes attacked a bus station in {place} on {day} and abducted {n} passengers.",
]
FILLER = "The city has seen repeated violence this year. Officials promised an investigation."


def corpus(n_docs: int) -> list[dict]:
    docs = []
    combos = itertools.cycle(itertools.product(TEMPLATES, PLACES, DAYS))
    for i in range(n_docs):
        template, place, day = next(combos)
        first = template.format(n=2 + i % 9, place=place, day=day)
        second = TEMPLATES[(i + 3) % len(TEMPLATES)].format(n=3 + i % 5, place=PLACES[(i + 4) % 10], day=day)
        text = (
            f"{first} {FILLER} In a separate incident, {second[0].lower()}{second[1:]}"
            if i % 3 == 0
            else first
        )
        docs.append({"id": f"doc-{i:04d}", "text": text, "published": f"2024-03-{1 + i % 28:02d}"})
    return docs


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from sitrep.spark import local_session

    session = local_session("local[2]", "sitrep-test")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def extracted(spark, tmp_path_factory):
    """Run both ways once on 300 documents plus two bad lines."""
    from typer.testing import CliRunner

    from sitrep.cli import app
    from sitrep.spark import run_extract

    tmp = tmp_path_factory.mktemp("spark")
    source = tmp / "articles.jsonl"
    lines = [json.dumps(d) for d in corpus(300)]
    lines.insert(10, "{this line is not json")
    lines.insert(20, json.dumps({"id": "blank", "text": "   "}))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    local = tmp / "local.jsonl"
    result = CliRunner().invoke(app, ["extract", str(source), "--output", str(local)])
    assert result.exit_code == 0, result.output
    counts = run_extract(spark, str(source), str(tmp / "out"))
    return tmp, local, counts


def _key(record: dict) -> tuple:
    return record["doc_id"], record["record_type"], record.get("event_id") or record.get("aggregate_id")


def test_spark_output_equals_sitrep_extract(extracted):
    import pandas as pd

    from sitrep.spark import contract_dict

    tmp, local, counts = extracted
    expected = {}
    for line in local.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        expected[_key(record)] = record
    got = {}
    for row in pd.read_parquet(tmp / "out").to_dict("records"):
        record = contract_dict(row)
        got[_key(record)] = record
    assert len(expected) > 300  # every document yields at least one event, some two
    assert set(got) == set(expected)
    differing = [k for k in expected if got[k] != expected[k]]
    assert not differing, (
        differing[:3],
        [got[k] for k in differing[:1]],
        [expected[k] for k in differing[:1]],
    )
    assert counts["event"] == sum(1 for k in expected if k[1] == "event")


def test_bad_documents_are_set_aside_with_a_reason(extracted):
    import pandas as pd

    tmp, _local, counts = extracted
    rejected = pd.read_parquet(tmp / "out_rejected")
    assert counts["rejected"] == 2
    assert sorted(rejected["reason"].str.split(" ").str[0]) == ["line", "no"]
    assert "blank" in set(rejected["source"])


def test_merge_keeps_every_report_exactly_once(spark, extracted):
    from sitrep.spark import merge_events_frame

    tmp, _local, _counts = extracted
    events = spark.read.parquet(str(tmp / "out"))
    event_ids = [r["event_id"] for r in events.filter("record_type = 'event'").select("event_id").collect()]
    merged = merge_events_frame(events).select("canonical_id", "mention_ids", "country", "admin1").collect()
    mentions = [m for row in merged for m in row["mention_ids"]]
    assert sorted(mentions) == sorted(event_ids)
    # Reports share a group only when country and admin1 agree.
    by_id = {r["event_id"]: r for r in events.select("event_id", "iso3", "admin1").collect()}
    for row in merged:
        keys = {(by_id[m]["iso3"], by_id[m]["admin1"]) for m in row["mention_ids"]}
        assert len(keys) == 1
    # The corpus repeats the same place and day, so some reports must have merged.
    assert len(merged) < len(event_ids)


def test_window_start_groups_days():
    import datetime as dt

    from sitrep.spark import window_start

    monday = dt.date(2024, 3, 4)
    starts = {window_start(monday + dt.timedelta(days=i), 4) for i in range(8)}
    assert len(starts) in (2, 3)
    assert window_start(None) == -1
    assert window_start(monday, 4) <= monday.toordinal() < window_start(monday, 4) + 4
