"""`sitrep merge` on a JSONL file (bad lines set aside) and on a store (--undo, --rebuild)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitrep.cli import app
from test_merge import STATION_A, STATION_B, STATION_C

runner = CliRunner()


def test_merge_a_jsonl_file_skips_bad_lines(tmp_path):
    path = tmp_path / "events.jsonl"
    lines = [e.model_dump_json() for e in (STATION_A, STATION_B, STATION_C)]
    lines.insert(1, "{not json")
    lines.append(json.dumps({"record_type": "aggregate", "aggregate_id": "x", "doc_id": "d"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["merge", str(path), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    merged = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(merged) == 1 and merged[0]["mentions"] == ["a", "b", "c"]
    assert merged[0]["fatalities"] == 26 and merged[0]["source"] == "Dawn; Reuters; AP"
    assert merged[0]["merge_log"][1]["score"] > 0
    assert "skipped" in result.output and "line 2" in result.output


def test_merge_rebuild_and_undo_on_a_store(tmp_path):
    from sitrep.store import open_store
    from test_merge_store import _save_all

    url = f"sqlite:///{tmp_path / 'merge.db'}"
    store = open_store(url)
    _save_all(store)
    store.close()
    result = runner.invoke(app, ["merge", "--db", url, "--undo", "second-0"])
    assert result.exit_code == 0, result.output
    assert "second-0 is its own event again" in result.output
    result = runner.invoke(app, ["merge", "--db", url, "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "4 mention(s) → 3 event(s)" in result.output
    result = runner.invoke(app, ["merge", "--db", url, "--undo", "nope"])
    assert result.exit_code == 1 and "Cannot undo" in result.output
