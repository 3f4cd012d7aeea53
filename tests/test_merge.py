"""Merging reports of one event across articles: pure functions over `sitrep.records.Event`.

The reports are written for these tests: several outlets describing invented attacks in the styles
news agencies use (early and revised tolls, district-level vs. town-level places, one-day date slips).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.merge import (
    MergeIndex,
    campaign_days,
    divide_total,
    load_rules,
    merge_events,
    reconcile_fatalities,
    split_campaign,
)
from sitrep.merge.rules import parse_rules
from sitrep.records import Event, Span

RULES = load_rules()


def span(text: str) -> Span:
    return Span(start=0, end=len(text), text=text)


QUETTA = dict(
    country="Pakistan",
    iso3="PAK",
    admin1="Balochistan",
    admin2="Quetta",
    location="Quetta",
    latitude=30.19,
    longitude=67.01,
    geo_precision=1,
)


def report(
    event_id: str,
    *,
    doc: str | None = None,
    day: str = "2025-03-09",
    published: str | None = None,
    source: str = "Outlet",
    sentence: str = "",
    fatal: str | None = None,
    fatalities: int | None = None,
    **fields,
) -> Event:
    evidence = {}
    if sentence:
        evidence["event_type"] = [span(sentence)]
    if fatal:
        evidence["fatalities"] = [span(fatal)]
    values = dict(
        event_type="Explosions/Remote violence",
        sub_event_type="Suicide bomb",
        time_precision=1,
        **QUETTA,
    )
    values.update(fields)
    return Event(
        event_id=event_id,
        doc_id=doc or f"doc-{event_id}",
        event_date=dt.date.fromisoformat(day),
        published=dt.date.fromisoformat(published or day),
        source=source,
        evidence=evidence,
        fatalities=fatalities,
        fatalities_low=fatalities,
        fatalities_high=fatalities,
        **values,
    )


STATION_A = report(
    "a",
    source="Dawn",
    fatalities=20,
    fatal="20 people were killed",
    sentence="suicide bomber blew himself up at the crowded railway station in Quetta",
    actor1="BLA: Balochistan Liberation Army",
)
STATION_B = report(
    "b",
    source="Reuters",
    day="2025-03-10",
    published="2025-03-10",
    fatalities=24,
    fatal="killing 24 people",
    sentence="a suicide bombing at Quetta railway station platform",
)
STATION_C = report(
    "c",
    source="AP",
    day="2025-03-09",
    published="2025-03-11",
    fatalities=26,
    fatal="the death toll from the station bombing rose to 26",
    sentence="the death toll from the railway station suicide bombing in Quetta",
    actor1="BLA: Balochistan Liberation Army (2000-)",
)


# -- the division rule and campaign splitting ---------------------------------------------------------
def test_division_rule_gives_the_remainder_to_the_first_day():
    assert divide_total(10, 3) == [4, 3, 3]
    assert divide_total(2, 3) == [2, 0, 0]
    assert divide_total(9, 3) == [3, 3, 3]
    with pytest.raises(ValueError):
        divide_total(5, 0)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=60))
def test_division_rule_keeps_the_total_and_is_even(total, days):
    shares = divide_total(total, days)
    assert sum(shares) == total and len(shares) == days
    assert max(shares[1:], default=shares[0]) == min(shares[1:], default=shares[0])
    assert 0 <= shares[0] - shares[-1] < days


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("from 3 to 5 May", [3, 4, 5]),
        ("between 12 and 14 May", [12, 13, 14]),
        ("on 3 and 5 May", [3, 5]),
        ("on May 7, 8 and 10", [7, 8, 10]),
        ("May 20-21", [20, 21]),
        ("on 5 May", []),
        ("from 1 to 31 May", []),  # a whole month is a period, not days of activity
        ("on 30 and 31 June", []),  # not a date
    ],
)
def test_campaign_days_come_only_from_the_text(phrase, expected):
    assert [d.day for d in campaign_days(phrase, 2025)] == expected


def test_a_campaign_splits_into_one_event_per_day_with_the_total_divided():
    event = report("x", day="2025-05-04", fatalities=10, fatal="10 militants were killed")
    event.evidence["event_date"] = [span("between 3 and 5 May")]
    parts = split_campaign(event)
    assert [p.event_date.day for p in parts] == [3, 4, 5]
    assert [p.fatalities for p in parts] == [4, 3, 3]
    assert {p.time_precision for p in parts} == {1}
    assert len({p.event_id for p in parts}) == 3
    assert "ACLED's rule" in parts[0].notes


def test_no_split_without_days_in_the_text():
    event = report("x", fatalities=10, fatal="10 militants were killed in a week-long operation")
    event.evidence["event_date"] = [span("last week")]
    assert split_campaign(event) == [event]


# -- merging -------------------------------------------------------------------------------------------
def test_three_outlets_one_event_with_a_revised_toll():
    index = merge_events([STATION_C, STATION_A, STATION_B])
    assert index.groups() == [["a", "b", "c"]]
    (event,) = index.canonical_events()
    assert event.event_id == "a"  # the first report founds the event
    assert event.fatalities == 26  # AP's later report says the toll rose: the update wins
    assert (event.fatalities_low, event.fatalities_high) == (20, 26)
    assert event.source == "Dawn; Reuters; AP"
    assert event.event_date == dt.date(2025, 3, 9)  # two reports say the 9th, one the 10th


def test_toll_history_records_each_change():
    toll = reconcile_fatalities([STATION_A, STATION_B, STATION_C], RULES)
    assert [(c.event_id, c.fatalities) for c in toll.history] == [("a", 20), ("c", 26)]
    assert "rose to" in toll.history[-1].reason


def test_without_a_revision_the_lowest_credible_figure_wins():
    later_higher = STATION_C.model_copy(
        update={"evidence": {"fatalities": [span("26 people were killed")]}, "published": dt.date(2025, 3, 8)}
    )
    toll = reconcile_fatalities([STATION_B, later_higher], RULES)
    assert toll.fatalities == 24
    assert (toll.fatalities_low, toll.fatalities_high) == (24, 26)


def test_an_unstated_toll_is_not_a_credible_zero():
    silent = report("s", fatalities=0)  # the extractor's 0 for "nothing said", with no evidence
    toll = reconcile_fatalities([silent, STATION_A], RULES)
    assert toll.fatalities == 20


def test_each_merge_records_why():
    index = MergeIndex()
    first = index.add(STATION_A)
    second = index.add(STATION_B)
    assert not first.merged and second.merged and second.canonical_id == "a"
    assert second.comparison is not None
    assert set(second.comparison.features) == {
        "type",
        "date",
        "place",
        "actors",
        "fatalities",
        "text",
        "names",
    }
    assert second.comparison.score >= RULES.threshold
    reasons = second.reasons(RULES)
    assert reasons["score"] == second.comparison.score and reasons["rules"] == RULES.version


def test_near_miss_same_day_same_district_different_attack_stays_apart():
    shooting = report(
        "d",
        source="Geo",
        event_type="Battles",
        sub_event_type="Armed clash",
        fatalities=2,
        fatal="two policemen were shot dead",
        sentence="gunmen on motorbikes opened fire on a police checkpoint on Sariab Road",
        actor1="Unidentified Armed Group (Pakistan)",
        actor2="Police Forces of Pakistan",
    )
    index = merge_events([STATION_A, shooting])
    assert sorted(index.groups()) == [["a"], ["d"]]


def test_a_second_bombing_elsewhere_in_the_province_stays_apart():
    turbat = report(
        "t",
        source="Dawn",
        fatalities=20,
        fatal="20 people were killed",
        sentence="suicide bomber blew himself up at a bus stand",
        admin2="Kech",
        location="Turbat",
        latitude=26.00,
        longitude=63.06,
    )
    assert len(merge_events([STATION_A, turbat]).groups()) == 2


def test_a_district_level_report_matches_a_town_inside_the_district():
    town = report(
        "town",
        event_type="Battles",
        sub_event_type="Armed clash",
        admin2="Kech",
        location="Turbat",
        latitude=26.00,
        longitude=63.06,
        fatalities=4,
        fatal="four soldiers were killed",
        sentence="militants attacked a Frontier Corps camp near Turbat",
    )
    district = report(
        "district",
        event_type="Battles",
        sub_event_type="Armed clash",
        admin2="Kech",
        location="Kech",
        latitude=26.2,
        longitude=62.9,
        geo_precision=3,
        fatalities=4,
        fatal="four soldiers were killed",
        sentence="militants attacked a Frontier Corps camp in Kech district",
    )
    assert [sorted(g) for g in merge_events([town, district]).groups()] == [["district", "town"]]


@pytest.mark.parametrize(
    "change",
    [
        {"country": "Afghanistan", "iso3": "AFG", "admin1": "Kandahar"},
        {"event_date": dt.date(2025, 3, 14)},
        {"event_type": "Protests", "sub_event_type": "Peaceful protest"},
    ],
)
def test_gates_keep_apart_what_cannot_be_one_event(change):
    other = STATION_B.model_copy(update=change)
    assert len(merge_events([STATION_A, other]).groups()) == 2


def test_time_precision_widens_the_window():
    month = STATION_B.model_copy(update={"event_date": dt.date(2025, 3, 15), "time_precision": 3})
    assert len(merge_events([STATION_A, month]).groups()) == 1
    exact = STATION_B.model_copy(update={"event_date": dt.date(2025, 3, 15)})
    assert len(merge_events([STATION_A, exact]).groups()) == 2


def test_events_of_one_article_never_merge():
    twin = STATION_B.model_copy(update={"doc_id": STATION_A.doc_id})
    assert len(merge_events([STATION_A, twin]).groups()) == 2


def test_undo_splits_the_report_out_and_keeps_it_out():
    index = merge_events([STATION_A, STATION_B, STATION_C])
    decision = index.undo("c")
    assert decision.action == "undo"
    assert sorted(index.groups()) == [["a", "b"], ["c"]]
    kept = index.clusters["a"].canonical
    assert kept.fatalities == 20 and kept.source == "Dawn; Reuters"  # recomputed without AP's report
    # a rebuild that remembers the undo keeps them apart
    again = MergeIndex(cannot_link=index.cannot_link)
    for event in (STATION_A, STATION_B, STATION_C):
        again.add(event)
    assert sorted(again.groups()) == [["a", "b"], ["c"]]
    with pytest.raises(ValueError):
        index.undo("a")  # it founded the event: nothing to undo


def test_rules_must_have_weights_that_sum_to_one():
    data = {
        "threshold": 0.5,
        "weights": {**dataclasses.asdict(RULES)["weights"], "text": 0.9},
        "max_distance_km": {1: 10},
        "compatible_event_types": [],
        "revision_cues": [],
        "generic_actors": [],
        "stopwords": [],
    }
    with pytest.raises(ValueError, match="sum to 1"):
        parse_rules(data)


# -- scoring -----------------------------------------------------------------------------------------
def test_pairwise_and_bcubed_scores():
    from sitrep.merge.score import pairs_of, score_merge

    gold = pairs_of([["a", "b", "c"], ["d"]])
    predicted = pairs_of([["a", "b"], ["c", "d"]])
    scores = score_merge("abcd", gold, predicted)
    assert (scores.pairwise_precision, scores.pairwise_recall) == (0.5, round(1 / 3, 4))
    # B-cubed: a, b see 2/2 precise, 2/3 recalled; c sees 1/2, 1/3; d sees 1/2, 1/1
    assert scores.bcubed_precision == round((1 + 1 + 0.5 + 0.5) / 4, 4)
    assert scores.bcubed_recall == round((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, 4)
    perfect = score_merge("abcd", gold, gold)
    assert perfect.pairwise_f1 == perfect.bcubed_f1 == 1.0


# -- dates stated in figures, and the words around the evidence ------------------------------------------
def test_two_different_stated_days_are_two_events_but_a_relative_date_may_slip():
    from sitrep.merge.similarity import blocked, profile_of

    monday = STATION_A.model_copy(
        update={"evidence": {**STATION_A.evidence, "event_date": [span("on 9 March")]}}
    )
    tuesday = STATION_B.model_copy(
        update={"evidence": {**STATION_B.evidence, "event_date": [span("on 10 March")]}}
    )
    assert blocked(profile_of(monday, RULES), profile_of(tuesday, RULES), RULES) == "different stated days"
    relative = tuesday.model_copy(
        update={"evidence": {**STATION_B.evidence, "event_date": [span("yesterday")]}}
    )
    assert blocked(profile_of(monday, RULES), profile_of(relative, RULES), RULES) is None


def test_context_sentences_and_names_come_from_the_article():
    from sitrep.merge.similarity import context, profile_of, proper_names

    text = "Police said so. Gunmen shot dead a trader in Kismayo market on Friday. Markets reopened later."
    start = text.index("shot dead")
    event = STATION_A.model_copy(
        update={"evidence": {"event_type": [Span(start=start, end=start + 9, text="shot dead")]}}
    )
    assert context(event, text) == ["Gunmen shot dead a trader in Kismayo market on Friday."]
    profile = profile_of(event, RULES, text)
    assert profile.names == {"kismayo"}  # "Gunmen" opens the sentence; "Friday" is a calendar word
    assert {"trader", "kismayo", "market"} <= profile.tokens
    assert (
        proper_names(["GUNMEN SHOT DEAD A TRADER IN KISMAYO"], RULES) == frozenset()
    )  # wire copy in capitals


def test_words_shared_across_a_block_count_less():
    from sitrep.merge.similarity import Profile, block_rarity, compare, profile_of

    rarity = block_rarity(
        [Profile(tokens=frozenset({"forces", "ellacuria"})), Profile(tokens=frozenset({"forces"}))]
    )
    assert rarity == {"forces": 0.5, "ellacuria": 1.0}
    a = profile_of(STATION_A, RULES)
    b = profile_of(STATION_B, RULES)
    common = {word: 0.01 for word in a.tokens & b.tokens}
    assert compare(a, b, RULES, common).features["text"] < compare(a, b, RULES).features["text"]


def test_reports_naming_different_villages_stay_apart_even_when_both_are_coded_to_the_region():
    region = dict(admin2=None, location="Donetsk", latitude=48.02, longitude=37.80, geo_precision=3)
    texts = {
        "doc-v1": "On 7 May, rebel forces fired grenade launchers at army positions near Aldoria, Donetsk.",
        "doc-v2": "On 7 May, rebel forces fired grenade launchers at army positions near Belvik, Donetsk.",
        "doc-v3": "Rebels fired grenade launchers at posts near Aldoria village on 7 May, officials said.",
    }

    def village(eid: str, doc: str) -> Event:
        text = texts[doc]
        start = text.index("fired")
        return report(
            eid,
            doc=doc,
            day="2025-05-07",
            event_type="Battles",
            sub_event_type="Armed clash",
            **region,
        ).model_copy(update={"evidence": {"event_type": [Span(start=start, end=start + 5, text="fired")]}})

    events = [village("v1", "doc-v1"), village("v2", "doc-v2"), village("v3", "doc-v3")]
    index = merge_events(events, texts=texts)
    assert sorted(sorted(g) for g in index.groups()) == [["v1", "v3"], ["v2"]]


# -- follow-up reports dated by their dispatch, and province-level places ------------------------------
PUBLICATION_DATED = "date: publication date, the text gives none."


def follow_up(day: str, note: str = PUBLICATION_DATED) -> Event:
    """A later outlet's report of the station bombing whose text gives no date: dated at publication."""
    return STATION_B.model_copy(
        update={
            "event_id": "f",
            "doc_id": "doc-f",
            "event_date": dt.date.fromisoformat(day),
            "published": dt.date.fromisoformat(day),
            "notes": f"A suicide bomb in Quetta. {note}",
        }
    )


