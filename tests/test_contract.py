"""The output contract of `sitrep extract`: field names, types, offsets, formats, bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.export import write
from sitrep.records import ACLED_COLUMNS, Article, Event

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

EVENT_FIELDS = {
    "event_id",
    "doc_id",
    "record_type",
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "country",
    "iso3",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "injuries",
    "arrested",
    "claimed_by",
    "notes",
    "confidence",
    "evidence",
    "source",
    "url",
    "title",
    "published",
}
AGGREGATE_FIELDS = {
    "doc_id",
    "record_type",
    "fatalities",
    "qualifier",
    "period",
    "region",
    "evidence",
    "consistent_with",
}
EVENT_TYPES = {
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
}

BOMBING = (
    "KABUL, May 3, 2025 (Wire) – A suicide bomber killed six people at a checkpoint in Kabul on Saturday, "
    "police said. Islamic State claimed responsibility for the attack."
)


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


@pytest.fixture(scope="module")
def example_records() -> list[dict]:
    result = run_cli("extract", str(EXAMPLES), "--published", "2025-01-01")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_record_has_exactly_the_contract_fields(example_records):
    assert any(r["record_type"] == "event" for r in example_records)
    for record in example_records:
        if record["record_type"] == "event":
            assert set(record) == EVENT_FIELDS
        else:
            assert record["record_type"] == "aggregate"
            assert AGGREGATE_FIELDS <= set(record)


def test_field_types_and_vocabularies(example_records):
    for r in (r for r in example_records if r["record_type"] == "event"):
        assert r["event_type"] in EVENT_TYPES
        assert r["time_precision"] in (None, 1, 2, 3)
        assert r["geo_precision"] in (None, 1, 2, 3)
        for name in ("inter1", "inter2", "interaction", "fatalities", "injuries", "arrested"):
            assert r[name] is None or isinstance(r[name], int)
        assert 0.0 <= r["confidence"] <= 1.0
        if r["event_date"] is not None:
            assert len(r["event_date"]) == 10 and r["event_date"][4] == "-"


def test_evidence_offsets_point_at_the_quoted_text(example_records):
    from sitrep.ingest.files import read_inputs

    texts = {a.id: a.text for a in read_inputs(str(EXAMPLES))}
    checked = 0
    for record in example_records:
        for spans in record["evidence"].values():
            for span in spans:
                assert texts[record["doc_id"]][span["start"] : span["end"]] == span["text"]
                checked += 1
    assert checked > 0


def test_pipeline_records_are_typed(pipeline):
    records = pipeline.extract(Article(id="kabul", text=BOMBING))
    events = [r for r in records if isinstance(r, Event)]
    assert events and events[0].doc_id == "kabul"
    assert events[0].event_type == "Explosions/Remote violence"


def test_csv_keeps_acled_column_order(pipeline):
    records = pipeline.extract(Article(id="kabul", text=BOMBING))
    buffer = io.StringIO()
    write(records, buffer, "csv")
    header = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert "fatalities_low" in header[len(ACLED_COLUMNS) :]


def test_geojson_is_a_feature_collection(pipeline):
    records = pipeline.extract(Article(id="kabul", text=BOMBING))
    buffer = io.StringIO()
    write(records, buffer, "geojson")
    collection = json.loads(buffer.getvalue())
    assert collection["type"] == "FeatureCollection"
    assert collection["features"][0]["properties"]["doc_id"] == "kabul"


def test_stdin_and_jsonl_inputs(tmp_path):
    result = run_cli("extract", "-", stdin=BOMBING)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["doc_id"] == "stdin"

    rows = tmp_path / "in.jsonl"
    rows.write_text(
        json.dumps({"id": "a1", "text": BOMBING, "published": "2025-05-03", "url": "https://x.test/a1"})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "a2", "html": f"<html><body><article><p>{BOMBING}</p></article></body></html>"})
        + "\n",
        encoding="utf-8",
    )
    result = run_cli("extract", str(rows))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["doc_id"] for r in out} == {"a1", "a2"}
    assert next(r for r in out if r["doc_id"] == "a1")["url"] == "https://x.test/a1"
    assert "in.jsonl:2" in result.stderr and "not JSON" in result.stderr


def test_bad_documents_are_skipped_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(BOMBING, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "latin1.txt").write_bytes(BOMBING.replace("–", "-").encode("cp1252") + b" caf\xe9")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    result = run_cli("extract", str(tmp_path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    doc_ids = {json.loads(line)["doc_id"] for line in result.stdout.splitlines()}
    assert doc_ids == {"good.txt", "latin1.txt"}
    for name, reason in (("empty.txt", "empty"), ("binary.html", "binary"), ("notes.docx", "unsupported")):
        assert name in result.stderr and reason in result.stderr


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run_cli("extract", str(tmp_path))
    assert result.returncode != 0
    assert "Nothing to extract" in result.stderr


def test_bad_published_date_is_a_usage_error():
    result = run_cli("extract", "-", "--published", "20 May", stdin=BOMBING)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_worker_processes_give_the_same_records(example_records):
    result = run_cli("extract", str(EXAMPLES), "--published", "2025-01-01", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == example_records
