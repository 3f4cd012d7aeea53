"""The MUC-4 gold builder of `bench/merge_eval.py`: which invented answer keys describe one incident."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

from sitrep.records import Event, Span

_PATH = Path(__file__).resolve().parent.parent / "bench" / "merge_eval.py"
_SPEC = importlib.util.spec_from_file_location("merge_eval", _PATH)
assert _SPEC and _SPEC.loader
merge_eval = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(merge_eval)


def _row(
    doc: str,
    location: str,
    target: str = "MAYOR JUAN PEREZ",
    date: str = "04 MAR 90",
    slot: str = "hum_tgt_name",
) -> dict:
    template = {
        "incident_date": date,
        "incident_type": "ATTACK",
        "incident_location": location,
        slot: [{"optional": False, "alternatives": [target]}],
    }
    return {"id": doc, "gold": {"templates": [template]}}


def test_a_neighbourhood_lies_inside_its_city():
    bridge = {"target": "STONE BRIDGE", "slot": "phys_tgt_id"}
    rows = [
        _row("a", "NARNIA: CAIR PARAVEL (CITY): OLD QUARTER (NEIGHBORHOOD)", **bridge),
        _row("b", "NARNIA: CAIR PARAVEL (CITY)", **bridge),
        _row("c", "NARNIA", **bridge),
        _row("d", "NARNIA: BEAVERSDAM (TOWN)", **bridge),
    ]
    links = {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)}
    assert links == {("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")}


def test_alternative_locations_each_count():
    bridge = {"target": "STONE BRIDGE", "slot": "phys_tgt_id"}
    rows = [
        _row("a", "(NARNIA: CAIR PARAVEL (CITY)) / (NARNIA: BEAVERSDAM (TOWN))", **bridge),
        _row("b", "NARNIA: BEAVERSDAM (TOWN)", **bridge),
        _row("c", "NARNIA: BEAVERSDAM (TOWN)", target="MILL", slot="phys_tgt_id"),
        _row("d", "NARNIA: BEAVERSDAM (TOWN)", date="05 MAR 90", **bridge),
    ]
    assert {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)} == {("a", "b")}


def test_open_dates_are_not_incident_days():
    """ "- 04 MAR 90" says "on or before the report's day": a shared report day and one target word ("JUDGE")
    is no incident in common, a shared victim is."""
    rows = [
        _row("a", "NARNIA", target="JUDGE ANNA MOSS", date="- 04 MAR 90"),
        _row("b", "NARNIA", target="JUDGE PETER QUILL", date="- 04 MAR 90"),
        _row("c", "NARNIA", target="ANNA MOSS", date="04 MAR 90"),
    ]
    assert {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)} == {("a", "c")}


def test_ranges_overlap_and_first_names_alone_are_two_people():
    rows = [
        _row("a", "NARNIA", target="CARLOS DAWSON", date="02 MAR 90 - 05 MAR 90"),
        _row("b", "NARNIA", target="CARLOS DAWSON", date="04 MAR 90"),
        _row("c", "NARNIA", target="LUIS CARLOS FENN", date="04 MAR 90"),
        _row("d", "NARNIA", target="CARLOS DAWSEN", date="(03 MAR 90) / (- 08 MAR 90)"),
    ]
    links = {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)}
    # d's "on or before 8 March" holds b's 4 March, and the victim is one man spelled two ways.
    assert links == {("a", "b"), ("a", "d"), ("b", "d")}


def test_a_stated_day_meets_a_later_report_day_within_a_month():
    rows = [
        _row("a", "NARNIA", target="ANNA MOSS", date="04 MAR 90"),
        _row("b", "NARNIA", target="ANNA MOSS", date="- 06 MAR 90"),
        _row("c", "NARNIA", target="ANNA MOSS", date="- 02 MAR 90"),  # before the incident
        _row("d", "NARNIA", target="ANNA MOSS", date="- 15 APR 90"),  # six weeks after
    ]
    links = {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)}
    assert links == {("a", "b"), ("b", "c")}  # b and c: two report days four days apart


def test_a_name_in_the_description_slot_is_a_victim():
    a = _row("a", "NARNIA: CAIR PARAVEL (CITY)", target="ANNA MOSS")
    b = _row("b", "NARNIA", target="DR ANNA MOSS", slot="hum_tgt_description")
    c = _row("c", "NARNIA", target="JUDGE", slot="hum_tgt_description")
    links = {tuple(sorted(link)) for link in merge_eval.muc4_gold([a, b, c])}
    assert links == {("a", "b")}


def test_a_skipped_level_is_no_other_place():
    mill = {"target": "WATER MILL", "slot": "phys_tgt_id"}
    rows = [
        _row("a", "NARNIA: CAIR PARAVEL (CITY): OLD QUARTER (NEIGHBORHOOD)", **mill),
        _row("b", "NARNIA: OLD QUARTER (NEIGHBORHOOD)", **mill),
        _row("c", "NARNIA: OLD QUARTER (NEIGHBORHOOD): CAIR PARAVEL (CITY)", **mill),  # levels reversed
    ]
    assert {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)} == {("a", "b"), ("b", "c")}


def test_a_named_victim_is_one_incident_in_one_country_within_a_day():
    rows = [
        _row("a", "NARNIA: CAIR PARAVEL (CITY)", target="ANNA MOSS", date="04 MAR 90"),
        _row("b", "NARNIA: WESTERN MARCHES (DEPARTMENT)", target="ANNA MOSS", date="05 MAR 90"),
        _row("c", "ARCHENLAND", target="ANNA MOSS", date="04 MAR 90"),  # another country
        _row("d", "NARNIA: BEAVERSDAM (TOWN)", target="ANNA MOSS", date="07 MAR 90"),  # three days on
    ]
    assert {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)} == {("a", "b")}


def test_plural_and_singular_target_words_are_one_word():
    """ "TWO LIGHTHOUSES" and "LIGHTHOUSE KEEPER" share a word; "BUS" and "PRESS" keep their final S."""
    rows = [
        _row("a", "NARNIA", target="TWO LIGHTHOUSES", slot="phys_tgt_id"),
        _row("b", "NARNIA", target="LIGHTHOUSE KEEPER", slot="hum_tgt_description"),
        _row("c", "NARNIA", target="LIGHTHOUSES", slot="phys_tgt_id", date="05 MAR 90"),  # another day
    ]
    assert {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)} == {("a", "b")}
    assert [merge_eval._singular(w) for w in ("MONKS", "PRESS", "BUS", "GUNS")] == [
        "MONK",
        "PRESS",
        "BUS",
        "GUNS",
    ]


def _dispatched(row: dict, dateline: str) -> dict:
    return {**row, "text": f"   {dateline} (NARNIA RADIO) -- [TEXT] A BOMB WENT OFF."}


def test_a_key_date_months_after_its_dispatch_is_read_a_year_earlier():
    """A January dispatch whose key dates the incident "16 NOV 90" tells of November 1989: an incident cannot
    follow its report. A key a day after its dateline is a slip of a day, not of a year."""
    mill = {"target": "WATER MILL", "slot": "phys_tgt_id"}
    rows = [
        _dispatched(_row("a", "NARNIA", date="16 NOV 89", **mill), "CAIR PARAVEL, 17 NOV 89"),
        _dispatched(_row("b", "NARNIA", date="16 NOV 90", **mill), "CAIR PARAVEL, 19 JAN 90"),
        _dispatched(_row("c", "NARNIA", date="04 MAR 90", **mill), "CAIR PARAVEL, 3 MAR 90"),
        _dispatched(_row("d", "NARNIA", date="04 MAR 90", **mill), "CAIR PARAVEL, NO DATE"),
        _row("e", "NARNIA", date="16 NOV 90", **mill),  # no dateline: the key's year stands
    ]
    assert {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)} == {("a", "b"), ("c", "d")}


def _event(doc: str, day: str, country: str = "Narnia", sentence: str = "") -> Event:
    evidence = {"event_type": [Span(start=0, end=len(sentence), text=sentence)]} if sentence else {}
    return Event(
        event_id=f"{doc}-0",
        doc_id=doc,
        event_date=dt.date.fromisoformat(day),
        time_precision=1,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        country=country,
        admin1="Lantern Waste",
        location="Cair Paravel",
        latitude=10.0,
        longitude=20.0,
        geo_precision=1,
        evidence=evidence,
    )


def test_reachable_counts_how_far_each_gold_pair_gets():
    bomb = "a car bomb went off outside the Cair Paravel mill, wounding the miller"
    events = [
        _event("a", "1990-03-04", sentence=bomb),
        _event("b", "1990-03-04", sentence=bomb),
        _event("c", "1990-03-04", country="Archenland"),  # another country
        _event("d", "1990-04-20"),  # six weeks later
    ]
    gold = {frozenset(pair) for pair in (("a", "b"), ("a", "c"), ("a", "d"), ("a", "e"))}  # e: no report
    assert merge_eval.reachable(gold, events, None) == {
        "both have reports": 3,
        "country agrees": 2,
        "and dates meet": 1,
        "and every gate passes": 1,
        "and score >= threshold": 1,
    }


def test_false_links_are_told_apart_by_the_keys(tmp_path):
    rows = [
        _row("a", "NARNIA", date="04 MAR 90"),
        _row("b", "NARNIA", target="MILL", slot="phys_tgt_id", date="04 MAR 90"),
        _row("c", "NARNIA", date="20 APR 90"),
        {"id": "d", "gold": {"templates": []}},
    ]
    (tmp_path / "muc4_train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:2]))
    (tmp_path / "muc4_dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[2:]))
    false = {frozenset(pair) for pair in (("a", "b"), ("a", "c"), ("b", "d"))}
    assert merge_eval.muc4_false_by(false, tmp_path) == {
        "keys share a day": 1,
        "keys share no day": 1,
        "a document whose keys hold no dated incident": 1,
    }


def test_the_embedding_benchmark_ranks_pairs_by_the_area_under_the_roc_curve():
    import numpy as np

    path = Path(__file__).resolve().parent.parent / "bench" / "merge_embeddings.py"
    spec = importlib.util.spec_from_file_location("merge_embeddings", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    gold = np.array([True, True, False, False])
    assert bench.auc(gold, np.array([0.9, 0.8, 0.2, 0.1])) == 1.0  # every gold pair ranks first
    assert bench.auc(gold, np.array([0.1, 0.2, 0.8, 0.9])) == 0.0
    assert bench.auc(gold, np.array([0.9, 0.1, 0.5, 0.5])) == 0.5  # one gold pair first, one last