def test_a_follow_up_dated_at_its_publication_joins_the_earlier_event():
    index = merge_events([STATION_A, follow_up("2025-03-12")])
    assert index.groups() == [["a", "f"]]
    (event,) = index.canonical_events()
    assert event.event_date == dt.date(2025, 3, 9)  # the date the text gives, not the dispatch day
    assert "publication date" not in (event.notes or "")


def test_a_date_the_text_states_keeps_its_narrow_window():
    stated = follow_up("2025-03-12", note="")
    stated.evidence["event_date"] = [span("on 12 March")]
    assert len(merge_events([STATION_A, stated]).groups()) == 2


def test_a_publication_date_reaches_back_only_so_far_and_never_forward():
    reach = dt.timedelta(days=RULES.report_date_reach_days + 2)
    too_late = follow_up((dt.date(2025, 3, 9) + reach).isoformat())
    assert len(merge_events([STATION_A, too_late]).groups()) == 2
    before = follow_up("2025-03-06")  # published before the bombing: cannot report it
    assert len(merge_events([before, STATION_A]).groups()) == 2


def test_the_date_of_the_report_opens_the_window_like_the_publication_date():
    note = "date: the date of the report; the event is on or before it."
    dated_by_report = follow_up("2025-03-12", note=note)
    assert merge_events([STATION_A, dated_by_report]).groups() == [["a", "f"]]


