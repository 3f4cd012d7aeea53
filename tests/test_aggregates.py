"""Running totals become aggregates, never events, and are checked against the article's events."""

from __future__ import annotations

from sitrep.extract import aggregates
from sitrep.extract.context import ArticleContext
from sitrep.extract.sentences import split_sentences
from sitrep.records import Article, Event, Span


def find(text: str):
    ctx = ArticleContext(article=Article(id="a", text=text), sentences=split_sentences(text))
    found, only = aggregates.find_aggregates(ctx)
    return ctx, found, only


def test_bringing_the_total_to() -> None:
    text = (
        "Six people died in another raid on a bus depot, bringing the total number of people killed in "
        "raids in the last 48 hours to 15."
    )
    ctx, found, only = find(text)
    assert [(a.fatalities, a.period) for a in found] == [(15, "in the last 48 hours")]
    span = found[0].evidence["fatalities"][0]
    assert text[span.start : span.end] == span.text and span.text.startswith("bringing the total")
    assert only == set()  # the sentence also tells an event
    assert ctx.facts["aggregates"] == found


def test_recent_attacks_with_a_qualifier_and_a_period() -> None:
    text = "He said the recent attacks, which began on Friday and have killed more than 50 people, are over."
    _, found, only = find(text)
    assert [(a.fatalities, a.qualifier, a.period) for a in found] == [(50, "more than", "since Friday")]
    assert only == {0}


def test_recent_assaults_with_a_region() -> None:
    text = "The recent bomb assaults that killed thirty-one people in the Northern Province were condemned."
    _, found, _ = find(text)
    assert found and found[0].region and "Northern Province" in found[0].region


def test_death_toll_rose_to() -> None:
    _, found, only = find("By Sunday the death toll had risen to 212 across the region.")
    assert [a.fatalities for a in found] == [212] and only == {0}


def test_revised_toll_of_one_event_is_not_an_aggregate() -> None:
    # the event's own toll, updated (numbers.revised_tolls): the sentence stays in the event's frame
    _, found, only = find("By Sunday the death toll from the ferry bombing had risen to 21.")
    assert found == [] and only == set()


def test_a_plain_event_is_not_an_aggregate() -> None:
    _, found, only = find("Gunmen killed 12 soldiers at a checkpoint near Ruma on Monday.")
    assert found == [] and only == set()


def _event(event_id: str, fatalities: int, start: int, evidence: str, admin1: str | None = None) -> Event:
    spans = {"fatalities": [Span(start=start, end=start + len(evidence), text=evidence)]}
    return Event(event_id=event_id, doc_id="a", fatalities=fatalities, evidence=spans, admin1=admin1)


def test_consistency_counts_victims_when_attackers_are_in_the_event_total() -> None:
    text = "x" * 400 + " bringing the total killed in the last 24 hours to 20."
    _, found, _ = find(text)
    events = [
        _event("e1", 18, 10, "killing 12 soldiers ... claimed the lives of six combatants"),
        _event("e2", 8, 200, "Eight individuals were killed"),
        _event("e3", 26, 100, "26 persons were killed"),
    ]
    aggregates.check_consistency(found, events)
    assert sorted(found[0].consistent_with or []) == ["e1", "e2"]
    assert "12 (e1)" in (found[0].consistency_note or "") and "8 (e2)" in found[0].consistency_note


def test_inconsistent_totals_say_so() -> None:
    text = "x" * 300 + " The recent attacks have killed more than 70 people since Sunday."
    _, found, _ = find(text)
    aggregates.check_consistency(found, [_event("e1", 5, 10, "five were killed")])
    assert found[0].consistent_with == []
    assert "do not add up" in (found[0].consistency_note or "")


def test_events_told_after_the_total_or_elsewhere_are_left_out() -> None:
    text = "The recent raids that killed 9 people in Upper Lake are condemned." + " y" * 100
    _, found, _ = find(text)
    later = _event("late", 9, 150, "nine killed")
    elsewhere = _event("far", 9, 0, "nine killed", admin1="Coast")
    aggregates.check_consistency(found, [later, elsewhere])
    assert found[0].consistent_with == []
