"""Segmentation: one frame per distinct event; background, future and statements are not events."""

from __future__ import annotations

from sitrep.extract import aggregates, segment
from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.sentences import split_sentences
from sitrep.extract.triggers import TriggerLexicon
from sitrep.records import Article

LEXICON = TriggerLexicon()


def frames(text: str) -> list[EventFrame]:
    ctx = ArticleContext(article=Article(id="s", text=text), sentences=split_sentences(text))
    _, only = aggregates.find_aggregates(ctx)
    return segment.segment(ctx, LEXICON.find(ctx.text, ctx.sentences), skip=only)


def test_references_back_join_the_event() -> None:
    text = (
        "Gunmen stormed a police station in Koti on Monday, killing five officers. "
        "The attack lasted two hours. "
        "The blast that followed destroyed the building. The incident was claimed by the Red Hand group."
    )
    found = frames(text)
    assert len(found) == 1
    assert found[0].sentences == [0, 1, 2, 3]


def test_another_attack_is_a_new_event() -> None:
    text = (
        "A roadside bomb killed three soldiers near Vira on Tuesday. "
        "Two civilians were killed in another attack in the same province."
    )
    assert [f.sentences for f in frames(text)] == [[0], [1]]


def test_a_different_day_or_country_is_a_new_event() -> None:
    text = (
        "Rebels shelled the town of Ema in Mali on 3 June. Rebels shelled the town of Ema on 9 June. "
        "In Ghana, police arrested twelve protesters."
    )
    assert [f.sentences for f in frames(text)] == [[0], [1], [2]]


def test_background_future_and_statements_are_not_events() -> None:
    text = (
        "The front has been fighting the government for a long time. "
        "The army says it will target the rebels' bases next month. "
        "The minister condemned the attacks on aid workers. "
        "In recent months there has been a wave of attacks in the north."
    )
    assert frames(text) == []


def test_a_running_total_is_not_an_event() -> None:
    text = (
        "The recent attacks, which started on Sunday, have killed more than 40 people. "
        "Nine people were killed in a bombing in Sama on Friday, bringing the death toll this week to 49."
    )
    found = frames(text)
    assert [f.sentences for f in found] == [[1]]
    assert all("toll" not in t.span.text for t in found[0].triggers)


def test_adjacent_sentences_continue_one_report() -> None:
    text = (
        "On 4 May 2020, clashes erupted between the army and militants near Tiko. "
        "Three militants were killed. 3 fatalities."
    )
    assert len(frames(text)) == 1


def test_non_conflict_sentences_are_dropped() -> None:
    text = "A landslide killed six miners in the north on Friday. Floods destroyed 40 homes."
    assert frames(text) == []