def test_a_report_dated_at_publication_keeps_its_window_when_it_founds_the_event():
    # arriving first, the follow-up founds the event; the earlier-dated report still finds it
    later = STATION_A.model_copy(update={"published": dt.date(2025, 3, 12)})
    index = merge_events([follow_up("2025-03-11"), later])
    assert [sorted(g) for g in index.groups()] == [["a", "f"]]
    assert index.canonical_events()[0].event_date == dt.date(2025, 3, 9)


TURBAT = dict(admin2="Kech", location="Turbat", latitude=26.00, longitude=63.06, geo_precision=1)


def test_a_province_level_report_matches_a_town_far_inside_the_province():
    town = STATION_A.model_copy(update=TURBAT)
    # "in Balochistan", coded to the province's largest town, Quetta, 500 km from Turbat
    province = STATION_B.model_copy(update={"geo_precision": 3, "event_date": dt.date(2025, 3, 9)})
    assert [sorted(g) for g in merge_events([town, province]).groups()] == [["a", "b"]]


def test_a_province_level_report_of_another_province_stays_apart():
    town = STATION_A.model_copy(update=TURBAT)
    other = STATION_B.model_copy(
        update={
            "geo_precision": 3,
            "event_date": dt.date(2025, 3, 9),
            "admin1": "Sindh",
            "admin2": "Karachi",
            "location": "Karachi",
            "latitude": 24.86,
            "longitude": 67.01,
        }
    )
    assert len(merge_events([town, other]).groups()) == 2


