"""The MUC-4 gold builder of `bench/merge_eval.py`: which invented answer keys describe one incident."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "bench" / "merge_eval.py"
_SPEC = importlib.util.spec_from_file_location("merge_eval", _PATH)
assert _SPEC and _SPEC.loader
merge_eval = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(merge_eval)


def _row(doc: str, location: str, target: str = "MAYOR JUAN PEREZ", date: str = "04 MAR 90") -> dict:
    template = {
        "incident_date": date,
        "incident_type": "ATTACK",
        "incident_location": location,
        "hum_tgt_name": [{"optional": False, "alternatives": [target]}],
    }
    return {"id": doc, "gold": {"templates": [template]}}


def test_a_neighbourhood_lies_inside_its_city():
    rows = [
        _row("a", "NARNIA: CAIR PARAVEL (CITY): OLD QUARTER (NEIGHBORHOOD)"),
        _row("b", "NARNIA: CAIR PARAVEL (CITY)"),
        _row("c", "NARNIA"),
        _row("d", "NARNIA: BEAVERSDAM (TOWN)"),
    ]
    links = {tuple(sorted(link)) for link in merge_eval.muc4_gold(rows)}
    assert links == {("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")}


def test_alternative_locations_each_count():
    rows = [
        _row("a", "(NARNIA: CAIR PARAVEL (CITY)) / (NARNIA: BEAVERSDAM (TOWN))"),
        _row("b", "NARNIA: BEAVERSDAM (TOWN)"),
        _row("c", "NARNIA: BEAVERSDAM (TOWN)", target="BRIDGE"),
        _row("d", "NARNIA: BEAVERSDAM (TOWN)", date="05 MAR 90"),
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
    assert links == {("a", "b"), ("a", "d")}
