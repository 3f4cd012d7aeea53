"""Set 3 of the merge evaluation: the bundled examples and our own reports of them (`examples/reports/`),
run through the real pipeline and the merge. Reports of one incident (other outlets, a revised toll a day
later, another dateline) must become one canonical event; attacks of the same day and district must not."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from sitrep.merge import merge_events
from sitrep.pipeline import Pipeline

_PATH = Path(__file__).resolve().parent.parent / "bench" / "merge_eval.py"
_SPEC = importlib.util.spec_from_file_location("merge_eval_examples", _PATH)
assert _SPEC and _SPEC.loader
merge_eval = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(merge_eval)


@pytest.fixture(scope="module")
def merged():
    articles, gold, label = merge_eval.examples_set()
    events = [
        r for _a, records in Pipeline().extract_many(articles) for r in records if r.record_type == "event"
    ]
    index = merge_events(events, texts={a.id: a.text for a in articles})
    return index, label


def test_the_listed_reports_hold_several_reports_per_incident_and_near_misses():
    _articles, gold, label = merge_eval.examples_set()
    incidents = set(label.values())
    assert len(label) >= 18 and len(incidents) >= 10
    assert len(gold) >= 10  # every bundled example has at least one other report


def test_each_incident_is_one_canonical_event(merged):
    index, label = merged
    clusters = [{label[m.doc_id] for m in cluster.mentions} for cluster in index.clusters.values()]
    assert all(len(incidents) == 1 for incidents in clusters), clusters  # nothing merged across incidents
    found = sorted(incident for (incident,) in clusters)
    assert found == sorted(set(label.values()))  # and no incident split in two


def test_the_canonical_events_list_every_outlet_and_keep_the_incident_day(merged):
    index, label = merged
    by_incident = {label[c.mentions[0].doc_id]: c.canonical for c in index.clusters.values()}
    bombing = by_incident["peshawar-bombing"]
    assert len(next(c for c in index.clusters.values() if c.canonical is bombing).mentions) == 3
    assert set(bombing.source.split("; ")) == {"Frontier Post", "Sitrep Wire", "Capital Desk"}
    assert str(bombing.event_date) == "2025-03-13"
    # Five killed on the day, six once a wounded soldier died: a revision updates the toll, and the
    # spread across reports stays in fatalities_low/high.
    douentza = by_incident["douentza-ied"]
    assert douentza.fatalities == 6
    assert (douentza.fatalities_low, douentza.fatalities_high) == (5, 6)


def test_follow_ups_that_revise_the_toll_update_the_event_and_its_summary(merged):
    # "The death toll from Thursday's suicide bombing ... rose to nine", "has risen to 12": the follow-ups
    # are events of their own incident, so the revision reaches the canonical event and its one-line notes.
    index, label = merged
    by_incident = {label[c.mentions[0].doc_id]: c.canonical for c in index.clusters.values()}
    assert by_incident["peshawar-bombing"].fatalities == 9
    assert by_incident["ariha-airstrike"].fatalities == 12
    assert "9 fatalities." in by_incident["peshawar-bombing"].notes
    assert " 7 fatalities." not in by_incident["peshawar-bombing"].notes