def test_two_towns_far_apart_in_one_province_stay_apart():
    town = STATION_A.model_copy(update=TURBAT)
    assert len(merge_events([town, STATION_B]).groups()) == 2


# -- a day apart needs more than type and place ------------------------------------------------------------
def _bare(event_id: str, day: str, sentence: str) -> Event:
    """An upper-case wire report: no names the merge can read, no named actors, no toll."""
    return report(event_id, day=day, sentence=sentence, sub_event_type="Remote explosive/landmine/IED")


def test_a_day_apart_with_only_type_and_place_in_common_stays_apart():
    from sitrep.merge.similarity import UNCORROBORATED, compare, profile_of

    first = _bare("p", "2025-03-09", "A BOMB EXPLODED OUTSIDE A BANK BRANCH IN QUETTA")
    second = _bare("q", "2025-03-10", "DYNAMITE DAMAGED THE OFFICES OF A PARTY IN QUETTA")
    result = compare(profile_of(first, RULES), profile_of(second, RULES), RULES)
    assert result.gate == UNCORROBORATED and result.score >= RULES.threshold  # the score alone would merge
    assert merge_events([first, second]).groups() == [["p"], ["q"]]


def test_a_day_apart_merges_when_something_particular_is_shared():
    first = _bare("p", "2025-03-09", "A BOMB EXPLODED OUTSIDE THE ZARGHOON BANK BRANCH IN QUETTA")
    # the same toll stated by both reports ties them to one incident
    a = first.model_copy(update={"fatalities": 3, "evidence": {**first.evidence, "fatalities": [span("3")]}})
    b = _bare("q", "2025-03-10", "THREE DIED WHEN A BOMB WENT OFF AT A QUETTA BANK")
    b = b.model_copy(update={"fatalities": 3, "evidence": {**b.evidence, "fatalities": [span("3")]}})
    assert merge_events([a, b]).groups() == [["p", "q"]]
    # the same day needs no more than the score
    same_day = _bare("r", "2025-03-09", "DYNAMITE DAMAGED A BANK BRANCH IN QUETTA")
    assert merge_events([first, same_day]).groups() == [["p", "r"]]


def test_station_reports_a_day_apart_still_merge_on_their_names_and_actors():
    index = merge_events([STATION_A, STATION_B, STATION_C])
    assert index.groups() == [["a", "b", "c"]]


# -- precision gates: distinct places, attackers or tolls of one day are distinct events ----------------
def _profile(event: Event, text: str):
    from sitrep.merge.similarity import profile_of

    return profile_of(event, RULES, text)


def _gate(a: Event, text_a: str, b: Event, text_b: str) -> str | None:
    from sitrep.merge.similarity import blocked

    return blocked(_profile(a, text_a), _profile(b, text_b), RULES)


SHELLING = "Army artillery shelled the village of Darwesh Kalay in the hills east of Quetta on Sunday."
STRIKE = "Rebel fighters destroyed an army truck with a rocket near Quetta on Sunday."


def test_a_one_sided_attack_and_the_other_sides_strike_back_stay_apart():
    shelling = report(
        "s1",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Pakistan (2018-)",
        sentence=SHELLING,
    )
    strike = report(
        "s2",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="BLA: Balochistan Liberation Army",
        actor2="Military Forces of Pakistan (2018-)",
        sentence=STRIKE,
    )
    assert _gate(shelling, SHELLING, strike, STRIKE) == "different attackers of a one-sided attack"
    assert len(merge_events([shelling, strike], texts={"doc-s1": SHELLING, "doc-s2": STRIKE}).groups()) == 2


def test_outlets_blaming_different_attackers_for_one_massacre_are_not_kept_apart_by_it():
    text_a = "Soldiers killed six villagers in Quetta on Sunday, the rebels said."
    text_b = "Rebels killed six villagers in Quetta on Sunday, the army said."
    by_army = report(
        "m1",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        sentence=text_a,
        actor1="Military Forces of Pakistan (2018-)",
        actor2="Civilians (Pakistan)",
    )
    by_rebels = report(
        "m2",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        sentence=text_b,
        actor1="BLA: Balochistan Liberation Army",
        actor2="Civilians (Pakistan)",
    )
    assert _gate(by_army, text_a, by_rebels, text_b) is None  # same victims: a dispute, not two attacks


VILLAGE_A = "Gunmen killed four farmers in Sarangzai in Quetta district on Sunday."
VILLAGE_B = "Gunmen killed a shopkeeper in Quetta district on Sunday."


def _gunmen(event_id: str, toll: int, sentence: str, published: str = "2025-03-09", **fields) -> Event:
    return report(
        event_id,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1="Unidentified Armed Group (Pakistan)",
        actor2="Civilians (Pakistan)",
        fatalities=toll,
        fatal=sentence,
        sentence=sentence,
        published=published,
        **fields,
    )


def test_first_tolls_that_disagree_with_a_village_only_one_report_names_stay_apart():
    four = _gunmen("v1", 4, VILLAGE_A)
    one = _gunmen("v2", 1, VILLAGE_B)
    assert _gate(four, VILLAGE_A, one, VILLAGE_B) == "tolls that disagree, and a place only one report names"


def test_a_higher_toll_a_day_later_or_a_revision_is_an_update_not_another_attack():
    one = _gunmen("v2", 1, VILLAGE_B)
    later = _gunmen("v3", 4, VILLAGE_A, published="2025-03-10")
    assert _gate(one, VILLAGE_B, later, VILLAGE_A) is None
    revised_text = "The toll from the attack in Sarangzai rose to 4, officials said."
    revised = _gunmen("v4", 4, revised_text)
    assert _gate(one, VILLAGE_B, revised, revised_text) is None
    close = _gunmen("v5", 2, VILLAGE_A)  # 1 and 2: outlets disagree that much about one attack
    assert _gate(one, VILLAGE_B, close, VILLAGE_A) is None


def test_two_villages_each_unknown_to_the_other_report_are_two_events():
    text_a = "Artillery shelled the village of Darwesh Kalay in the Chiltan hills on Sunday."
    text_b = "Artillery shelled the village of Kuchlak Bala in the Chiltan hills on Sunday."
    a = report("p1", sub_event_type="Shelling/artillery/missile attack", sentence=text_a)
    b = report("p2", sub_event_type="Shelling/artillery/missile attack", sentence=text_b)
    assert _gate(a, text_a, b, text_b) == "different places named"  # the shared hills do not make one place
    finer = "Artillery shelled the Chiltan hills on Sunday."
    c = report("p3", sub_event_type="Shelling/artillery/missile attack", sentence=finer)
    assert _gate(a, text_a, c, finer) is None  # one report is only less precise


def test_a_coded_town_against_a_village_the_other_report_never_mentions():
    town = report(
        "t1",
        sentence="A bomb went off in Pishin on Sunday.",
        admin2="Pishin",
        location="Pishin Bazaar",
        latitude=30.58,
        longitude=66.99,
    )
    town.evidence["location"] = [span("Pishin")]
    text_b = "A bomb went off near Karezat on Sunday."
    village = report(
        "t2",
        sentence=text_b,
        admin2="Pishin",
        location="Pishin",
        geo_precision=3,
        latitude=30.58,
        longitude=66.99,
    )
    assert _gate(town, "A bomb went off in Pishin on Sunday.", village, text_b) == "different places named"
    text_c = "A bomb went off near Karezat, outside Pishin, on Sunday."
    mentions = village.model_copy(update={"doc_id": "doc-t3"})
    assert _gate(town, "A bomb went off in Pishin on Sunday.", mentions, text_c) is None


def test_a_report_without_a_place_gets_place_credit_only_when_its_words_agree():
    """A report that names no place is no evidence against the other's place, but only the words around the
    evidence can say it is the same incident: a placeless report fits every incident of the country's day."""
    from sitrep.merge.similarity import compare, profile_of

    placed = report(
        "placed",
        sentence="gunmen seized the mayor of Quetta outside the municipal water works on Monday",
    )
    unplaced_fields = dict(
        admin1=None, admin2=None, location=None, latitude=None, longitude=None, geo_precision=None
    )
    same_words = report(
        "same",
        sentence="the mayor was seized by gunmen outside the municipal water works",
        **unplaced_fields,
    )
    other_words = report("other", sentence="a convoy of trucks was hit on a mountain road", **unplaced_fields)
    agree = compare(profile_of(placed, RULES), profile_of(same_words, RULES), RULES)
    differ = compare(profile_of(placed, RULES), profile_of(other_words, RULES), RULES)
    assert agree.features["text"] >= RULES.corroboration["text"]
    assert agree.features["place"] == 0.5
    assert differ.features["place"] == 0.2


# -- twin bridges: one article's two reports of one incident ----------------------------------------------
BLA = "BLA: Balochistan Liberation Army"
BLAST = "a suicide bomber blew himself up at the crowded railway station in Quetta"
FUNERAL = "mourners carried the coffins of the porters and ticket clerks along Jinnah Road"


def _twins_of(doc: str, published: str, source: str, **second) -> list[Event]:
    """An article that tells the station bombing twice: the blast, then the funerals of its victims."""
    blast = report(f"{doc}1", doc=doc, published=published, source=source, actor1=BLA, sentence=BLAST)
    second = {"sentence": FUNERAL, **second}
    funeral = report(f"{doc}2", doc=doc, published=published, source=source, **second)
    return [blast, funeral]


def _with_bridges(on: bool):
    return dataclasses.replace(RULES, twin_bridges=on)


def test_twins_in_two_events_bridge_them_into_one():
    reports = _twins_of("m", "2025-03-09", "Dawn") + _twins_of("n", "2025-03-10", "Geo", actor1=BLA)
    apart = merge_events(reports, _with_bridges(False))
    assert sorted(apart.groups()) == [["m1", "n1"], ["m2", "n2"]]  # the same-article gate splits them
    index = merge_events(reports, _with_bridges(True))
    assert sorted(map(sorted, index.groups())) == [["m1", "m2", "n1", "n2"]]
    (event,) = index.clusters.values()
    assert event.canonical_id == "m1"  # the older event keeps its id
    bridges = [d for d in event.decisions if d.action == "bridge"]
    assert bridges and bridges[0].reasons(RULES)["why"] == "twin bridge: reports m2 and m1 of article m"
    assert bridges[0].comparison is not None and bridges[0].comparison.score >= RULES.threshold


def test_twins_need_one_day_one_place_and_attackers_that_agree():
    from sitrep.merge.similarity import twins

    blast, funeral = _twins_of("m", "2025-03-09", "Dawn")
    assert twins(blast, funeral, RULES)
    assert not twins(blast, funeral.model_copy(update={"doc_id": "other"}), RULES)
    assert not twins(blast, funeral.model_copy(update={"event_date": dt.date(2025, 3, 10)}), RULES)
    assert not twins(blast, funeral.model_copy(update={"location": "Sariab"}), RULES)
    assert not twins(blast, funeral.model_copy(update={"actor1": "TTP: Tehrik-i-Taliban Pakistan"}), RULES)
    assert not twins(blast, funeral.model_copy(update={"event_type": "Protests"}), RULES)


def test_a_near_miss_in_one_article_same_day_same_district_stays_apart():
    """The article also tells of gunmen shooting at a checkpoint in Sariab that day: another attack."""
    shooting = dict(
        location="Sariab",
        latitude=30.15,
        longitude=66.99,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="TTP: Tehrik-i-Taliban Pakistan",
        sentence="gunmen on motorbikes opened fire on a police checkpoint in Sariab",
    )
    reports = _twins_of("m", "2025-03-09", "Dawn", **shooting)
    reports += _twins_of("n", "2025-03-10", "Geo", **shooting)
    index = merge_events(reports, _with_bridges(True))
    assert sorted(map(sorted, index.groups())) == [["m1", "n1"], ["m2", "n2"]]
    assert not any(d.action == "bridge" for c in index.clusters.values() for d in c.decisions)


def test_undo_after_a_bridge_splits_it_and_keeps_it_split():
    rules = _with_bridges(True)
    reports = _twins_of("m", "2025-03-09", "Dawn") + _twins_of("n", "2025-03-10", "Geo", actor1=BLA)
    index = merge_events(reports, rules)
    decision = index.undo("m2")  # its latest decision is the bridge of m2's event into m1's
    assert decision.action == "undo"
    assert sorted(map(sorted, index.groups())) == [["m1", "n1", "n2"], ["m2"]]
    assert index.clusters["m2"].canonical.source == "Dawn"
    again = MergeIndex(rules, cannot_link=index.cannot_link)
    for event in reports:
        again.add(event)
    assert sorted(map(sorted, again.groups())) == [["m1", "n1", "n2"], ["m2"]]
    with pytest.raises(ValueError):
        index.undo("m2")  # now its own event's founder: nothing left to undo
